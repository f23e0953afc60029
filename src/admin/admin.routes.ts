import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ItemsOf } from '../../contract/common.ts';
import { HistoryItemSchema } from '../../contract/audit.ts';
import {
  ChairTermChangeSchema,
  ChairTermSchema,
  CoChairEndedSchema,
  GroupChangeSchema,
  GroupRefSchema,
  GroupSchema,
  MemberChangeSchema,
  MemberSchema,
  MembershipSchema,
  NewChairTermSchema,
  NewGroupSchema,
  NewMemberSchema,
  OnDaySchema,
} from '../../contract/members.ts';
import type { Db } from '../db/index.ts';
import { AppError } from '../errors.ts';
import { requireActor } from '../http/auth.ts';
import { answers, noContent } from '../http/responses.ts';
import { groupOverview, presentGroupRef, presentMember } from '../members/members.service.ts';
import { addChairTerm, addGroup, addMember, setMembership } from './admin.service.ts';
import {
  correctChairTerm,
  endChairTerm,
  endCoChairmanship,
  withdrawChairTerm,
} from './chairs.service.ts';
import {
  closeGroup,
  reopenGroup,
  restoreMember,
  retireMember,
  updateGroup,
  updateMember,
} from './corrections.service.ts';
import { groupHistory, memberHistory } from './history.service.ts';

const Slug = Type.Object({ slug: Type.String({ maxLength: 64 }) });
const Code = Type.Object({ code: Type.String({ maxLength: 16 }) });
const SlugAndCode = Type.Object({
  slug: Type.String({ maxLength: 64 }),
  code: Type.String({ maxLength: 16 }),
});
const SlugAndTerm = Type.Object({
  slug: Type.String({ maxLength: 64 }),
  id: Type.String({ maxLength: 64 }),
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

  // ---- Corrections: edit, retire, close, end, withdraw; each audited, its history kept ----

  /** A group as the overview presents it, after a change. */
  const overview = async (slug: string) => {
    const group = await groupOverview(db, slug);
    if (!group) throw new AppError(404, 'not_found', `slug: no group ${slug}`, 'slug');
    return group;
  };

  app.patch(
    '/members/:code',
    {
      schema: {
        tags: ['admin'],
        summary:
          'Correct a member (instance admins): a name in one or more languages, kind, ISO code; its STIX identity gets a new version',
        params: Code,
        body: MemberChangeSchema,
        response: answers(MemberSchema),
      },
    },
    async (request) =>
      presentMember(
        await updateMember(db, requireActor(request), request.params.code, request.body),
      ),
  );

  app.post(
    '/members/:code/retire',
    {
      schema: {
        tags: ['admin'],
        summary:
          'Retire a member on a day (today if absent): its chair terms end, its people no longer sign in, it is offered for no new record',
        params: Code,
        body: OnDaySchema,
        response: answers(MemberSchema),
      },
    },
    async (request) =>
      presentMember(
        await retireMember(db, requireActor(request), request.params.code, request.body),
      ),
  );

  app.post(
    '/members/:code/restore',
    {
      schema: {
        tags: ['admin'],
        summary: 'Undo a retirement (ended chair terms stay ended)',
        params: Code,
        response: answers(MemberSchema),
      },
    },
    async (request) =>
      presentMember(await restoreMember(db, requireActor(request), request.params.code)),
  );

  app.get(
    '/members/:code/history',
    {
      schema: {
        tags: ['admin'],
        summary:
          'A member’s history from the audit log: its changes, memberships and chair terms, with earlier values',
        params: Code,
        response: answers(ItemsOf(HistoryItemSchema)),
      },
    },
    async (request) => ({
      items: await memberHistory(db, requireActor(request), request.params.code),
    }),
  );

  app.patch(
    '/groups/:slug',
    {
      schema: {
        tags: ['admin'],
        summary: 'Rename a working group in one or more languages (instance admins)',
        params: Slug,
        body: GroupChangeSchema,
        response: answers(GroupSchema),
      },
    },
    async (request) => {
      await updateGroup(db, requireActor(request), request.params.slug, request.body);
      return overview(request.params.slug);
    },
  );

  app.post(
    '/groups/:slug/close',
    {
      schema: {
        tags: ['admin'],
        summary:
          'Close a working group on a day (today if absent): its chair terms end, it is offered for no new record',
        params: Slug,
        body: OnDaySchema,
        response: answers(GroupSchema),
      },
    },
    async (request) => {
      await closeGroup(db, requireActor(request), request.params.slug, request.body);
      return overview(request.params.slug);
    },
  );

  app.post(
    '/groups/:slug/reopen',
    {
      schema: {
        tags: ['admin'],
        summary: 'Undo a group’s closing (ended chair terms stay ended)',
        params: Slug,
        response: answers(GroupSchema),
      },
    },
    async (request) => {
      await reopenGroup(db, requireActor(request), request.params.slug);
      return overview(request.params.slug);
    },
  );

  app.get(
    '/groups/:slug/history',
    {
      schema: {
        tags: ['admin'],
        summary:
          'A group’s history from the audit log: names, closing, memberships, chair terms, with earlier values',
        params: Slug,
        response: answers(ItemsOf(HistoryItemSchema)),
      },
    },
    async (request) => ({
      items: await groupHistory(db, requireActor(request), request.params.slug),
    }),
  );

  app.patch(
    '/groups/:slug/chairs/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Correct a chair term’s dates (`to` null: open)',
        params: SlugAndTerm,
        body: ChairTermChangeSchema,
        response: answers(ChairTermSchema),
      },
    },
    async (request) => {
      const { slug, id } = request.params;
      return correctChairTerm(db, requireActor(request), slug, id, request.body);
    },
  );

  app.post(
    '/groups/:slug/chairs/:id/end',
    {
      schema: {
        tags: ['admin'],
        summary: 'End a chair term early, on a day inside it (today if absent)',
        params: SlugAndTerm,
        body: OnDaySchema,
        response: answers(ChairTermSchema),
      },
    },
    async (request) => {
      const { slug, id } = request.params;
      return endChairTerm(db, requireActor(request), slug, id, request.body);
    },
  );

  app.delete(
    '/groups/:slug/chairs/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Withdraw a chair term recorded by mistake (the group’s history keeps it)',
        params: SlugAndTerm,
        response: noContent,
      },
    },
    async (request, reply) => {
      const { slug, id } = request.params;
      await withdrawChairTerm(db, requireActor(request), slug, id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/groups/:slug/co-chairs/:code/end',
    {
      schema: {
        tags: ['admin'],
        summary:
          'End a member’s co-chairmanship on a day (today if absent): its running terms end, those not begun are withdrawn',
        params: SlugAndCode,
        body: OnDaySchema,
        response: answers(CoChairEndedSchema),
      },
    },
    async (request) => {
      const { slug, code } = request.params;
      return {
        ended: await endCoChairmanship(db, requireActor(request), slug, code, request.body),
      };
    },
  );
}
