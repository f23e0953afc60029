import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.ts';
import type { Actor } from '../policy/viewer.ts';

/** How credentials become an actor: given by the accounts capability when the app is built. */
export interface Authenticator {
  sessionCookie: string;
  fromToken(token: string): Promise<Actor | null>;
  fromSession(cookie: string): Promise<{
    actor: Actor;
    csrfToken: string;
    sessionId: string | null;
    /** The instance requires a second factor this user has not enrolled: only enrolment works. */
    enrolmentRequired: boolean;
  } | null>;
  fromPassword(username: string, password: string, address: string): Promise<Actor>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route checks its own credential (`/metrics`) or needs none (`/healthz`, `/readyz`). */
    ownCredentials?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
    /** Set when the request authenticated with the session cookie. */
    session: { token: string; csrfToken: string; id: string | null } | null;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** What a session may still do while the instance waits for its second factor. */
const ENROLMENT_ROUTES = new Set([
  'GET /api/v1/me',
  'PATCH /api/v1/me',
  'POST /api/v1/me/totp',
  'POST /api/v1/me/totp/confirm',
  'DELETE /api/v1/session',
]);

/**
 * Authenticates every request once: Bearer token, HTTP Basic (username with password or an API
 * token, for TAXII clients), or the session cookie. Cookie-authenticated writes must echo the
 * session's CSRF token in `x-csrf-token` (SameSite=Strict is the first line, this the second).
 */
export const authentication = fp(async (app: FastifyInstance, auth: Authenticator) => {
  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.ownCredentials) return;
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      request.actor = await auth.fromToken(header.slice(7).trim());
      if (!request.actor)
        throw new AppError(
          401,
          'unauthorized',
          'authorization: unknown or revoked token',
          'authorization',
        );
      return;
    }
    if (header?.startsWith('Basic ')) {
      const decoded = Buffer.from(header.slice(6), 'base64').toString();
      const colon = decoded.indexOf(':');
      const [user, secret] =
        colon < 0 ? [decoded, ''] : [decoded.slice(0, colon), decoded.slice(colon + 1)];
      const byToken = secret.startsWith('tsq_') ? await auth.fromToken(secret) : null;
      request.actor =
        byToken && byToken.username === user
          ? byToken
          : await auth.fromPassword(user, secret, request.ip);
      return;
    }
    const cookie = request.cookies[auth.sessionCookie];
    if (!cookie) return;
    const found = await auth.fromSession(cookie);
    if (!found) return;
    request.actor = found.actor;
    request.session = { token: cookie, csrfToken: found.csrfToken, id: found.sessionId };
    const route = `${request.method} ${request.url.split('?')[0]}`;
    if (found.enrolmentRequired && route.includes(' /api/') && !ENROLMENT_ROUTES.has(route))
      throw new AppError(
        403,
        'totp_enrolment_required',
        'totp: this installation requires a second factor: enrol one on your account page first',
        'totp',
      );
    if (UNSAFE.has(request.method) && request.headers['x-csrf-token'] !== found.csrfToken) {
      throw new AppError(
        403,
        'csrf',
        'x-csrf-token: missing or wrong for this session',
        'x-csrf-token',
      );
    }
  });
});

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError(401, 'unauthorized', 'log in or send an API token');
  return request.actor;
}
