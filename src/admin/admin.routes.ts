import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Db } from '../db/index.ts';
import { requireActor } from '../http/auth.ts';
import { addChairTerm, addGroup, addMember, setMembership } from './admin.service.ts';
import { presentGroupRef, presentMember } from '../members/members.service.ts';

/** Instance administration of members, groups, memberships and chair terms. */
export async function adminRoutes(root: FastifyInstance, opts: { db: Db }): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;

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
        .send(presentMember(await addMember(db, requireActor(request), request.body))),
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
        .send(
          await addGroup(db, requireActor(request), request.body).then((g) => ({
            id: g.id,
            ...presentGroupRef(g),
          })),
        ),
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
      await setMembership(
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
      await setMembership(
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
      await addChairTerm(db, requireActor(request), request.params.slug, request.body);
      return reply.status(201).send();
    },
  );
}
