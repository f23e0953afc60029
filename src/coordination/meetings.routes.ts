import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  Action,
  ActionChange,
  ActionInput,
  CalendarFeed,
  IdParams,
  Items,
  Meeting,
  MeetingChange,
  MeetingFilters,
  MeetingInput,
  MeetingSummary,
} from '../../contract/coordination.ts';
import type { Db } from '../db/index.ts';
import { AppError } from '../errors.ts';
import { requireActor } from '../http/auth.ts';
import { answers, noContent } from '../http/responses.ts';
import {
  actorOfFeedToken,
  calendarFeed,
  createCalendarFeed,
  meetingIcs,
  revokeCalendarFeed,
  upcomingFeed,
} from './calendar.service.ts';
import {
  addAction,
  changeAction,
  changeMeeting,
  createMeeting,
  deleteMeeting,
  getMeeting,
  listActions,
  listMeetings,
} from './meetings.service.ts';

const tags = ['coordination'];
const Calendar = {
  description: 'iCalendar (RFC 5545)',
  content: { 'text/calendar': { schema: Type.String() } },
};
const Lang = Type.Optional(Type.Enum(['ar', 'fr', 'en']));

/** Meetings, their action items, and calendars. */
export async function meetingsRoutes(root: FastifyInstance, opts: { db: Db }): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;

  app.get(
    '/meetings',
    {
      schema: {
        tags,
        summary: 'Meetings you may see (upcoming: soonest first; otherwise newest first)',
        querystring: MeetingFilters,
        response: answers(Items(MeetingSummary)),
      },
    },
    async (request) => ({ items: await listMeetings(db, requireActor(request), request.query) }),
  );

  app.post(
    '/meetings',
    {
      schema: {
        tags,
        summary: 'Record a meeting of a group your member belongs to',
        body: MeetingInput,
        response: answers(Meeting, 201),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createMeeting(db, requireActor(request), request.body)),
  );

  app.get(
    '/meetings/feed.ics',
    {
      schema: {
        tags,
        summary:
          'Upcoming meetings of your groups as a subscribable calendar: authenticate, or pass the secret token of POST /calendar-feed (AMBER+STRICT and RED meetings are left out)',
        querystring: Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) }),
        response: answers(Calendar),
      },
    },
    async (request, reply) => {
      let actor = request.actor;
      if (request.query.token) {
        actor = await actorOfFeedToken(db, request.query.token);
        if (!actor)
          throw new AppError(
            401,
            'unauthorized',
            'token: unknown or revoked calendar address',
            'token',
          );
      }
      if (!actor) actor = requireActor(request);
      const ics = await upcomingFeed(db, actor, request.query.token ? 'token' : 'credential');
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .send(ics);
    },
  );

  app.get(
    '/meetings/:id.ics',
    {
      schema: {
        tags,
        summary: 'One meeting as an iCalendar file (audited as an export)',
        params: IdParams,
        querystring: Type.Object({ lang: Lang }),
        response: answers(Calendar),
      },
    },
    async (request, reply) => {
      const { ics, filename } = await meetingIcs(
        db,
        requireActor(request),
        request.params.id,
        request.query.lang,
      );
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .send(ics);
    },
  );

  app.get(
    '/meetings/:id',
    {
      schema: {
        tags,
        summary:
          'One meeting with agenda, participants, minutes, decisions, actions and linked reports',
        params: IdParams,
        response: answers(Meeting),
      },
    },
    async (request) => getMeeting(db, requireActor(request), request.params.id),
  );

  app.put(
    '/meetings/:id',
    {
      schema: {
        tags,
        summary: 'Change a meeting (its owner member or the group co-chairs)',
        params: IdParams,
        body: MeetingChange,
        response: answers(Meeting),
      },
    },
    async (request) => changeMeeting(db, requireActor(request), request.params.id, request.body),
  );

  app.delete(
    '/meetings/:id',
    {
      schema: {
        tags,
        summary: 'Delete a meeting (its owner member)',
        params: IdParams,
        response: noContent,
      },
    },
    async (request, reply) => {
      await deleteMeeting(db, requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/meetings/:id/actions',
    {
      schema: {
        tags,
        summary: 'Add an action item to a meeting',
        params: IdParams,
        body: ActionInput,
        response: answers(Action, 201),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addAction(db, requireActor(request), request.params.id, request.body)),
  );

  app.get(
    '/actions',
    {
      schema: {
        tags,
        summary:
          "Your member's action items, overdue first; with group=<slug>, all of a group's (its co-chairs only)",
        querystring: Type.Object({
          group: Type.Optional(Type.String({ maxLength: 64 })),
          status: Type.Optional(Type.Enum(['open', 'done', 'dropped', 'all'])),
        }),
        response: answers(Items(Action)),
      },
    },
    async (request) => ({ items: await listActions(db, requireActor(request), request.query) }),
  );

  app.patch(
    '/actions/:id',
    {
      schema: {
        tags,
        summary: 'Mark an action done (its owner member), or change it (the meeting editors)',
        params: IdParams,
        body: ActionChange,
        response: answers(Action),
      },
    },
    async (request) => changeAction(db, requireActor(request), request.params.id, request.body),
  );

  app.get(
    '/calendar-feed',
    {
      schema: {
        tags,
        summary: 'Whether you have a secret calendar address',
        response: answers(CalendarFeed),
      },
    },
    async (request) => calendarFeed(db, requireActor(request)),
  );

  app.post(
    '/calendar-feed',
    {
      schema: {
        tags,
        summary: 'A new secret calendar address (shown once; the previous one stops working)',
        response: answers(CalendarFeed, 201),
      },
    },
    async (request, reply) => {
      const { token, created_at } = await createCalendarFeed(db, requireActor(request));
      const url = `${request.protocol}://${request.host}/api/v1/meetings/feed.ics?token=${token}`;
      return reply.status(201).send({ active: true, created_at, url });
    },
  );

  app.delete(
    '/calendar-feed',
    {
      schema: { tags, summary: 'Stop the secret calendar address', response: noContent },
    },
    async (request, reply) => {
      await revokeCalendarFeed(db, requireActor(request));
      return reply.status(204).send(null);
    },
  );
}
