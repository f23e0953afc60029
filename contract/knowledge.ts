import { Type, type Static } from 'typebox';
import { AudienceSchema, ItemsOf, LocaleSchema, OneOf, PageOf, TlpSchema } from './common.ts';
import { LOCALES, OPINIONS } from './vocabulary.ts';

/**
 * An object as another object shows it: its type and names (the client picks the reader's
 * language), whether it is revoked. One the reader may not read, or that does not exist here, is
 * `visible: false` and nothing more: the two cases look the same.
 */
export const ObjectLabelSchema = Type.Object({
  id: Type.String(),
  type: Type.String({ description: 'the STIX type (from the identifier when not visible)' }),
  visible: Type.Boolean(),
  name: Type.Optional(Type.String({ description: 'its own name (or value, or abstract)' })),
  lang: Type.Optional(Type.String({ description: 'the language of `name`' })),
  names: Type.Optional(
    Type.Record(Type.String(), Type.String(), {
      description: "names by language: the owner's translations, a member's names",
    }),
  ),
  revoked: Type.Optional(Type.Boolean()),
  owner: Type.Optional(Type.String({ description: 'owner member code' })),
  tlp: Type.Optional(TlpSchema),
});
export type ObjectLabel = Static<typeof ObjectLabelSchema>;

export const ReferenceSchema = Type.Object({
  property: Type.String({ description: 'object_refs, created_by_ref, sighting_of_ref …' }),
  target: ObjectLabelSchema,
});
export type Reference = Static<typeof ReferenceSchema>;

/** A relationship as a sentence: source — relationship type — target. */
export const RelationshipSentenceSchema = Type.Object({
  id: Type.String(),
  relationship_type: Type.String(),
  source: ObjectLabelSchema,
  target: ObjectLabelSchema,
  description: Type.Optional(Type.String()),
  owner: Type.String(),
  tlp: TlpSchema,
  revoked: Type.Boolean(),
});
export type RelationshipSentence = Static<typeof RelationshipSentenceSchema>;

export const SightingSchema = Type.Object({
  id: Type.String(),
  sighting_of: ObjectLabelSchema,
  where_sighted: Type.Array(ObjectLabelSchema),
  observed_data: Type.Array(ObjectLabelSchema),
  count: Type.Optional(Type.Integer()),
  first_seen: Type.Optional(Type.String()),
  last_seen: Type.Optional(Type.String()),
  owner: Type.String(),
  tlp: TlpSchema,
  revoked: Type.Boolean(),
});
export type Sighting = Static<typeof SightingSchema>;

/** What an object refers to, and the relationships and sightings it takes part in. */
export const ReferencesSchema = Type.Object({
  references: Type.Array(ReferenceSchema),
  relationships: Type.Array(RelationshipSentenceSchema),
  sightings: Type.Array(SightingSchema),
});
export type References = Static<typeof ReferencesSchema>;

/** An object that refers to this one ("mentioned in"). */
export const MentionSchema = Type.Object({
  source: ObjectLabelSchema,
  property: Type.String(),
});
export type Mention = Static<typeof MentionSchema>;
export const MentionsPageSchema = PageOf(MentionSchema);

export const GraphEdgeSchema = Type.Object({
  source: Type.String(),
  target: Type.String(),
  /** A relationship's type, or the referring property (`object_refs` …). */
  label: Type.String(),
  kind: OneOf(['relationship', 'reference'] as const),
  /** The relationship object, for a relationship edge. */
  via: Type.Optional(Type.String()),
  revoked: Type.Optional(Type.Boolean()),
});
export type GraphEdge = Static<typeof GraphEdgeSchema>;

/** An object's neighbourhood: visible objects only, at most `depth` steps away. */
export const GraphSchema = Type.Object({
  center: Type.String(),
  depth: Type.Integer(),
  nodes: Type.Array(Type.Intersect([ObjectLabelSchema, Type.Object({ hops: Type.Integer() })])),
  edges: Type.Array(GraphEdgeSchema),
  truncated: Type.Boolean(),
});
export type Graph = Static<typeof GraphSchema>;

export const LookupSchema = ItemsOf(ObjectLabelSchema);

/** A note or an opinion another member (or one's own) wrote on an object. */
export const ReplySchema = Type.Object({
  id: Type.String(),
  type: OneOf(['note', 'opinion'] as const),
  owner: Type.String({ description: 'the author member' }),
  audience: AudienceSchema,
  tlp: TlpSchema,
  created: Type.String(),
  modified: Type.String(),
  lang: Type.Optional(Type.String()),
  abstract: Type.Optional(Type.String()),
  content: Type.Optional(Type.String()),
  opinion: Type.Optional(OneOf(OPINIONS)),
  explanation: Type.Optional(Type.String()),
  /** The owner's reason for revoking the object. */
  revocation: Type.Boolean(),
  /** Whether the reader's member wrote it. */
  mine: Type.Boolean(),
});
export type Reply = Static<typeof ReplySchema>;

export const RepliesSchema = Type.Object({
  notes: Type.Array(ReplySchema),
  opinions: Type.Array(ReplySchema),
  /** Opinions by value, among those the reader may read (the latest of each member). */
  tally: Type.Record(Type.String(), Type.Integer()),
});
export type Replies = Static<typeof RepliesSchema>;

/** `same` (the default): the sharing of the object answered, as far as the author may use it. */
const ReplyAudience = Type.Union([Type.Literal('same'), AudienceSchema]);

export const NewNoteSchema = Type.Object(
  {
    content: Type.String({ minLength: 1, maxLength: 10_000 }),
    abstract: Type.Optional(Type.String({ maxLength: 300 })),
    lang: LocaleSchema,
    audience: Type.Optional(ReplyAudience),
    tlp: Type.Optional(TlpSchema),
    federate: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type NewNote = Static<typeof NewNoteSchema>;

export const NewOpinionSchema = Type.Object(
  {
    opinion: OneOf(OPINIONS),
    explanation: Type.Optional(Type.String({ maxLength: 5_000 })),
    lang: Type.Optional(LocaleSchema),
    audience: Type.Optional(ReplyAudience),
    tlp: Type.Optional(TlpSchema),
    federate: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type NewOpinion = Static<typeof NewOpinionSchema>;

const Lang3 = Type.Object(
  Object.fromEntries(LOCALES.map((l) => [l, Type.Optional(Type.String({ maxLength: 10_000 }))])),
  { additionalProperties: false },
);

/** A new version written by the owner: its texts in ar/fr/en, and for a report its references. */
export const NewVersionSchema = Type.Object(
  {
    names: Type.Optional(Lang3),
    descriptions: Type.Optional(Lang3),
    primary: Type.Optional(LocaleSchema),
    object_refs: Type.Optional(
      Type.Array(Type.String({ maxLength: 300 }), { minItems: 1, maxItems: 1000 }),
    ),
    /** The `modified` of the version edited: a newer one written meanwhile makes this a 409. */
    base: Type.String({ maxLength: 40 }),
  },
  { additionalProperties: false },
);
export interface NewVersion {
  names?: Partial<Record<'ar' | 'fr' | 'en', string>>;
  descriptions?: Partial<Record<'ar' | 'fr' | 'en', string>>;
  primary?: 'ar' | 'fr' | 'en';
  object_refs?: string[];
  base: string;
}

export const RevocationSchema = Type.Object(
  {
    reason: Type.String({ minLength: 1, maxLength: 2_000 }),
    lang: LocaleSchema,
  },
  { additionalProperties: false },
);
export type Revocation = Static<typeof RevocationSchema>;

/** One version of an object with the owner's translations as they were for it. */
export const HistoryVersionSchema = Type.Object({
  modified: Type.String(),
  date_added: Type.String(),
  revoked: Type.Boolean(),
  tlp: TlpSchema,
  object: Type.Record(Type.String(), Type.Unknown()),
  translations: Type.Record(
    Type.String(),
    Type.Object({ name: Type.Optional(Type.String()), description: Type.Optional(Type.String()) }),
  ),
});
export type HistoryVersion = Static<typeof HistoryVersionSchema>;
export const HistorySchema = ItemsOf(HistoryVersionSchema);

/** A file attached to an object: a STIX `file` whose content is an `artifact`. */
export const AttachmentSchema = Type.Object({
  id: Type.String({ description: 'the `file` object' }),
  artifact: Type.String({ description: 'the `artifact` object that carries the content' }),
  name: Type.String(),
  size: Type.Integer(),
  mime_type: Type.String(),
  sha256: Type.String(),
  /** Whether this instance holds the bytes (a peer's may still be on their way). */
  available: Type.Boolean(),
  owner: Type.String(),
  tlp: TlpSchema,
  date_added: Type.String(),
});
export type Attachment = Static<typeof AttachmentSchema>;
export const AttachmentsSchema = ItemsOf(AttachmentSchema);
