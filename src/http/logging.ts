import type { FastifyRequest, FastifyServerOptions } from 'fastify';

/**
 * Structured logs (Fastify's pino, one JSON object a line) that never carry a secret: the request
 * line names method, path and a query string whose secret parameters are blanked; headers are not
 * logged, and the paths below are censored wherever a log call passes such an object along.
 */

export const REDACTED = '[REDACTED]';

/** Query parameters that carry a credential (the calendar feed's `?token=` is one). */
const SECRET_PARAMS = new Set(['token', 'access_token', 'password', 'secret', 'api_key']);

/** pino `redact` paths: headers, cookies and bodies as any log call might pass them. */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-csrf-token"]',
  'headers["set-cookie"]',
  'body.password',
  'body.new_password',
  'body.current_password',
  'body.token',
  'body.secret',
  'body.totp',
  'body.code',
  'body.recovery_code',
  '*.password',
  '*.secret',
  '*.token',
  '*.csrfToken',
  'password',
  'secret',
  'token',
];

function decodedName(part: string): string {
  const raw = part.split('=', 1)[0]!.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(raw).toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
}

/** The URL with the value of every secret query parameter replaced by `[REDACTED]`. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((part) => {
      if (!SECRET_PARAMS.has(decodedName(part))) return part;
      const eq = part.indexOf('=');
      return `${eq < 0 ? part : part.slice(0, eq)}=${REDACTED}`;
    })
    .join('&');
  return `${url.slice(0, q)}?${query}`;
}

/** What a log line says about a request: never its headers or body. */
function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** Where log lines go: standard output, or a stream a test reads. */
export interface LogStream {
  write(line: string): void;
}

export function loggerOptions(
  level: string,
  stream?: LogStream,
): NonNullable<FastifyServerOptions['logger']> {
  if (level === 'silent' && !stream) return false;
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    serializers: { req: serializeRequest },
  };
}
