import { mayChangeAccount } from './policy/roles.ts';
import type { Actor } from './policy/viewer.ts';

/** One error shape for every surface: a status, a stable code, a message naming the field. */
export type ErrorCode =
  | 'bad_request'
  | 'invalid_json'
  | 'validation'
  | 'unauthorized'
  | 'invalid_credentials'
  | 'totp_required'
  | 'totp_enrolment_required'
  | 'session_required'
  | 'account_disabled'
  | 'forbidden'
  | 'csrf'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'rate_limited'
  | 'tlp_violation'
  | 'unknown_audience'
  | 'unknown_member'
  /** A retired member or a closed group chosen for a new record. */
  | 'retired'
  | 'duplicate_object'
  | 'invalid_objects'
  | 'not_owner'
  | 'unsupported_media_type'
  | 'not_acceptable'
  | 'unknown_group'
  | 'not_co_chair'
  | 'approvals_missing'
  | 'invalid_rows'
  | 'empty_article'
  | 'not_text'
  | 'unsupported_language'
  | 'internal';

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    /** For sharing-rule violations: which rule (e.g. `tlp_red_recipients`), so a UI can translate it. */
    readonly rule?: string,
  ) {
    super(message);
  }

  toJSON(): { code: ErrorCode; message: string; field?: string; rule?: string } {
    return {
      code: this.code,
      message: this.message,
      ...(this.field ? { field: this.field } : {}),
      ...(this.rule ? { rule: this.rule } : {}),
    };
  }
}

export const badRequest = (field: string, message: string) =>
  new AppError(400, 'validation', `${field}: ${message}`, field);
export const notFound = (what = 'object') => new AppError(404, 'not_found', `${what} not found`);
export const forbidden = (message: string) => new AppError(403, 'forbidden', message);

/**
 * Account, security and administration changes are made by a person in a session: an API token of
 * any scope never changes an account (policy/roles.ts#mayChangeAccount).
 */
export function requireSession(actor: Pick<Actor, 'via'>): void {
  if (!mayChangeAccount(actor))
    throw new AppError(
      403,
      'session_required',
      'authorization: account and administration changes need a signed-in session, not an API token',
      'authorization',
    );
}
