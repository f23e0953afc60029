import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ApiTokenSchema, CreatedTokenSchema, NewTokenSchema } from '../../contract/accounts.ts';
import { ItemsOf } from '../../contract/common.ts';
import type { Db } from '../db/index.ts';
import { requireActor } from '../http/auth.ts';
import { answers, noContent } from '../http/responses.ts';
import { createOwnToken, revokeTokenFor, tokensFor } from './tokens.service.ts';

const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

/** API tokens: shown once, stored hashed, scoped, revocable. */
export async function tokensRoutes(root: FastifyInstance, opts: { db: Db }): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;

  app.get(
    '/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'API tokens: your own; member admins see their member’s',
        response: answers(ItemsOf(ApiTokenSchema)),
      },
    },
    async (request) => ({ items: await tokensFor(db, requireActor(request)) }),
  );

  app.post(
    '/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token (a session only); the token is shown once',
        body: NewTokenSchema,
        response: answers(CreatedTokenSchema, 201),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await createOwnToken(db, requireActor(request), request.body.name, request.body.scope),
        ),
  );

  app.delete(
    '/tokens/:id',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Revoke an API token (a session only)',
        params: Id,
        response: noContent,
      },
    },
    async (request, reply) => {
      await revokeTokenFor(db, requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
