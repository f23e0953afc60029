import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  GroupRefSchema,
  MemberSchema,
  MembershipSchema,
  NewChairTermSchema,
  NewGroupSchema,
  NewMemberSchema,
} from '../../contract/members.ts';
import type { Db } from '../db/index.ts';
import { requireActor } from '../http/auth.ts';
import { answers, noContent } from '../http/responses.ts';
import { presentGroupRef, presentMember } from '../members/members.service.ts';
import { addChairTerm, addGroup, addMember, setMembership } from './admin.service.ts';

const Slug = Type.Object({ slug: Type.String({ maxLength: 64 }) });
const SlugAndCode = Type.Object({
  slug: Type.String({ maxLength: 64 }),
  code: Type.String({ maxLength: 16 }),
});

/** Instance administration of members, groups, memberships and chair terms (a session only). */
export async function adminRoutes(root: FastifyInstance, opts: { db: Db }): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;

  app.post(
    '/members',
    {
      schema: {
        tags: ['admin'],
        summary:
          'Add a member (instance admins): a state or an organisation, with its STIX identity',
        body: NewMemberSchema,
        response: answers(MemberSchema, 201),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(presentMember(await addMember(db, requireActor(request), request.body))),
  );

  app.post(
    '/groups',
    {
      schema: {
        tags: ['admin'],
        summary: 'Add a working group (instance admins)',
        body: NewGroupSchema,
        response: answers(GroupRefSchema, 201),
      },
    },
    async (request, reply) => {
      const group = await addGroup(db, requireActor(request), request.body);
      return reply.status(201).send({ id: group.id, ...presentGroupRef(group) });
    },
  );

  app.put(
    '/groups/:slug/members/:code',
    {
      schema: {
        tags: ['admin'],
        summary: 'Put a member in a group as member or observer (instance admins)',
        params: SlugAndCode,
        body: MembershipSchema,
        response: noContent,
      },
    },
    async (request, reply) => {
      const { slug, code } = request.params;
      await setMembership(db, requireActor(request), slug, code, request.body.role);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/groups/:slug/members/:code',
    {
      schema: {
        tags: ['admin'],
        summary: 'Take a member out of a group (instance admins)',
        params: SlugAndCode,
        response: noContent,
      },
    },
    async (request, reply) => {
      const { slug, code } = request.params;
      await setMembership(db, requireActor(request), slug, code, null);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/groups/:slug/chairs',
    {
      schema: {
        tags: ['admin'],
        summary: 'Record a chair term: member, from, to (open when absent)',
        params: Slug,
        body: NewChairTermSchema,
        response: {
          201: Type.Null({ description: 'recorded' }),
          '4xx': answers(Type.Null())['4xx'],
        },
      },
    },
    async (request, reply) => {
      await addChairTerm(db, requireActor(request), request.params.slug, request.body);
      return reply.status(201).send(null);
    },
  );
}
