import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ItemsOf } from '../../contract/common.ts';
import { GroupSchema, MemberSchema } from '../../contract/members.ts';
import type { Db } from '../db/index.ts';
import { requireActor } from '../http/auth.ts';
import { answers } from '../http/responses.ts';
import { groupsOverview, members } from './members.service.ts';

/** Members of this instance and its working groups (with chair terms), for every signed-in user. */
export async function membersRoutes(root: FastifyInstance, opts: { db: Db }): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;

  app.get(
    '/members',
    {
      schema: {
        tags: ['members'],
        summary: 'Members of this instance',
        response: answers(ItemsOf(MemberSchema)),
      },
    },
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
        response: answers(ItemsOf(GroupSchema)),
      },
    },
    async (request) => {
      requireActor(request);
      return { items: await groupsOverview(db, request.query.date) };
    },
  );
}
