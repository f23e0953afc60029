import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Db } from '../db/index.ts';
import { requireActor } from '../http/auth.ts';
import { AppError } from '../errors.ts';
import { userById } from './users.repository.ts';
import { createToken, revokeTokenFor, tokensFor } from './tokens.service.ts';
import { Id } from './accounts.schemas.ts';

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
