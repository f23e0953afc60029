import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_REASONS } from '../../contract/errors.ts';
import { AppError, type ErrorReason } from '../errors.ts';

const REASONS = new Set<string>(ERROR_REASONS);

/** The JSON Schema keyword a value broke, as a stable reason a client words itself. */
function schemaReason(keyword: string, params: unknown): { reason: ErrorReason; limit?: number } {
  const reason = REASONS.has(keyword) ? (keyword as ErrorReason) : 'invalid';
  const limit = (params as { limit?: unknown } | undefined)?.limit;
  return typeof limit === 'number' ? { reason, limit } : { reason };
}

/** Maps Fastify's own errors (validation, parsing, limits) onto our error shape. */
export function toAppError(error: FastifyError): AppError | null {
  if (error instanceof AppError) return error;
  if (error.validation && error.validation.length > 0) {
    const v = error.validation[0]!;
    const where = (error.validationContext ?? 'body') as string;
    const params = v.params as
      { missingProperty?: string; additionalProperty?: string } | undefined;
    const named = params?.missingProperty ?? params?.additionalProperty;
    const path = [
      where,
      ...v.instancePath.split('/').filter(Boolean),
      ...(named ? [named] : []),
    ].join('.');
    const field = path.replace(/^(body|querystring|params|headers)\.?/, '') || where;
    // An unknown field is named as such, not as "must NOT have additional properties" of its parent.
    const message = params?.additionalProperty ? 'is not a field this request takes' : v.message;
    return new AppError(
      400,
      'validation',
      `${field}: ${message ?? 'is invalid'}`,
      field,
      undefined,
      schemaReason(v.keyword, v.params),
    );
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError(400, 'invalid_json', `body: ${error.message}`, 'body');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError(
        413,
        'payload_too_large',
        'body: larger than this server accepts',
        'body',
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError(
        415,
        'unsupported_media_type',
        'content-type: send application/json',
        'content-type',
      );
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError(
        400,
        'bad_request',
        'content-length: does not match the body',
        'content-length',
      );
  }
  if (error.statusCode === 429)
    return new AppError(429, 'rate_limited', 'too many requests: slow down');
  if (error instanceof SyntaxError || error.statusCode === 400)
    return new AppError(400, 'bad_request', error.message);
  if (error.statusCode === 413)
    return new AppError(413, 'payload_too_large', 'body: larger than this server accepts', 'body');
  if (error.statusCode === 415)
    return new AppError(415, 'unsupported_media_type', error.message, 'content-type');
  if (error.statusCode === 404) return new AppError(404, 'not_found', error.message);
  // A static path the file server refuses (`/%00`, `/%5c`) does not exist for the client.
  if (error.code === 'FST_STATIC_FORBIDDEN_PATH' || error.statusCode === 403)
    return new AppError(404, 'not_found', 'no such page');
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)
    return new AppError(error.statusCode, 'bad_request', error.message);
  return null;
}

/** The one central handler: known errors become `{code, message, field?}`; others a logged 500. */
export function errorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const known = toAppError(error);
  if (known) {
    void reply.status(known.status).send(known.toJSON());
    return;
  }
  request.log.error({ err: error }, 'unhandled error');
  void reply.status(500).send({ code: 'internal', message: 'internal error: it has been logged' });
}
