import { Type, type Static } from 'typebox';
import { Nullable, OneOf } from './common.ts';

/** `GET /audit`: filters, newest first, a page at a time. */
export const AuditQuerySchema = Type.Object(
  {
    user: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'who acted (a username)' }),
    ),
    action: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        pattern: '^[a-z0-9_-]+(\\.[a-z0-9_-]+)*$',
        description: 'an action and the actions under it: `member` finds `member.update`',
      }),
    ),
    object: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 300,
        description: 'what the entry is about: a STIX id, a username, a member code, a group',
      }),
    ),
    from: Type.Optional(
      Type.String({ format: 'date', description: 'first day (UTC), YYYY-MM-DD' }),
    ),
    to: Type.Optional(Type.String({ format: 'date', description: 'last day (UTC), YYYY-MM-DD' })),
    cursor: Type.Optional(Type.String({ maxLength: 32, description: 'from the previous page' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuerySchema>;

export const AuditEntrySchema = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  actor: Nullable(Type.String()),
  /** The actor's member (its code). */
  member: Nullable(Type.String()),
  /** The member the entry is about, when not only the actor's own; `*` for the whole instance. */
  about: Nullable(Type.String()),
  action: Type.String(),
  subject: Nullable(Type.String()),
  /** What the entry records; a long detail is cut short (`truncated`). */
  detail: Type.Record(Type.String(), Type.Unknown()),
  truncated: Type.Boolean(),
});
export type AuditEntry = Static<typeof AuditEntrySchema>;

export const AuditPageSchema = Type.Object({
  items: Type.Array(AuditEntrySchema),
  next: Nullable(Type.String()),
  /** Whose entries these are: the whole log, or one member's. */
  scope: Type.Union([Type.Literal('instance'), Type.String({ description: 'a member code' })]),
});
export type AuditPage = Static<typeof AuditPageSchema>;

export const AUDIT_PROBLEMS = ['sequence', 'link', 'content', 'head'] as const;

/** `GET /audit/verification`: the last check of the hash chain, and when it ran. */
export const AuditVerificationSchema = Type.Object({
  /** Null until a first check has finished. */
  ok: Nullable(Type.Boolean()),
  checked_at: Nullable(Type.String()),
  /** A check is running (its result comes with a later request). */
  checking: Type.Boolean(),
  /** For instance admins: the entries checked and where the chain breaks. */
  entries: Type.Optional(Type.Integer()),
  bad_seq: Type.Optional(Type.Integer()),
  problem: Type.Optional(OneOf(AUDIT_PROBLEMS, 'what is wrong at `bad_seq`')),
});
export type AuditVerification = Static<typeof AuditVerificationSchema>;

export const AuditVerificationQuerySchema = Type.Object(
  {
    fresh: Type.Optional(
      Type.Boolean({ description: 'check again now rather than answer the last result' }),
    ),
  },
  { additionalProperties: false },
);

/** One change in a member's or a group's history: a field, before and after. */
export const HistoryChangeSchema = Type.Object({
  field: Type.String(),
  before: Nullable(Type.String()),
  after: Nullable(Type.String()),
});

export const HistoryItemSchema = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  actor: Nullable(Type.String()),
  action: Type.String(),
  /** The member concerned (a membership, a chair term), when it is not the record itself. */
  member: Nullable(Type.String()),
  /** The chair term concerned. */
  term: Nullable(Type.String()),
  /** Why, when the change followed from another (a term ended as its group closed). */
  because: Nullable(Type.String()),
  changes: Type.Array(HistoryChangeSchema),
});
export type HistoryItem = Static<typeof HistoryItemSchema>;
export type HistoryChange = Static<typeof HistoryChangeSchema>;
