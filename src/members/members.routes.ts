import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Db } from '../db/index.ts';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { requireActor } from '../http/auth.ts';
import {
  confirmTotp,
  disableTotp,
  login,
  logout,
  SESSION_COOKIE,
  setLocale,
  startTotp,
} from './auth.service.ts';
import { administration, groupsOverview, me, members } from './members.service.ts';
import { userById } from './users.repository.ts';
import {
  changeUser,
  createToken,
  createUser,
  revokeTokenFor,
  tokensFor,
  usersFor,
} from './users.service.ts';

const Locale = Type.Union([Type.Literal('ar'), Type.Literal('fr'), Type.Literal('en')]);
const Role = Type.Union(
  ['instance_admin', 'member_admin', 'analyst', 'reader'].map((r) => Type.Literal(r)),
);
const TotpCode = Type.Object(
  { code: Type.String({ minLength: 6, maxLength: 12 }) },
  { additionalProperties: false },
);
const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

/** Members, groups, sessions, users and API tokens: thin routes over the services. */
export async function membersRoutes(
  root: FastifyInstance,
  opts: { db: Db; config: Config },
): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { db, config } = opts;

  app.post(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Log in with a password (and a TOTP code when enrolled); sets the session cookie',
        body: Type.Object(
          {
            username: Type.String({ minLength: 1, maxLength: 100 }),
            password: Type.String({ minLength: 1, maxLength: 1000 }),
            totp: Type.Optional(Type.String({ maxLength: 12 })),
          },
          { additionalProperties: false },
        ),
      },
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const result = await login(db, request.body, request.ip, config.sessionTtlHours);
      void reply.setCookie(SESSION_COOKIE, result.token, {
        httpOnly: true,
        sameSite: 'strict',
        path: '/',
        secure: config.secureCookies,
        expires: result.expiresAt,
      });
      return me(db, result.actor, result.csrfToken);
    },
  );

  app.delete(
    '/session',
    { schema: { tags: ['session'], summary: 'Log out: deletes the server-side session' } },
    async (request, reply) => {
      const actor = requireActor(request);
      if (request.session) await logout(db, request.session.token, actor);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  app.get(
    '/me',
    { schema: { tags: ['session'], summary: 'The current user, its member and groups' } },
    async (request) => me(db, requireActor(request), request.session?.csrfToken ?? null),
  );

  app.patch(
    '/me',
    {
      schema: {
        tags: ['session'],
        summary: 'Change the UI language',
        body: Type.Object({ locale: Locale }, { additionalProperties: false }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await setLocale(db, actor, request.body.locale);
      return me(db, actor, request.session?.csrfToken ?? null);
    },
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
      },
      // A first enrolment carries no body at all.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => startTotp(db, requireActor(request), request.body.code),
  );

  app.post(
    '/me/totp/confirm',
    {
      schema: {
        tags: ['session'],
        summary: 'Confirm TOTP enrolment with a first code',
        body: TotpCode,
      },
    },
    async (request, reply) => {
      await confirmTotp(db, requireActor(request), request.body.code);
      return reply.status(204).send();
    },
  );

  app.delete(
    '/me/totp',
    {
      schema: {
        tags: ['session'],
        summary: 'Turn the second factor off (needs a current code)',
        body: TotpCode,
      },
    },
    async (request, reply) => {
      await disableTotp(db, requireActor(request), request.body.code);
      return reply.status(204).send();
    },
  );

  app.get(
    '/members',
    { schema: { tags: ['members'], summary: 'Members of this instance' } },
    async (request) => {
      requireActor(request);
      return { items: await members(db) };
    },
  );

  app.get(
    '/groups',
    {
      schema: {
        tags: ['members'],
        summary: 'Working groups with members, observers, chair terms and the co-chairs on a date',
        querystring: Type.Object({ date: Type.Optional(Type.String({ format: 'date' })) }),
      },
    },
    async (request) => {
      requireActor(request);
      return { items: await groupsOverview(db, request.query.date) };
    },
  );

  const Names = Type.Object(
    {
      ar: Type.String({ minLength: 1, maxLength: 200 }),
      fr: Type.String({ minLength: 1, maxLength: 200 }),
      en: Type.String({ minLength: 1, maxLength: 200 }),
    },
    { additionalProperties: false },
  );
  const Slug = Type.Object({ slug: Type.String({ maxLength: 64 }) });

  app.post(
    '/members',
    {
      schema: {
        tags: ['admin'],
        summary:
          'Add a member (instance admins): a state or an organisation, with its STIX identity',
        body: Type.Object(
          {
            code: Type.String({ maxLength: 16 }),
            iso2: Type.Optional(Type.Union([Type.String({ maxLength: 2 }), Type.Null()])),
            kind: Type.Union([Type.Literal('state'), Type.Literal('organisation')]),
            names: Names,
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await administration.addMember(db, requireActor(request), request.body)),
  );

  app.post(
    '/groups',
    {
      schema: {
        tags: ['admin'],
        summary: 'Add a working group (instance admins)',
        body: Type.Object(
          { slug: Type.String({ maxLength: 64 }), names: Names },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await administration.addGroup(db, requireActor(request), request.body)),
  );

  app.put(
    '/groups/:slug/members/:code',
    {
      schema: {
        tags: ['admin'],
        summary: 'Put a member in a group as member or observer (instance admins)',
        params: Type.Object({
          slug: Type.String({ maxLength: 64 }),
          code: Type.String({ maxLength: 16 }),
        }),
        body: Type.Object(
          { role: Type.Union([Type.Literal('member'), Type.Literal('observer')]) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      await administration.setMembership(
        db,
        requireActor(request),
        request.params.slug,
        request.params.code,
        request.body.role,
      );
      return reply.status(204).send();
    },
  );

  app.delete(
    '/groups/:slug/members/:code',
    {
      schema: {
        tags: ['admin'],
        summary: 'Take a member out of a group (instance admins)',
        params: Type.Object({
          slug: Type.String({ maxLength: 64 }),
          code: Type.String({ maxLength: 16 }),
        }),
      },
    },
    async (request, reply) => {
      await administration.setMembership(
        db,
        requireActor(request),
        request.params.slug,
        request.params.code,
        null,
      );
      return reply.status(204).send();
    },
  );

  app.post(
    '/groups/:slug/chairs',
    {
      schema: {
        tags: ['admin'],
        summary: 'Record a chair term: member, from, to (open when absent)',
        params: Slug,
        body: Type.Object(
          {
            member: Type.String({ maxLength: 16 }),
            from: Type.String({ maxLength: 10 }),
            to: Type.Optional(Type.Union([Type.String({ maxLength: 10 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      await administration.addChairTerm(
        db,
        requireActor(request),
        request.params.slug,
        request.body,
      );
      return reply.status(201).send();
    },
  );

  app.get(
    '/users',
    {
      schema: {
        tags: ['admin'],
        summary: 'Users (instance admins: all; member admins: their member)',
      },
    },
    async (request) => {
      const items = await usersFor(db, requireActor(request));
      return { items: items.map((u) => ({ ...u, disabled: u.disabled === 1 })) };
    },
  );

  app.post(
    '/users',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create a user',
        body: Type.Object(
          {
            username: Type.String({ maxLength: 63 }),
            password: Type.String({ maxLength: 256 }),
            role: Role,
            member: Type.String({ maxLength: 16 }),
            locale: Type.Optional(Locale),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const body = request.body as {
        username: string;
        password: string;
        role: 'analyst';
        member: string;
        locale?: 'ar';
      };
      const user = await createUser(db, requireActor(request), body);
      return reply.status(201).send({ id: user.id, username: user.username, role: user.role });
    },
  );

  app.patch(
    '/users/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change a user: password, disabled, role',
        params: Id,
        body: Type.Object(
          {
            password: Type.Optional(Type.String({ maxLength: 256 })),
            disabled: Type.Optional(Type.Boolean()),
            role: Type.Optional(Role),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const user = await changeUser(
        db,
        requireActor(request),
        request.params.id,
        request.body as { role?: 'analyst' },
      );
      return {
        id: user.id,
        username: user.username,
        role: user.role,
        disabled: user.disabled === 1,
      };
    },
  );

  app.get(
    '/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'API tokens: your own; member admins see their member’s',
      },
    },
    async (request) => ({ items: await tokensFor(db, requireActor(request)) }),
  );

  app.post(
    '/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token; the token is shown once',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            scope: Type.Union(
              [Type.Literal('read'), Type.Literal('write'), Type.Literal('federation')],
              {
                description:
                  'read, write, or federation: read-only, and only what may be federated (for a peer instance)',
              },
            ),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const owner = await userById(db, actor.userId);
      if (!owner) throw new AppError(401, 'unauthorized', 'log in again');
      return reply
        .status(201)
        .send(await createToken(db, actor, owner, request.body.name, request.body.scope));
    },
  );

  app.delete(
    '/tokens/:id',
    { schema: { tags: ['tokens'], summary: 'Revoke an API token', params: Id } },
    async (request, reply) => {
      await revokeTokenFor(db, requireActor(request), request.params.id);
      return reply.status(204).send();
    },
  );
}
