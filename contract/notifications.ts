import { Type, type Static } from 'typebox';
import { Nullable, OneOf, PageOf, TlpSchema } from './common.ts';
import { ObjectLabelSchema } from './knowledge.ts';
import { DIGEST_FREQUENCIES, NOTIFICATION_KINDS, OPINIONS } from './vocabulary.ts';

export const NotificationKindSchema = OneOf(NOTIFICATION_KINDS);
/** A notification's id: the `date_added` (µs) of the stored version it tells of, in decimal. */
const NotificationId = Type.String({ pattern: '^[0-9]{1,17}$', maxLength: 17 });

/**
 * One stored version that concerns the reader, by another member, that the reader may read: the
 * object as it reads now, what of the reader's member it concerns, and a short excerpt of a note.
 */
export const NotificationSchema = Type.Object({
  id: NotificationId,
  kind: NotificationKindSchema,
  unread: Type.Boolean(),
  /** When the version arrived here (date_added). */
  date: Type.String(),
  /** The member whose version it is. */
  owner: Type.String(),
  tlp: TlpSchema,
  /** The version revokes the object. */
  revoked: Type.Boolean(),
  object: ObjectLabelSchema,
  /** The reader's member's objects (or identity) it answers or mentions (at most three). */
  about: Type.Array(ObjectLabelSchema),
  /** A note's abstract or the start of its text; an opinion's explanation. */
  excerpt: Type.Optional(Type.String()),
  excerpt_lang: Type.Optional(Type.String()),
  opinion: Type.Optional(OneOf(OPINIONS)),
});
export type Notification = Static<typeof NotificationSchema>;
export const NotificationsPageSchema = PageOf(NotificationSchema);

export const NotificationsQuerySchema = Type.Object({
  kind: Type.Optional(
    Type.String({
      maxLength: 100,
      description: `kinds, comma-separated: ${NOTIFICATION_KINDS.join(', ')}`,
    }),
  ),
  unread: Type.Optional(Type.Boolean({ description: 'only the unread ones' })),
  cursor: Type.Optional(Type.String({ maxLength: 40 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 30 })),
});
export type NotificationsQuery = Static<typeof NotificationsQuerySchema>;

/** How many are unread, by kind; counted up to `cap` (then `capped`). */
export const NotificationCountSchema = Type.Object({
  unread: Type.Integer(),
  capped: Type.Boolean(),
  by_kind: Type.Object(
    Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, Type.Integer()])) as Record<
      (typeof NOTIFICATION_KINDS)[number],
      ReturnType<typeof Type.Integer>
    >,
  ),
  /** The newest notification's id, to mark read exactly what was shown. */
  newest: Nullable(NotificationId),
});
export type NotificationCount = Static<typeof NotificationCountSchema>;

export const MarkReadSchema = Type.Object(
  { ids: Type.Array(NotificationId, { minItems: 1, maxItems: 200 }) },
  { additionalProperties: false },
);
export type MarkRead = Static<typeof MarkReadSchema>;

export const MarkAllReadSchema = Type.Object(
  {
    upto: Type.Optional(
      Type.String({
        pattern: '^[0-9]{1,17}$',
        maxLength: 17,
        description: 'the newest notification shown: newer ones stay unread',
      }),
    ),
  },
  { additionalProperties: false },
);
export type MarkAllRead = Static<typeof MarkAllReadSchema>;

export const DigestFrequencySchema = OneOf(DIGEST_FREQUENCIES);

export const NotificationSettingsSchema = Type.Object({
  digest: DigestFrequencySchema,
  email: Nullable(Type.String()),
  /** Whether this installation sends e-mail at all (TANSIQ_SMTP_URL is set). */
  mail_available: Type.Boolean(),
  last_digest: Nullable(Type.String()),
});
export type NotificationSettings = Static<typeof NotificationSettingsSchema>;

export const NotificationSettingsChangeSchema = Type.Object(
  {
    digest: DigestFrequencySchema,
    email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 254 }))),
  },
  { additionalProperties: false },
);
export type NotificationSettingsChange = Static<typeof NotificationSettingsChangeSchema>;
