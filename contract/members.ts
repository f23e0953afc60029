import { Type, type Static } from 'typebox';
import { LocalizedSchema, Nullable, OneOf } from './common.ts';
import { GROUP_ROLES, MEMBER_KINDS } from './vocabulary.ts';

export const MemberSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  kind: OneOf(MEMBER_KINDS),
  iso2: Nullable(Type.String()),
  names: LocalizedSchema,
  identity_id: Type.String(),
  /** The day it was retired (it stays in history and references, not offered for new records). */
  retired_on: Nullable(Type.String()),
});
export type Member = Static<typeof MemberSchema>;

export const MyGroupSchema = Type.Object({
  slug: Type.String(),
  names: LocalizedSchema,
  /** The day it closed: it is no longer offered as an audience for new records. */
  closed_on: Nullable(Type.String()),
});
export type MyGroup = Static<typeof MyGroupSchema>;

/** A term runs from `from` up to, not including, `to` (open when null). */
export const ChairTermSchema = Type.Object({
  id: Type.String(),
  member: Type.String(),
  from: Type.String(),
  to: Nullable(Type.String()),
});
export type ChairTerm = Static<typeof ChairTermSchema>;

export const GroupSchema = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  names: LocalizedSchema,
  members: Type.Array(Type.String()),
  observers: Type.Array(Type.String()),
  /** Who co-chairs on the date asked (today by default). */
  chairs: Type.Array(Type.String()),
  chairTerms: Type.Array(ChairTermSchema),
  /** The day it closed (it stays in history and references, not offered for new records). */
  closed_on: Nullable(Type.String()),
});
export type Group = Static<typeof GroupSchema>;

export const GroupRefSchema = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  names: LocalizedSchema,
});
export type GroupRef = Static<typeof GroupRefSchema>;

const Names = Type.Object(
  {
    ar: Type.String({ minLength: 1, maxLength: 200 }),
    fr: Type.String({ minLength: 1, maxLength: 200 }),
    en: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

/** `POST /members` (instance admins): the code is upper-cased; every name is required. */
export const NewMemberSchema = Type.Object(
  {
    code: Type.String({ maxLength: 16, description: '2 to 16 letters, digits or hyphens' }),
    iso2: Type.Optional(
      Nullable(Type.String({ maxLength: 2, description: 'ISO 3166-1 alpha-2, for a state' })),
    ),
    kind: OneOf(MEMBER_KINDS),
    names: Names,
  },
  { additionalProperties: false },
);
export type NewMember = Static<typeof NewMemberSchema>;

/** `POST /groups` (instance admins). */
export const NewGroupSchema = Type.Object(
  {
    slug: Type.String({ maxLength: 64, description: 'lower-case letters, digits and hyphens' }),
    names: Names,
  },
  { additionalProperties: false },
);
export type NewGroup = Static<typeof NewGroupSchema>;

export const MembershipSchema = Type.Object(
  { role: OneOf(GROUP_ROLES) },
  { additionalProperties: false },
);

/** `POST /groups/{slug}/chairs`. */
export const NewChairTermSchema = Type.Object(
  {
    member: Type.String({ maxLength: 16, description: "the member's code" }),
    from: Type.String({ maxLength: 10 }),
    to: Type.Optional(Nullable(Type.String({ maxLength: 10 }))),
  },
  { additionalProperties: false },
);
export type NewChairTerm = Static<typeof NewChairTermSchema>;

const SomeNames = Type.Object(
  {
    ar: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    fr: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    en: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);

/** `PATCH /members/{code}`: the names given change (one language is enough), kind, ISO code. */
export const MemberChangeSchema = Type.Object(
  {
    names: Type.Optional(SomeNames),
    iso2: Type.Optional(
      Nullable(Type.String({ maxLength: 2, description: 'ISO 3166-1 alpha-2, for a state' })),
    ),
    kind: Type.Optional(OneOf(MEMBER_KINDS)),
  },
  { additionalProperties: false },
);
export type MemberChange = Static<typeof MemberChangeSchema>;

/** `PATCH /groups/{slug}`: the names given change. */
export const GroupChangeSchema = Type.Object({ names: SomeNames }, { additionalProperties: false });
export type GroupChange = Static<typeof GroupChangeSchema>;

/** When a member retires, a group closes, a term or a co-chairmanship ends (today if absent). */
export const OnDaySchema = Type.Object(
  { on: Type.Optional(Type.String({ maxLength: 10, description: 'YYYY-MM-DD' })) },
  { additionalProperties: false },
);
export type OnDay = Static<typeof OnDaySchema>;

/** `PATCH /groups/{slug}/chairs/{id}`: a term's dates corrected (`to` null: open). */
export const ChairTermChangeSchema = Type.Object(
  {
    from: Type.Optional(Type.String({ maxLength: 10 })),
    to: Type.Optional(Nullable(Type.String({ maxLength: 10 }))),
  },
  { additionalProperties: false },
);
export type ChairTermChange = Static<typeof ChairTermChangeSchema>;

/** `POST /groups/{slug}/co-chairs/{code}/end`: how many terms ended or were withdrawn. */
export const CoChairEndedSchema = Type.Object({ ended: Type.Integer() });
