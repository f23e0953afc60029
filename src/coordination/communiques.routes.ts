import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  Communique,
  CommuniqueChange,
  CommuniqueFilters,
  CommuniqueInput,
  IdParams,
  Items,
} from '../../contract/coordination.ts';
import type { Db } from '../db/index.ts';
import { requireActor } from '../http/auth.ts';
import { answers } from '../http/responses.ts';
import {
  approveCommunique,
  changeCommunique,
  createCommunique,
  getCommunique,
  listCommuniques,
  publishCommunique,
} from './communiques.service.ts';

const tags = ['coordination'];

/** Joint communiqués: drafts, approvals by the co-chairs of the day, publication. */
export async function communiquesRoutes(root: FastifyInstance, opts: { db: Db }): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;

  app.get(
    '/communiques',
    {
      schema: {
        tags,
        summary:
          'Communiqués you may see: drafts of your groups (members and observers), published ones',
        querystring: CommuniqueFilters,
        response: answers(Items(Communique)),
      },
    },
    async (request) => ({ items: await listCommuniques(db, requireActor(request), request.query) }),
  );

  app.post(
    '/communiques',
    {
      schema: {
        tags,
        summary: 'Draft a joint communiqué in ar/fr/en for a group your member belongs to',
        body: CommuniqueInput,
        response: answers(Communique, 201),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCommunique(db, requireActor(request), request.body)),
  );

  app.get(
    '/communiques/:id',
    {
      schema: {
        tags,
        summary: 'One communiqué, with the co-chairs of today and their approvals',
        params: IdParams,
        response: answers(Communique),
      },
    },
    async (request) => getCommunique(db, requireActor(request), request.params.id),
  );

  app.put(
    '/communiques/:id',
    {
      schema: {
        tags,
        summary: 'Edit a draft (drafting member or co-chairs): every approval is withdrawn',
        params: IdParams,
        body: CommuniqueChange,
        response: answers(Communique),
      },
    },
    async (request) => changeCommunique(db, requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/communiques/:id/approve',
    {
      schema: {
        tags,
        summary: 'Approve the current text (a member co-chairing the group today)',
        params: IdParams,
        response: answers(Communique),
      },
    },
    async (request) => approveCommunique(db, requireActor(request), request.params.id),
  );

  app.post(
    '/communiques/:id/publish',
    {
      schema: {
        tags,
        summary: 'Publish: every co-chair of today approved the current text',
        params: IdParams,
        response: answers(Communique),
      },
    },
    async (request) => publishCommunique(db, requireActor(request), request.params.id),
  );
}
