import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  NewUserSchema,
  UserChangeSchema,
  UserRefSchema,
  UserSchema,
} from '../../contract/accounts.ts';
import { ItemsOf } from '../../contract/common.ts';
import type { Db } from '../db/index.ts';
import { requireActor } from '../http/auth.ts';
import { answers } from '../http/responses.ts';
import { changeUser, createUser, presentUserRef, usersFor } from './users.service.ts';

const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

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
        response: answers(ItemsOf(UserSchema)),
      },
    },
    async (request) => ({ items: await usersFor(db, requireActor(request)) }),
  );

  app.post(
    '/users',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create a user (a session of an admin)',
        body: NewUserSchema,
        response: answers(UserRefSchema, 201),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(presentUserRef(await createUser(db, requireActor(request), request.body))),
  );

  app.patch(
    '/users/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change a user: password, disabled, role (a session of an admin)',
        params: Id,
        body: UserChangeSchema,
        response: answers(UserRefSchema),
      },
    },
    async (request) =>
      presentUserRef(await changeUser(db, requireActor(request), request.params.id, request.body)),
  );
}
