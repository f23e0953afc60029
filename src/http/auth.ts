import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/index.ts';
import { AppError } from '../errors.ts';
import type { Actor } from '../policy/viewer.ts';
import {
  actorFromApiToken,
  actorFromSession,
  checkCredentials,
  SESSION_COOKIE,
} from '../members/auth.service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** Set when the request authenticated with the session cookie. */
    session: { token: string; csrfToken: string } | null;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Authenticates every request once: Bearer token, HTTP Basic (username with password or an API
 * token, for TAXII clients), or the session cookie. Cookie-authenticated writes must echo the
 * session's CSRF token in `x-csrf-token` (SameSite=Strict is the first line, this the second).
 */
export const authentication = fp(async (app: FastifyInstance, opts: { db: Db }) => {
  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      request.actor = await actorFromApiToken(opts.db, header.slice(7).trim());
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
      const byToken = secret.startsWith('tsq_') ? await actorFromApiToken(opts.db, secret) : null;
      request.actor =
        byToken && byToken.username === user
          ? byToken
          : (await checkCredentials(opts.db, user, secret, request.ip)).actor;
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) return;
    const found = await actorFromSession(opts.db, cookie);
    if (!found) return;
    request.actor = found.actor;
    request.session = { token: cookie, csrfToken: found.csrfToken };
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
