// The stable error codes of the REST API, data only: the server's `AppError` takes its codes from
// here, and the web app names each in the user's language (a test checks every code has its text
// in the three catalogs).

/** `code` of the one error shape `{code, message, field?, rule?, reason?, limit?}`. */
export const ERROR_CODES = [
  'bad_request',
  'invalid_json',
  'validation',
  'unauthorized',
  'invalid_credentials',
  'totp_required',
  'totp_enrolment_required',
  'session_required',
  'account_disabled',
  'forbidden',
  'csrf',
  'not_found',
  'conflict',
  'payload_too_large',
  'rate_limited',
  'tlp_violation',
  'unknown_audience',
  'unknown_member',
  /** A retired member or a closed group chosen for a new record. */
  'retired',
  'duplicate_object',
  'invalid_objects',
  'not_owner',
  'unsupported_media_type',
  'not_acceptable',
  'unknown_group',
  'not_co_chair',
  'approvals_missing',
  'invalid_rows',
  'empty_article',
  'not_text',
  'unsupported_language',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * `reason` of a `validation` error found by the request schema: the JSON Schema keyword the value
 * broke (with `limit` where the keyword has one), so a client can say what is wrong in its own
 * words. Other keywords are reported as `invalid`.
 */
export const ERROR_REASONS = [
  'required',
  'type',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minimum',
  'maximum',
  'pattern',
  'format',
  'enum',
  'additionalProperties',
  'invalid',
] as const;
export type ErrorReason = (typeof ERROR_REASONS)[number];
