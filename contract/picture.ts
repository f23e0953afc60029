// The threat picture's API contract: incidents (with the facts of Tansiq's incident extension),
// armed groups, the map, trends, correlations, the overview and event-data imports. TypeBox
// schemas that the routes declare (so the OpenAPI document describes them) and whose static types
// the web app imports (type-only). Nothing here imports from src/ or web/.
import { Type, type Static, type TSchemaOptions } from 'typebox';
import { AudienceSchema, LocalizedSchema, TlpSchema } from './common.ts';
import { EVENT_TYPES, SUB_EVENT_TYPES } from './vocabulary.ts';

export const EVENT_TYPE_VALUES = EVENT_TYPES;
/** ACLED's sub-event types by event type (ACLED Codebook 2023). */
export const SUB_EVENT_TYPE_VALUES = SUB_EVENT_TYPES;

export type EventTypeValue = (typeof EVENT_TYPE_VALUES)[number];
export type SubEventTypeValue = (typeof SUB_EVENT_TYPE_VALUES)[EventTypeValue][number];
const ALL_SUB_EVENT_TYPES = Object.values(SUB_EVENT_TYPE_VALUES).flat() as SubEventTypeValue[];

const literals = <T extends string>(values: readonly T[], options: TSchemaOptions = {}) =>
  Type.Enum([...values], options);
const Precision = (description: string) =>
  Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)], { description });
const Count = (description: string) =>
  Type.Integer({ minimum: 0, maximum: 1_000_000, description });
const Text = (maxLength: number, description?: string) =>
  Type.String({ minLength: 1, maxLength, ...(description ? { description } : {}) });
const StixRef = Type.String({
  pattern: '^(intrusion-set|threat-actor)--[0-9a-fA-F-]{36}$',
  description: 'an intrusion-set or threat-actor id',
});

const factProperties = {
  event_date: Type.String({
    pattern: '^\\d{4}-\\d{2}-\\d{2}$',
    format: 'date',
    description: 'the day of the event, YYYY-MM-DD (UTC)',
  }),
  time_precision: Type.Optional(
    Precision('1: the day is known; 2: the week; 3: the month or more'),
  ),
  event_type: literals(EVENT_TYPE_VALUES, { description: "ACLED's event type" }),
  sub_event_type: Type.Optional(
    literals(ALL_SUB_EVENT_TYPES, {
      description: "ACLED's sub-event type; it belongs to event_type",
    }),
  ),
  actors: Type.Optional(Type.Array(StixRef, { maxItems: 20, uniqueItems: true })),
  actor_names: Type.Optional(
    Type.Array(Text(300), { maxItems: 20, description: 'the actors as the source names them' }),
  ),
  country: Type.String({
    pattern: '^[A-Z]{2}$',
    description: 'ISO 3166-1 alpha-2 code of the country',
  }),
  admin1: Type.Optional(Text(200, 'first-level administrative area (region, state, province)')),
  admin2: Type.Optional(Text(200, 'second-level administrative area')),
  location: Type.Optional(Text(200, 'the place: town, village, site')),
  latitude: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  longitude: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  geo_precision: Type.Optional(
    Precision('1: the place itself; 2: near it or a part of a region; 3: the region only'),
  ),
  fatalities: Type.Optional(Count('reported deaths (the best estimate)')),
  fatalities_low: Type.Optional(Count('low estimate of deaths, where the source gives one')),
  fatalities_high: Type.Optional(Count('high estimate of deaths, where the source gives one')),
  wounded: Type.Optional(Count('reported wounded')),
  kidnapped: Type.Optional(Count('reported kidnapped or abducted')),
  source: Type.Optional(Text(1000, 'who reported it')),
  source_scale: Type.Optional(Text(100, 'local, subnational, national, regional, international…')),
  notes: Type.Optional(Type.String({ maxLength: 10_000 })),
  dataset: Type.Optional(
    Type.Object(
      {
        name: Text(40, '"ACLED" or "UCDP GED"'),
        event_id: Text(100, "the dataset's own event id"),
      },
      { additionalProperties: false, description: 'the event dataset the incident was read from' },
    ),
  ),
};

/**
 * The property extension Tansiq adds to STIX `incident` objects, as published (with this schema)
 * in the extension definition `extension-definition--90ed9663-…`.
 */
export const IncidentFactsSchema = Type.Object(
  {
    extension_type: Type.Literal('property-extension'),
    ...factProperties,
  },
  { additionalProperties: false, $id: 'https://tansiq.example/schemas/incident-facts-1.0.json' },
);
export type IncidentFactsBody = Static<typeof IncidentFactsSchema>;

/** The facts as a form sends them (the extension type is added by the server). */
export const FactsInput = Type.Object(factProperties, { additionalProperties: false });
export type FactsInput = Static<typeof FactsInput>;

const Tlp = TlpSchema;
const AudienceInput = Type.Union([
  Type.String({ maxLength: 120, description: '"member", "coalition" or "group:<slug>"' }),
  Type.Object(
    { recipients: Type.Array(Type.String({ maxLength: 16 }), { minItems: 1, maxItems: 500 }) },
    { additionalProperties: false },
  ),
]);
const Audience = AudienceSchema;

/** `POST /picture/incidents` and `PUT /picture/incidents/{id}` (a new version). */
export const IncidentInput = Type.Object(
  {
    name: Type.Optional(
      Type.String({ maxLength: 300, description: 'default: built from the facts' }),
    ),
    description: Type.Optional(Type.String({ maxLength: 10_000 })),
    facts: FactsInput,
    tlp: Type.Optional(Tlp),
    audience: AudienceInput,
    federate: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type IncidentInput = Static<typeof IncidentInput>;

/** A problem that does not stop the write (coordinates outside the named country). */
export const FactWarning = Type.Object({
  field: Type.String(),
  code: Type.String(),
  message: Type.String(),
});
export type FactWarning = Static<typeof FactWarning>;

export const Incident = Type.Object({
  id: Type.String(),
  version: Type.String({ description: 'the STIX `modified` of this version' }),
  created: Type.String(),
  name: Type.String(),
  description: Type.Optional(Type.String()),
  labels: Type.Array(Type.String()),
  facts: FactsInput,
  owner: Type.String(),
  tlp: Tlp,
  audience: Audience,
  federate: Type.Boolean(),
  source: Type.String(),
  date_added: Type.String(),
  /** The actors' names, in ar/fr/en where known (only groups the viewer may see). */
  actor_names: Type.Record(Type.String(), Type.Record(Type.String(), Type.String())),
});
export type Incident = Static<typeof Incident>;

export const IncidentWritten = Type.Object({
  incident: Incident,
  warnings: Type.Array(FactWarning),
});
export type IncidentWritten = Static<typeof IncidentWritten>;

/** Filters every picture query takes (in the query string). */
export const PictureFilters = Type.Object({
  from: Type.Optional(Type.String({ format: 'date', description: 'first event day, YYYY-MM-DD' })),
  to: Type.Optional(Type.String({ format: 'date', description: 'last event day, YYYY-MM-DD' })),
  group: Type.Optional(
    Type.String({ maxLength: 200, description: 'intrusion-set/threat-actor id' }),
  ),
  event_type: Type.Optional(literals(EVENT_TYPE_VALUES)),
  country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
});
export type PictureFilters = Static<typeof PictureFilters>;

export const CountryFigure = Type.Object({
  country: Type.String(),
  incidents: Type.Integer(),
  fatalities: Type.Integer(),
});
export const MapPoint = Type.Object({
  latitude: Type.Number(),
  longitude: Type.Number(),
  incidents: Type.Integer(),
  fatalities: Type.Integer(),
  /** The place's name, when every incident there names the same. */
  location: Type.Optional(Type.String()),
  country: Type.String(),
});
export const MapFigures = Type.Object({
  countries: Type.Array(CountryFigure),
  points: Type.Array(MapPoint),
  /** More places than the answer carries (the busiest are kept): narrow the filters. */
  points_truncated: Type.Boolean(),
  total: Type.Object({ incidents: Type.Integer(), fatalities: Type.Integer() }),
});
export type CountryFigure = Static<typeof CountryFigure>;
export type MapPoint = Static<typeof MapPoint>;
export type MapFigures = Static<typeof MapFigures>;

export const TREND_INTERVALS = ['week', 'month'] as const;
export const TREND_BREAKDOWNS = ['none', 'group', 'country', 'event_type'] as const;
export type TrendInterval = (typeof TREND_INTERVALS)[number];
export type TrendBreakdown = (typeof TREND_BREAKDOWNS)[number];
export const TrendQuery = Type.Intersect([
  PictureFilters,
  Type.Object({
    interval: Type.Optional(literals(TREND_INTERVALS)),
    by: Type.Optional(literals(TREND_BREAKDOWNS)),
  }),
]);
export type TrendQuery = Static<typeof TrendQuery>;

export const TrendSeries = Type.Object({
  /** A group id, a country code, an event type, `all`, or `other` (the rest together). */
  key: Type.String(),
  incidents: Type.Integer(),
  fatalities: Type.Integer(),
});
export const TrendBucket = Type.Object({
  /** The month (YYYY-MM) or the Monday of the ISO week (YYYY-MM-DD). */
  period: Type.String(),
  values: Type.Array(Type.Object({ incidents: Type.Integer(), fatalities: Type.Integer() }), {
    description: 'one per series, in the order of `series`',
  }),
});
export const Trend = Type.Object({
  interval: literals(TREND_INTERVALS),
  by: literals(TREND_BREAKDOWNS),
  series: Type.Array(TrendSeries),
  buckets: Type.Array(TrendBucket),
  /** Names of the groups among the series, by id and language. */
  names: Type.Record(Type.String(), Type.Record(Type.String(), Type.String())),
});
export type Trend = Static<typeof Trend>;
export type TrendSeries = Static<typeof TrendSeries>;
export type TrendBucket = Static<typeof TrendBucket>;

export const IncidentListQuery = Type.Intersect([
  PictureFilters,
  Type.Object({
    latitude: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    longitude: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    cursor: Type.Optional(Type.String({ maxLength: 100 })),
  }),
]);
export type IncidentListQuery = Static<typeof IncidentListQuery>;

export const IncidentSummary = Type.Object({
  id: Type.String(),
  name: Type.String(),
  event_date: Type.String(),
  event_type: Type.String(),
  sub_event_type: Type.Optional(Type.String()),
  country: Type.String(),
  admin1: Type.Optional(Type.String()),
  location: Type.Optional(Type.String()),
  fatalities: Type.Integer(),
  owner: Type.String(),
  tlp: Tlp,
  dataset: Type.Optional(Type.String()),
});
export type IncidentSummary = Static<typeof IncidentSummary>;
export const IncidentPage = Type.Object({
  items: Type.Array(IncidentSummary),
  total: Type.Integer(),
  next: Type.Union([Type.String(), Type.Null()]),
});
export type IncidentPage = Static<typeof IncidentPage>;

const Names = Type.Record(Type.String(), Type.String(), {
  description: 'by language (ar, fr, en)',
});
const AliasesByLang = Type.Record(Type.String(), Type.Array(Type.String()));

export const GroupSummary = Type.Object({
  id: Type.String(),
  type: Type.String(),
  names: Names,
  aliases: AliasesByLang,
  incidents: Type.Integer(),
  fatalities: Type.Integer(),
  last_event: Type.Union([Type.String(), Type.Null()]),
});
export type GroupSummary = Static<typeof GroupSummary>;
export const GroupList = Type.Object({ items: Type.Array(GroupSummary) });
export type GroupList = Static<typeof GroupList>;

export const Reference = Type.Object({
  id: Type.String(),
  type: Type.String(),
  name: Type.String(),
  owner: Type.String(),
  tlp: Tlp,
  /** The object's date: event day for incidents, `published` for reports, else `modified`. */
  date: Type.String(),
  /** Why it is here: it names the subject itself, or refers to something that does. */
  via: Type.Union([Type.Literal('direct'), Type.Literal('hop')]),
});
export type Reference = Static<typeof Reference>;

export const Correlation = Type.Object({
  kind: Type.String(),
  value: Type.String(),
  /** Every object found, newest first (at most 200). */
  objects: Type.Array(Reference),
  total: Type.Integer(),
  by_type: Type.Record(Type.String(), Type.Integer()),
  /** The members that reported on it (owners of what was found), with how much each. */
  members: Type.Array(Type.Object({ member: Type.String(), objects: Type.Integer() })),
});
export type Correlation = Static<typeof Correlation>;
export const CORRELATION_KINDS = ['ref', 'place', 'value'] as const;
export const CorrelationQuery = Type.Object({
  kind: literals(CORRELATION_KINDS, {
    description:
      'ref: an object id (group, person); place: CC or CC/admin1; value: an indicator value',
  }),
  value: Type.String({ minLength: 1, maxLength: 500 }),
});
export type CorrelationQuery = Static<typeof CorrelationQuery>;

export const GroupProfile = Type.Object({
  group: GroupSummary,
  description: Type.Record(Type.String(), Type.String()),
  owner: Type.String(),
  tlp: Tlp,
  related: Type.Array(
    Type.Object({
      id: Type.String(),
      type: Type.String(),
      names: Names,
      relationship_type: Type.String(),
      /** `out`: this group → the other; `in`: the other → this group. */
      direction: Type.Union([Type.Literal('out'), Type.Literal('in')]),
    }),
  ),
  correlation: Correlation,
});
export type GroupProfile = Static<typeof GroupProfile>;

export const NewItem = Type.Object({
  id: Type.String(),
  type: Type.String(),
  name: Type.String(),
  owner: Type.String(),
  tlp: Tlp,
  date_added: Type.String(),
});
export type NewItem = Static<typeof NewItem>;
/** A meeting of the reader's groups on the overview: coming up, or recorded since the last visit. */
export const OverviewMeeting = Type.Object({
  id: Type.String(),
  title: LocalizedSchema,
  group: Type.String({ description: 'working group slug' }),
  starts_at: Type.String(),
  ends_at: Type.String(),
  time_zone: Type.String(),
  place: Type.String(),
  modality: Type.Enum(['in_person', 'online', 'hybrid']),
  owner: Type.String(),
  tlp: Tlp,
  upcoming: Type.Boolean({ description: 'it has not ended yet' }),
  new: Type.Boolean({ description: 'recorded since the previous visit' }),
});
export type OverviewMeeting = Static<typeof OverviewMeeting>;

export const Overview = Type.Object({
  /** The previous visit; what was added since is "new". `null` on a first visit (last 14 days). */
  since: Type.Union([Type.String(), Type.Null()]),
  new_items: Type.Array(NewItem),
  /** By STIX type, and `meeting` for meetings recorded since. */
  new_counts: Type.Record(Type.String(), Type.Integer()),
  /** The next meetings the reader may see, then those recorded since the last visit. */
  meetings: Type.Array(OverviewMeeting),
  top_groups: Type.Array(GroupSummary),
  period: Type.Object({ from: Type.String(), to: Type.String() }),
});
export type Overview = Static<typeof Overview>;

export const IMPORT_STATES = ['running', 'done', 'failed'] as const;
export const ImportJob = Type.Object({
  id: Type.String(),
  state: literals(IMPORT_STATES),
  file_name: Type.String(),
  dataset: Type.Union([Type.String(), Type.Null()]),
  rows: Type.Integer({ description: 'data rows in the file (known after the first pass)' }),
  processed: Type.Integer(),
  stored: Type.Integer({ description: 'new incidents' }),
  updated: Type.Integer({ description: 'new versions of incidents already imported' }),
  unchanged: Type.Integer(),
  rejected: Type.Integer(),
  not_owner: Type.Integer({ description: 'rows whose incident another member already holds' }),
  errors: Type.Array(Type.Object({ line: Type.Integer(), reason: Type.String() }), {
    description: 'the first 200 rows that could not be read, with their line in the file',
  }),
  unknown_actors: Type.Array(Type.Object({ name: Type.String(), rows: Type.Integer() })),
  message: Type.Union([Type.String(), Type.Null()]),
  started_at: Type.String(),
  finished_at: Type.Union([Type.String(), Type.Null()]),
});
export type ImportJob = Static<typeof ImportJob>;

/** Africa's countries and territories: alpha-2 → ISO numeric (world-atlas ids). */
export const AFRICA: Record<string, string> = {
  DZ: '012',
  AO: '024',
  BJ: '204',
  BW: '072',
  BF: '854',
  BI: '108',
  CV: '132',
  CM: '120',
  CF: '140',
  TD: '148',
  KM: '174',
  CG: '178',
  CI: '384',
  CD: '180',
  DJ: '262',
  EG: '818',
  GQ: '226',
  ER: '232',
  ET: '231',
  GA: '266',
  GM: '270',
  GH: '288',
  GN: '324',
  GW: '624',
  KE: '404',
  LS: '426',
  LR: '430',
  LY: '434',
  MG: '450',
  MW: '454',
  ML: '466',
  MR: '478',
  MU: '480',
  MA: '504',
  MZ: '508',
  NA: '516',
  NE: '562',
  NG: '566',
  RW: '646',
  ST: '678',
  SN: '686',
  SC: '690',
  SL: '694',
  SO: '706',
  ZA: '710',
  SS: '728',
  SD: '729',
  SZ: '748',
  TZ: '834',
  TG: '768',
  TN: '788',
  UG: '800',
  EH: '732',
  ZM: '894',
  ZW: '716',
};
