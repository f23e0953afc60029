import { Type, type Static } from 'typebox';
import { AudienceSchema, Nullable, TlpSchema, type Audience } from './common.ts';
import { LOCALES } from './vocabulary.ts';
import type { TlpLevel } from './vocabulary.ts';

/** A STIX 2.1 object as stored: the common properties are named, every other one is kept. */
export const StixObjectSchema = Type.Object(
  {
    type: Type.String(),
    id: Type.String(),
    spec_version: Type.Optional(Type.String()),
    created: Type.Optional(Type.String()),
    modified: Type.Optional(Type.String()),
    name: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    lang: Type.Optional(Type.String()),
    revoked: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: true },
);
export interface StixObject {
  type: string;
  id: string;
  spec_version?: string;
  created?: string;
  modified?: string;
  name?: string;
  description?: string;
  lang?: string;
  revoked?: boolean;
  [property: string]: unknown;
}

/** A stored version and its sharing envelope. */
export const ItemSchema = Type.Object({
  object: StixObjectSchema,
  owner: Type.String({ description: 'owner member code' }),
  audience: AudienceSchema,
  tlp: TlpSchema,
  federate: Type.Boolean(),
  source: Type.String(),
  date_added: Type.String(),
});
export interface Item {
  object: StixObject;
  owner: string;
  audience: Audience;
  tlp: TlpLevel;
  federate: boolean;
  source: string;
  date_added: string;
}
export type Tlp = TlpLevel;

export const TranslationSchema = Type.Object({
  name: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
});
export type Translation = Static<typeof TranslationSchema>;

/** A translation another member attached to an object it does not own: shown attributed, apart. */
export const ContributionSchema = Type.Object({
  id: Type.String({ description: 'the language-content object that carries it' }),
  lang: Type.String(),
  owner: Type.String(),
  tlp: TlpSchema,
  date_added: Type.String(),
  name: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
});
export type Contribution = Static<typeof ContributionSchema>;

export const ObjectDetailSchema = Type.Intersect([
  ItemSchema,
  Type.Object({
    /** The owner's own translations (language-content it wrote), by language. */
    translations: Type.Record(Type.String(), TranslationSchema),
    /** Translations other members attached, each attributed to its member. */
    contributions: Type.Array(ContributionSchema),
  }),
]);
export interface ObjectDetail extends Item {
  translations: Record<string, Translation>;
  contributions: Contribution[];
}

const Problem = Type.Object({ path: Type.String(), reason: Type.String() });

/** One result per object of a write: stored, already present, or rejected with its reasons. */
export const ObjectResultSchema = Type.Object({
  index: Type.Integer(),
  id: Nullable(Type.String()),
  status: Type.Union([Type.Literal('stored'), Type.Literal('duplicate'), Type.Literal('rejected')]),
  version: Type.Optional(Type.String()),
  date_added: Type.Optional(Type.String()),
  code: Type.Optional(Type.String()),
  errors: Type.Optional(Type.Array(Problem)),
  warnings: Type.Optional(Type.Array(Problem)),
});

export const StoreOutcomeSchema = Type.Object({
  stored: Type.Integer(),
  duplicates: Type.Integer(),
  rejected: Type.Integer(),
  results: Type.Array(ObjectResultSchema),
});
export type StoreOutcome = Static<typeof StoreOutcomeSchema>;

const Lang3 = Type.Object(
  Object.fromEntries(LOCALES.map((l) => [l, Type.Optional(Type.String({ maxLength: 10_000 }))])),
  { additionalProperties: false },
);

/** `POST /reports`: a report written in one or more of ar/fr/en. */
export const NewReportSchema = Type.Object(
  {
    names: Lang3,
    descriptions: Type.Optional(Lang3),
    tlp: Type.Optional(TlpSchema),
    audience: AudienceSchema,
    federate: Type.Optional(Type.Boolean()),
    object_refs: Type.Optional(Type.Array(Type.String({ maxLength: 300 }), { maxItems: 1000 })),
  },
  { additionalProperties: false },
);
export interface NewReport {
  names: Partial<Record<'ar' | 'fr' | 'en', string>>;
  descriptions: Partial<Record<'ar' | 'fr' | 'en', string>>;
  tlp: TlpLevel;
  audience: Audience;
  federate: boolean;
  object_refs?: string[];
}

export interface ObjectFilters {
  type?: string;
  exclude_type?: string;
  tlp?: string;
  owner?: string;
}

/** By date added: newest first is what analysts expect; `asc` replays history. */
export type ObjectOrder = 'asc' | 'desc';
