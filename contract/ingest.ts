// The contract of article ingestion: what `POST /api/v1/ingest` accepts, the extraction it returns,
// the draft an analyst reviews and what publishing it takes. TypeBox schemas (the routes validate
// with them and the OpenAPI document is derived from them); the web app imports only their types.
import { Type, type Static } from 'typebox';
import { AudienceSchema, TlpSchema } from './common.ts';

/** Offsets of a mention in the article's cleaned `text` (UTF-16 code units, end exclusive). */
export const Span = Type.Object({
  start: Type.Integer({ minimum: 0 }),
  end: Type.Integer({ minimum: 0 }),
});
export type Span = Static<typeof Span>;
const Offsets = Type.Array(Span);

export const Person = Type.Object({
  name: Type.String(),
  role: Type.Optional(Type.String()),
  offsets: Offsets,
});
export const Organization = Type.Object({
  name: Type.String(),
  key: Type.Optional(
    Type.String({ description: 'the built-in organisation it was recognised as' }),
  ),
  offsets: Offsets,
});
export const ArmedGroup = Type.Object({
  name: Type.String(),
  key: Type.Optional(Type.String({ description: 'built-in group key (iswap, jnim, …)' })),
  ref: Type.Optional(Type.String({ description: 'intrusion-set or threat-actor id in the store' })),
  offsets: Offsets,
});
export const PLACE_KINDS = ['town', 'admin1', 'area'] as const;
export const Place = Type.Object({
  name: Type.String({ description: 'as the gazetteer names it' }),
  text: Type.String({ description: 'as the article writes it (first mention)' }),
  kind: Type.Enum(PLACE_KINDS),
  country: Type.Optional(
    Type.String({ description: 'ISO 3166-1 alpha-2; absent for an area across borders' }),
  ),
  countries: Type.Optional(Type.Array(Type.String())),
  admin1: Type.Optional(Type.String()),
  lat: Type.Optional(Type.Number()),
  lon: Type.Optional(Type.Number()),
  offsets: Offsets,
});
export const DateMention = Type.Object({
  text: Type.String(),
  date: Type.Union([Type.String({ description: 'YYYY-MM-DD, YYYY-MM or YYYY' }), Type.Null()]),
  precision: Type.Union([
    Type.Literal('day'),
    Type.Literal('week'),
    Type.Literal('month'),
    Type.Literal('year'),
  ]),
  relative: Type.Boolean(),
  offsets: Offsets,
});
export const CASUALTY_KINDS = ['killed', 'wounded', 'kidnapped'] as const;
export const Casualty = Type.Object({
  kind: Type.Enum(CASUALTY_KINDS),
  count: Type.Integer({ minimum: 0 }),
  text: Type.String(),
  offsets: Offsets,
});
export const EVENT_TYPES = [
  'battles',
  'explosions_remote_violence',
  'violence_against_civilians',
  'protests',
  'riots',
  'strategic_developments',
] as const;
export const Incident = Type.Object({
  date: Type.Optional(Type.String()),
  country: Type.Optional(Type.String()),
  admin1: Type.Optional(Type.String()),
  location: Type.Optional(Type.String()),
  lat: Type.Optional(Type.Number()),
  lon: Type.Optional(Type.Number()),
  fatalities: Type.Optional(Type.Integer({ minimum: 0 })),
  wounded: Type.Optional(Type.Integer({ minimum: 0 })),
  kidnapped: Type.Optional(Type.Integer({ minimum: 0 })),
  groups: Type.Array(Type.String()),
  group_refs: Type.Array(Type.String()),
  event_type: Type.Enum(EVENT_TYPES),
  summary: Type.String({ description: 'the sentences the incident was read from' }),
  casualties: Type.Array(Casualty),
  offsets: Offsets,
});

export const FIGURE_KINDS = ['members', 'countries', 'delegations', 'participants'] as const;
/** A count of members, states, delegations or participants ("83 members"). */
export const Figure = Type.Object({
  count: Type.Integer({ minimum: 0 }),
  what: Type.Enum(FIGURE_KINDS),
  text: Type.String(),
  offsets: Offsets,
});
export type Figure = Static<typeof Figure>;

/** What the extraction finds in one article (the CLI prints it; a draft keeps it). */
export const Extraction = Type.Object({
  language: Type.String(),
  title: Type.String(),
  text: Type.String(),
  published: Type.Optional(Type.String()),
  source: Type.Optional(Type.String()),
  people: Type.Array(Person),
  organizations: Type.Array(Organization),
  groups: Type.Array(ArmedGroup),
  places: Type.Array(Place),
  countries: Type.Array(Type.String({ description: 'ISO 3166-1 alpha-2' })),
  country_offsets: Type.Record(Type.String(), Offsets),
  dates: Type.Array(DateMention),
  figures: Type.Array(Figure),
  incidents: Type.Array(Incident),
});
export type Extraction = Static<typeof Extraction>;
export type Person = Static<typeof Person>;
export type Organization = Static<typeof Organization>;
export type ArmedGroup = Static<typeof ArmedGroup>;
export type Place = Static<typeof Place>;
export type DateMention = Static<typeof DateMention>;
export type Casualty = Static<typeof Casualty>;
export type Incident = Static<typeof Incident>;
export type CasualtyKind = (typeof CASUALTY_KINDS)[number];
export type EventType = (typeof EVENT_TYPES)[number];

/** Largest article accepted, in bytes of UTF-8 (issue 11). */
export const ARTICLE_LIMIT_BYTES = 5 * 1024 * 1024;

/** `POST /api/v1/ingest`: the article as text or HTML (pasted, a saved page or a file's content). */
export const IngestRequest = Type.Object(
  {
    // The 5 MB limit is checked in bytes by the service (413), not as a length here (400).
    content: Type.String({ description: 'the article: plain text or HTML, at most 5 MB (UTF-8)' }),
    source: Type.Optional(Type.String({ maxLength: 2000, description: 'the article address' })),
    published: Type.Optional(
      Type.String({
        pattern: '^\\d{4}-\\d{2}-\\d{2}$',
        description: 'publication date, YYYY-MM-DD',
      }),
    ),
    filename: Type.Optional(Type.String({ maxLength: 300 })),
  },
  { additionalProperties: false },
);
export type IngestRequest = Static<typeof IngestRequest>;

/** The analyst's review: each entity accepted, corrected or dropped, links to the store. */
const Review = <T extends Parameters<typeof Type.Intersect>[0][number]>(entity: T) =>
  Type.Intersect([
    entity,
    Type.Object({
      status: Type.Union([
        Type.Literal('proposed'),
        Type.Literal('accepted'),
        Type.Literal('dropped'),
      ]),
    }),
  ]);

export const ReviewedPerson = Review(
  Type.Object({
    name: Type.String({ maxLength: 300 }),
    role: Type.Optional(Type.String({ maxLength: 500 })),
    member: Type.Optional(
      Type.String({ maxLength: 16, description: 'member code it is linked to' }),
    ),
    offsets: Offsets,
  }),
);
export const ReviewedGroup = Review(
  Type.Object({
    name: Type.String({ maxLength: 300 }),
    key: Type.Optional(Type.String({ maxLength: 60 })),
    ref: Type.Optional(
      Type.String({ maxLength: 100, description: 'intrusion-set or threat-actor id' }),
    ),
    offsets: Offsets,
  }),
);
export const ReviewedPlace = Review(
  Type.Object({
    name: Type.String({ maxLength: 300 }),
    text: Type.Optional(Type.String({ maxLength: 300 })),
    kind: Type.Optional(Type.Enum(PLACE_KINDS)),
    country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
    admin1: Type.Optional(Type.String({ maxLength: 200 })),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    ref: Type.Optional(Type.String({ maxLength: 100, description: 'location id in the store' })),
    offsets: Offsets,
  }),
);
export const ReviewedOrganization = Review(
  Type.Object({ name: Type.String({ maxLength: 300 }), offsets: Offsets }),
);
export const ReviewedDate = Review(
  Type.Object({
    text: Type.String({ maxLength: 300 }),
    date: Type.Union([Type.String({ pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$' }), Type.Null()]),
    offsets: Offsets,
  }),
);
export const ReviewedIncident = Type.Object({
  status: Type.Union([Type.Literal('proposed'), Type.Literal('accepted'), Type.Literal('dropped')]),
  name: Type.String({ maxLength: 300 }),
  date: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
  country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
  admin1: Type.Optional(Type.String({ maxLength: 200 })),
  location: Type.Optional(Type.String({ maxLength: 300 })),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  fatalities: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  wounded: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  kidnapped: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  event_type: Type.Enum(EVENT_TYPES),
  group_refs: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 }),
  groups: Type.Array(Type.String({ maxLength: 300 }), { maxItems: 50 }),
  summary: Type.String({ maxLength: 20_000 }),
});

export const DraftReview = Type.Object(
  {
    report: Type.Object(
      {
        name: Type.String({ maxLength: 500 }),
        description: Type.String({ maxLength: 20_000 }),
      },
      { additionalProperties: false },
    ),
    people: Type.Array(ReviewedPerson, { maxItems: 2000 }),
    organizations: Type.Array(ReviewedOrganization, { maxItems: 2000 }),
    groups: Type.Array(ReviewedGroup, { maxItems: 2000 }),
    places: Type.Array(ReviewedPlace, { maxItems: 2000 }),
    dates: Type.Array(ReviewedDate, { maxItems: 2000 }),
    incidents: Type.Array(ReviewedIncident, { maxItems: 500 }),
  },
  { additionalProperties: false },
);
export type DraftReview = Static<typeof DraftReview>;
export type ReviewedPerson = Static<typeof ReviewedPerson>;
export type ReviewedGroup = Static<typeof ReviewedGroup>;
export type ReviewedPlace = Static<typeof ReviewedPlace>;
export type ReviewedIncident = Static<typeof ReviewedIncident>;
export type ReviewedDate = Static<typeof ReviewedDate>;
export type ReviewStatus = 'proposed' | 'accepted' | 'dropped';

export const DRAFT_STATUSES = ['draft', 'published'] as const;

/** A draft as the API presents it: only ever to members of its owner member. */
export const Draft = Type.Object({
  id: Type.String(),
  status: Type.Enum(DRAFT_STATUSES),
  owner: Type.String({ description: 'owner member code' }),
  created_by: Type.String({ description: 'username' }),
  created_at: Type.String(),
  updated_at: Type.String(),
  language: Type.String(),
  title: Type.String(),
  source: Type.Union([Type.String(), Type.Null()]),
  published: Type.Union([Type.String(), Type.Null()]),
  report_id: Type.Union([Type.String(), Type.Null()]),
  extraction: Extraction,
  review: DraftReview,
});
export type Draft = Static<typeof Draft>;

export const DraftSummary = Type.Object({
  id: Type.String(),
  status: Type.Enum(DRAFT_STATUSES),
  created_by: Type.String(),
  created_at: Type.String(),
  updated_at: Type.String(),
  language: Type.String(),
  title: Type.String(),
  report_id: Type.Union([Type.String(), Type.Null()]),
});
export type DraftSummary = Static<typeof DraftSummary>;

/** `POST /api/v1/ingest/drafts/{id}/publish`: like any report, an audience and a TLP level. */
export const PublishRequest = Type.Object(
  {
    audience: AudienceSchema,
    tlp: Type.Optional(TlpSchema),
    federate: Type.Optional(Type.Boolean()),
    review: Type.Optional(DraftReview),
  },
  { additionalProperties: false },
);
export type PublishRequest = Static<typeof PublishRequest>;

export const PublishResult = Type.Object({
  report_id: Type.String(),
  incident_ids: Type.Array(Type.String()),
  object_ids: Type.Array(Type.String()),
});
export type PublishResult = Static<typeof PublishResult>;

/** What an entity can be linked to: the store's groups and places the analyst may read. */
export const LinkTargets = Type.Object({
  groups: Type.Array(
    Type.Object({ id: Type.String(), name: Type.String(), aliases: Type.Array(Type.String()) }),
  ),
  places: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      country: Type.Optional(Type.String()),
      lat: Type.Optional(Type.Number()),
      lon: Type.Optional(Type.Number()),
    }),
  ),
});
export type LinkTargets = Static<typeof LinkTargets>;
