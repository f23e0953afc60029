import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Db } from '../db/index.ts';
import { requireActor } from '../http/auth.ts';
import { changeUser, createUser, usersFor } from './users.service.ts';
import { Id, Locale, Role } from './accounts.schemas.ts';

/** Users: instance admins manage everyone, member admins their own member's people. */
export async function usersRoutes(root: FastifyInstance, opts: { db: Db }): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;

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
}
