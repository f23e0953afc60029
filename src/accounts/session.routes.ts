import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  LoginSchema,
  MeSchema,
  MyPreferencesSchema,
  RecoveryCodesSchema,
  SessionInfoSchema,
  TotpCodeSchema,
  TotpEnrolmentSchema,
} from '../../contract/accounts.ts';
import { ItemsOf } from '../../contract/common.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import type { Keyring } from '../secrets/keyring.ts';
import { requireActor } from '../http/auth.ts';
import { answers, noContent } from '../http/responses.ts';
import {
  confirmTotp,
  disableTotp,
  login,
  logout,
  renewRecoveryCodes,
  SESSION_COOKIE,
  setPreferences,
  startTotp,
} from './auth.service.ts';
import { me } from './me.service.ts';
import { endMySessions, mySessions } from './sessions.service.ts';

/** Sessions, the signed-in user, its language and its second factor. */
export async function sessionRoutes(
  root: FastifyInstance,
  opts: { db: Db; config: Config; keyring: Keyring | null },
): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { db, config, keyring } = opts;

  app.post(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Log in with a password (and a TOTP code when enrolled); sets the session cookie',
        body: LoginSchema,
        response: answers(MeSchema),
      },
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const result = await login(
        db,
        keyring,
        request.body,
        { address: request.ip, userAgent: request.headers['user-agent'] },
        config.sessionTtlHours,
      );
      void reply.setCookie(SESSION_COOKIE, result.token, {
        httpOnly: true,
        sameSite: 'strict',
        path: '/',
        secure: config.secureCookies,
        expires: result.expiresAt,
      });
      return me(db, result.actor, result.csrfToken, config.requireSecondFactor);
    },
  );

  app.delete(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Log out: deletes the server-side session',
        response: noContent,
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (request.session) await logout(db, request.session.token, actor);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      schema: {
        tags: ['session'],
        summary: 'The current user, its member and groups',
        response: answers(MeSchema),
      },
    },
    async (request) =>
      me(db, requireActor(request), request.session?.csrfToken ?? null, config.requireSecondFactor),
  );

  app.patch(
    '/me',
    {
      schema: {
        tags: ['session'],
        summary: 'Change the interface language or the region of dates and digits (a session only)',
        body: MyPreferencesSchema,
        response: answers(MeSchema),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await setPreferences(db, actor, request.body);
      return me(db, actor, request.session?.csrfToken ?? null, config.requireSecondFactor);
    },
  );

  app.get(
    '/me/sessions',
    {
      schema: {
        tags: ['session'],
        summary: 'Your open sessions: where and when each was used; the current one marked',
        response: answers(ItemsOf(SessionInfoSchema)),
      },
    },
    async (request) => ({
      items: await mySessions(db, requireActor(request), request.session?.id ?? null),
    }),
  );

  app.delete(
    '/me/sessions/:id',
    {
      schema: {
        tags: ['session'],
        summary: 'End one of your sessions',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: noContent,
      },
    },
    async (request, reply) => {
      await endMySessions(
        db,
        requireActor(request),
        { only: request.params.id },
        request.session?.id ?? null,
      );
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/me/sessions',
    {
      schema: {
        tags: ['session'],
        summary: 'End all your other sessions (this one stays)',
        response: answers(Type.Object({ ended: Type.Integer() })),
      },
    },
    async (request) => ({
      ended: await endMySessions(
        db,
        requireActor(request),
        { others: true },
        request.session?.id ?? null,
      ),
    }),
  );

  app.post(
    '/me/totp',
    {
      schema: {
        tags: ['session'],
        summary:
          'Start TOTP enrolment: returns the secret and otpauth URI (replacing an active factor needs its current code)',
        body: Type.Object(
          { code: Type.Optional(Type.String({ minLength: 6, maxLength: 12 })) },
          { additionalProperties: false },
        ),
        response: answers(TotpEnrolmentSchema),
      },
      // A first enrolment carries no body at all.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => startTotp(db, keyring, requireActor(request), request.body.code),
  );

  app.post(
    '/me/totp/confirm',
    {
      schema: {
        tags: ['session'],
        summary:
          'Confirm TOTP enrolment with a first code; answers the recovery codes, shown this once',
        body: TotpCodeSchema,
        response: answers(RecoveryCodesSchema),
      },
    },
    async (request) => confirmTotp(db, keyring, requireActor(request), request.body.code),
  );

  app.post(
    '/me/totp/recovery-codes',
    {
      schema: {
        tags: ['session'],
        summary:
          'New recovery codes for the second factor (needs a current code); the old ones stop',
        body: TotpCodeSchema,
        response: answers(RecoveryCodesSchema),
      },
    },
    async (request) => renewRecoveryCodes(db, keyring, requireActor(request), request.body.code),
  );

  app.delete(
    '/me/totp',
    {
      schema: {
        tags: ['session'],
        summary: 'Turn the second factor off (needs a current code)',
        body: TotpCodeSchema,
        response: noContent,
      },
    },
    async (request, reply) => {
      await disableTotp(db, keyring, requireActor(request), request.body.code);
      return reply.status(204).send(null);
    },
  );
}
