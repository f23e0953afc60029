import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  MarkAllReadSchema,
  MarkReadSchema,
  NotificationCountSchema,
  NotificationSettingsChangeSchema,
  NotificationSettingsSchema,
  NotificationsPageSchema,
  NotificationsQuerySchema,
} from '../../contract/notifications.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import { requireActor } from '../http/auth.ts';
import { answers } from '../http/responses.ts';
import {
  changeSettings,
  countUnread,
  getSettings,
  listNotifications,
  markAllRead,
  markRead,
} from './notifications.service.ts';

/**
 * What changed since I last looked: the notifications of the reader (derived from stored versions
 * under the access policy), how many are unread, marking them read, and the e-mail digest setting.
 */
export async function notificationsRoutes(
  root: FastifyInstance,
  opts: { db: Db; config: Config },
): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { db, config } = opts;
  const tags = ['notifications'];

  app.get(
    '/notifications',
    {
      schema: {
        tags,
        summary: 'Your notifications of the last 30 days, newest first (what you may read only)',
        querystring: NotificationsQuerySchema,
        response: answers(NotificationsPageSchema),
      },
    },
    async (request) => listNotifications(db, requireActor(request), request.query),
  );

  app.get(
    '/notifications/count',
    {
      schema: {
        tags,
        summary: 'How many notifications are unread, by kind',
        response: answers(NotificationCountSchema),
      },
    },
    async (request) => countUnread(db, requireActor(request)),
  );

  app.post(
    '/notifications/read',
    {
      schema: {
        tags,
        summary: 'Mark these notifications read',
        body: MarkReadSchema,
        response: answers(NotificationCountSchema),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await markRead(db, actor, request.body.ids);
      return countUnread(db, actor);
    },
  );

  app.post(
    '/notifications/read-all',
    {
      schema: {
        tags,
        summary: 'Mark every notification read, up to the newest shown',
        body: MarkAllReadSchema,
        response: answers(NotificationCountSchema),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await markAllRead(db, actor, request.body);
      return countUnread(db, actor);
    },
  );

  app.get(
    '/notifications/settings',
    {
      schema: {
        tags,
        summary: 'Your e-mail digest: off, daily or weekly, and where it goes',
        response: answers(NotificationSettingsSchema),
      },
    },
    async (request) => getSettings(db, requireActor(request), config),
  );

  app.put(
    '/notifications/settings',
    {
      schema: {
        tags,
        summary: 'Turn your e-mail digest on or off (a signed-in session only)',
        body: NotificationSettingsChangeSchema,
        response: answers(NotificationSettingsSchema),
      },
    },
    async (request) => changeSettings(db, requireActor(request), config, request.body),
  );
}
