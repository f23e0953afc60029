// The coordination API contract (issue 10): request and response schemas as TypeBox schemas. The
// routes declare them (so the OpenAPI document describes every body); the web app imports only
// their `Static` types.
import { Type, type Static } from 'typebox';
import { AudienceSchema, ItemsOf, LocalizedSchema, TlpSchema, type Audience } from './common.ts';

const str = (maxLength: number, extra: Record<string, unknown> = {}) =>
  Type.String({ maxLength, ...extra });
const closed = { additionalProperties: false } as const;

/** A date `YYYY-MM-DD`. */
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 });
const Code = str(16, { description: 'a member code, e.g. NE' });
const Iso2 = Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2 code' });

/** Text in the working languages as written: at least one of them (the server checks which). */
export const TextsInput = (maxLength: number) =>
  Type.Object(
    {
      ar: Type.Optional(str(maxLength)),
      fr: Type.Optional(str(maxLength)),
      en: Type.Optional(str(maxLength)),
    },
    closed,
  );
/** Text in the three languages as stored: `''` where a language was not written. */
export const Texts = LocalizedSchema;
export type Texts = Static<typeof Texts>;

export const Tlp = TlpSchema;
/** An audience as a writer gives it (bounded lengths); presented as `AudienceSchema`. */
export const AudienceSpec = Type.Union([
  str(120, { description: '"member", "coalition" or "group:<slug>"' }),
  Type.Object(
    { recipients: Type.Array(Code, { minItems: 1, maxItems: 500 }) },
    { ...closed, description: 'named recipient members' },
  ),
]);
/** How a writer shares a record, as for any shared record (TLP default AMBER). */
export const SharingInput = {
  audience: AudienceSpec,
  tlp: Type.Optional(Tlp),
  federate: Type.Optional(Type.Boolean()),
};
/** The sharing envelope as presented. */
export const Sharing = {
  owner: Type.String({ description: 'owner member code' }),
  audience: Type.Unsafe<Audience>(AudienceSchema),
  tlp: Tlp,
  federate: Type.Boolean(),
};

// ---------------------------------------------------------------- domains

export const Domain = Type.Object({
  key: Type.String(),
  names: Texts,
});
export type Domain = Static<typeof Domain>;
export const NewDomain = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' }),
    names: Type.Object(
      {
        ar: str(120, { minLength: 1 }),
        fr: str(120, { minLength: 1 }),
        en: str(120, { minLength: 1 }),
      },
      closed,
    ),
  },
  closed,
);
export type NewDomain = Static<typeof NewDomain>;

// ---------------------------------------------------------------- projects

export const ProjectStatus = Type.Enum([
  'pipeline',
  'active',
  'completed',
  'suspended',
  'cancelled',
]);
export type ProjectStatus = Static<typeof ProjectStatus>;
export const PartyRole = Type.Enum(['funding', 'accountable', 'extending', 'implementing']);
export type PartyRole = Static<typeof PartyRole>;

/** A donor or partner: a member (by code) or another organisation (by name). */
export const OrgInput = Type.Object(
  { member: Type.Optional(Code), name: Type.Optional(str(300)) },
  closed,
);
export type OrgInput = Static<typeof OrgInput>;
export const Party = Type.Object({
  role: PartyRole,
  member: Type.Union([Type.String(), Type.Null()]),
  name: Type.Union([Type.String(), Type.Null()]),
  ref: Type.Union([Type.String(), Type.Null()], { description: 'IATI organisation identifier' }),
});
export type Party = Static<typeof Party>;

export const Contact = Type.Object(
  {
    name: str(200),
    organisation: Type.Optional(str(200)),
    email: Type.Optional(str(200)),
    phone: Type.Optional(str(60)),
  },
  closed,
);
export type Contact = Static<typeof Contact>;

export const CountryInput = Type.Object(
  {
    country: Iso2,
    admin1: Type.Optional(Type.Union([str(200), Type.Null()])),
    percentage: Type.Optional(Type.Union([Type.Number({ minimum: 0, maximum: 100 }), Type.Null()])),
  },
  closed,
);
export const BeneficiaryCountry = Type.Object({
  country: Type.String(),
  admin1: Type.Union([Type.String(), Type.Null()]),
  percentage: Type.Union([Type.Number(), Type.Null()]),
});
export const Region = Type.Object({
  code: Type.String(),
  vocabulary: Type.String(),
  percentage: Type.Union([Type.Number(), Type.Null()]),
});
export const Sector = Type.Object({
  vocabulary: Type.String({
    description: 'IATI sector vocabulary: 1 DAC 5-digit, 2 DAC 3-digit, 99 publisher',
  }),
  code: Type.String(),
  percentage: Type.Union([Type.Number(), Type.Null()]),
  narrative: Type.Union([Type.String(), Type.Null()]),
});

export const ProjectInput = Type.Object(
  {
    title: TextsInput(500),
    description: Type.Optional(TextsInput(20_000)),
    donors: Type.Array(OrgInput, { maxItems: 50 }),
    implementers: Type.Optional(Type.Array(OrgInput, { maxItems: 50 })),
    countries: Type.Array(CountryInput, { minItems: 1, maxItems: 60 }),
    domains: Type.Array(Type.String({ maxLength: 40 }), { minItems: 1, maxItems: 20 }),
    starts_on: Day,
    ends_on: Type.Optional(Type.Union([Day, Type.Null()])),
    status: ProjectStatus,
    budget: Type.Optional(Type.Union([Type.Number({ minimum: 0, maximum: 1e13 }), Type.Null()])),
    currency: Type.Optional(Type.Union([Type.String({ pattern: '^[A-Za-z]{3}$' }), Type.Null()])),
    contacts: Type.Optional(Type.Array(Contact, { maxItems: 20 })),
    ...SharingInput,
  },
  closed,
);
export type ProjectInput = Static<typeof ProjectInput>;

export const Project = Type.Object({
  id: Type.String(),
  title: Texts,
  description: Texts,
  parties: Type.Array(Party),
  countries: Type.Array(BeneficiaryCountry),
  regions: Type.Array(Region),
  domains: Type.Array(Type.String()),
  sectors: Type.Array(Sector),
  starts_on: Type.String(),
  ends_on: Type.Union([Type.String(), Type.Null()]),
  status: ProjectStatus,
  budget: Type.Union([Type.Number(), Type.Null()]),
  currency: Type.Union([Type.String(), Type.Null()]),
  contacts: Type.Array(Contact),
  source: Type.Enum(['local', 'csv', 'iati', 'demo']),
  iati_identifier: Type.Union([Type.String(), Type.Null()]),
  reporting_org: Type.Union([
    Type.Object({
      ref: Type.Union([Type.String(), Type.Null()]),
      name: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Null(),
  ]),
  /** Needs (visible to the reader) this project answers. */
  answers: Type.Array(Type.String()),
  exercise: Type.Boolean(),
  may_edit: Type.Boolean(),
  created_at: Type.String(),
  updated_at: Type.String(),
  ...Sharing,
});
export type Project = Static<typeof Project>;

export const ProjectFilters = Type.Object({
  country: Type.Optional(Iso2),
  domain: Type.Optional(Type.String({ maxLength: 40 })),
  status: Type.Optional(Type.String({ maxLength: 100, description: 'statuses, comma-separated' })),
  donor: Type.Optional(Type.String({ maxLength: 300, description: 'a donor member code or name' })),
  from: Type.Optional(Day),
  to: Type.Optional(Day),
  source: Type.Optional(Type.Enum(['local', 'csv', 'iati', 'demo'])),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'words in a title' })),
});
export type ProjectFilters = Static<typeof ProjectFilters>;
export const ProjectPage = Type.Object({
  items: Type.Array(Project),
  total: Type.Integer(),
  next: Type.Union([Type.String(), Type.Null()]),
});
export type ProjectPage = Static<typeof ProjectPage>;

// ---------------------------------------------------------------- the matrix

export const Money = Type.Object({ currency: Type.String(), amount: Type.Number() });
export type Money = Static<typeof Money>;
export const MatrixCell = Type.Object({
  country: Type.String(),
  domain: Type.String(),
  projects: Type.Integer(),
  active: Type.Integer(),
  donors: Type.Array(Type.String({ description: 'member code, or an organisation name' })),
  budgets: Type.Array(Money),
  needs_open: Type.Integer({ description: 'stated needs no project answers yet' }),
  needs_covered: Type.Integer(),
  gap: Type.Union([Type.Enum(['need', 'empty']), Type.Null()], {
    description: 'need: an unanswered need; empty: no project at all',
  }),
  overlap: Type.Boolean({
    description: 'two or more donors with projects in this cell over overlapping periods',
  }),
});
export type MatrixCell = Static<typeof MatrixCell>;
export const Matrix = Type.Object({
  domains: Type.Array(Domain),
  countries: Type.Array(
    Type.Object({ country: Type.String(), projects: Type.Integer(), needs_open: Type.Integer() }),
  ),
  cells: Type.Array(MatrixCell),
  /** Regional projects (a recipient region, no country) are not in a country row. */
  regional_projects: Type.Integer(),
});
export type Matrix = Static<typeof Matrix>;
export const MatrixFilters = Type.Object({
  from: Type.Optional(Day),
  to: Type.Optional(Day),
  donor: Type.Optional(Type.String({ maxLength: 300 })),
  status: Type.Optional(Type.String({ maxLength: 100 })),
});
export type MatrixFilters = Static<typeof MatrixFilters>;

// ---------------------------------------------------------------- imports

export const ImportProblem = Type.Object({
  line: Type.Union([Type.Integer(), Type.Null()]),
  identifier: Type.Union([Type.String(), Type.Null()], { description: 'IATI activity identifier' }),
  field: Type.Union([Type.String(), Type.Null()]),
  message: Type.String(),
});
export type ImportProblem = Static<typeof ImportProblem>;
export const ImportResult = Type.Object({
  format: Type.Enum(['csv', 'iati']),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Type.Integer(),
  /** The first problems (lines or activities), at most 200; `rejected` counts them all. */
  problems: Type.Array(ImportProblem),
  warnings: Type.Array(ImportProblem),
});
export type ImportResult = Static<typeof ImportResult>;
/** One line of the streamed import answer (NDJSON): progress, then the result. */
export type ImportProgress =
  | { phase: 'parse' | 'write'; done: number; total: number }
  | { result: ImportResult }
  | { error: { code: string; message: string; field?: string; problems?: ImportProblem[] } };
export const ImportQuery = Type.Object({
  audience: Type.Optional(
    Type.String({
      maxLength: 300,
      description: 'for IATI: member | coalition | group:<slug> | recipients:NE,US',
    }),
  ),
  tlp: Type.Optional(Tlp),
  federate: Type.Optional(Type.Boolean()),
});

// ---------------------------------------------------------------- needs

export const NeedPriority = Type.Enum(['high', 'medium', 'low']);
export type NeedPriority = Static<typeof NeedPriority>;
export const NeedInput = Type.Object(
  {
    country: Iso2,
    admin1: Type.Optional(Type.Union([str(200), Type.Null()])),
    domain: Type.String({ maxLength: 40 }),
    title: TextsInput(500),
    description: Type.Optional(TextsInput(20_000)),
    priority: NeedPriority,
    ...SharingInput,
  },
  closed,
);
export type NeedInput = Static<typeof NeedInput>;
export const NeedChange = Type.Object(
  {
    title: Type.Optional(TextsInput(500)),
    description: Type.Optional(TextsInput(20_000)),
    priority: Type.Optional(NeedPriority),
    admin1: Type.Optional(Type.Union([str(200), Type.Null()])),
    status: Type.Optional(Type.Enum(['open', 'withdrawn'])),
  },
  closed,
);
export type NeedChange = Static<typeof NeedChange>;
export const Need = Type.Object({
  id: Type.String(),
  country: Type.String(),
  admin1: Type.Union([Type.String(), Type.Null()]),
  domain: Type.String(),
  title: Texts,
  description: Texts,
  priority: NeedPriority,
  status: Type.Enum(['open', 'covered', 'withdrawn']),
  /** Projects (visible to the reader) that answer this need. */
  answered_by: Type.Array(
    Type.Object({ id: Type.String(), title: Texts, donors: Type.Array(Type.String()) }),
  ),
  exercise: Type.Boolean(),
  may_edit: Type.Boolean(),
  created_at: Type.String(),
  ...Sharing,
});
export type Need = Static<typeof Need>;
export const NeedFilters = Type.Object({
  country: Type.Optional(Iso2),
  domain: Type.Optional(Type.String({ maxLength: 40 })),
  status: Type.Optional(Type.Enum(['open', 'covered', 'withdrawn'])),
});
export type NeedFilters = Static<typeof NeedFilters>;
export const NeedAnswer = Type.Object({ project: Type.String({ maxLength: 64 }) }, closed);

// ---------------------------------------------------------------- meetings

export const Modality = Type.Enum(['in_person', 'online', 'hybrid']);
export type Modality = Static<typeof Modality>;
export const ParticipantRole = Type.Enum(['chair', 'speaker', 'delegate', 'observer']);
export type ParticipantRole = Static<typeof ParticipantRole>;
export const Presence = Type.Enum(['in_person', 'video']);
export type Presence = Static<typeof Presence>;
export const ActionStatus = Type.Enum(['open', 'done', 'dropped']);
export type ActionStatus = Static<typeof ActionStatus>;
/** Wall-clock time in the meeting's time zone. */
const LocalTime = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}$',
  description: 'local time YYYY-MM-DDTHH:mm in time_zone',
});

export const AgendaItemInput = Type.Object(
  {
    title: TextsInput(500),
    presenter: Type.Optional(Type.Union([Code, Type.Null()])),
    presenter_name: Type.Optional(Type.Union([str(200), Type.Null()])),
  },
  closed,
);
export const ParticipantInput = Type.Object(
  { member: Code, person: str(200, { minLength: 1 }), role: ParticipantRole, presence: Presence },
  closed,
);
export const DecisionInput = Type.Object({ text: TextsInput(5000) }, closed);
export const ActionInput = Type.Object(
  { text: TextsInput(2000), owner: Code, due_on: Day },
  closed,
);
export type ActionInput = Static<typeof ActionInput>;

const meetingFields = {
  title: TextsInput(500),
  start: LocalTime,
  end: LocalTime,
  time_zone: Type.String({ maxLength: 64, description: 'IANA time zone, e.g. Europe/Brussels' }),
  place: str(300),
  modality: Modality,
  agenda: Type.Optional(Type.Array(AgendaItemInput, { maxItems: 100 })),
  participants: Type.Optional(Type.Array(ParticipantInput, { maxItems: 500 })),
  minutes: Type.Optional(TextsInput(100_000)),
  decisions: Type.Optional(Type.Array(DecisionInput, { maxItems: 200 })),
  reports: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 })),
};
export const MeetingInput = Type.Object(
  {
    group: Type.String({ maxLength: 64, description: 'working group slug' }),
    ...meetingFields,
    actions: Type.Optional(Type.Array(ActionInput, { maxItems: 200 })),
    ...SharingInput,
  },
  closed,
);
export type MeetingInput = Static<typeof MeetingInput>;
/** A meeting edited: everything but its group, sharing and action items (edited one by one). */
export const MeetingChange = Type.Object(meetingFields, closed);
export type MeetingChange = Static<typeof MeetingChange>;

export const Action = Type.Object({
  id: Type.String(),
  meeting: Type.Object({
    id: Type.String(),
    title: Texts,
    group: Type.String(),
    starts_at: Type.String(),
  }),
  text: Texts,
  owner: Type.String(),
  due_on: Type.String(),
  status: ActionStatus,
  overdue: Type.Boolean(),
  done_at: Type.Union([Type.String(), Type.Null()]),
  may_mark: Type.Boolean({ description: 'the reader may mark it done or open' }),
  may_edit: Type.Boolean(),
});
export type Action = Static<typeof Action>;
export const ActionChange = Type.Object(
  {
    status: Type.Optional(ActionStatus),
    text: Type.Optional(TextsInput(2000)),
    owner: Type.Optional(Code),
    due_on: Type.Optional(Day),
  },
  closed,
);
export type ActionChange = Static<typeof ActionChange>;

export const MeetingSummary = Type.Object({
  id: Type.String(),
  group: Type.String(),
  title: Texts,
  start: Type.String(),
  end: Type.String(),
  time_zone: Type.String(),
  starts_at: Type.String(),
  ends_at: Type.String(),
  place: Type.String(),
  modality: Modality,
  open_actions: Type.Integer(),
  exercise: Type.Boolean(),
  ...Sharing,
});
export type MeetingSummary = Static<typeof MeetingSummary>;
export const Meeting = Type.Object({
  ...MeetingSummary.properties,
  agenda: Type.Array(
    Type.Object({
      title: Texts,
      presenter: Type.Union([Type.String(), Type.Null()]),
      presenter_name: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  participants: Type.Array(
    Type.Object({
      member: Type.String(),
      person: Type.String(),
      role: ParticipantRole,
      presence: Presence,
    }),
  ),
  minutes: Texts,
  decisions: Type.Array(Type.Object({ text: Texts })),
  actions: Type.Array(Action),
  /** Linked reports the reader may read (others are not shown). */
  reports: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  may_edit: Type.Boolean(),
  created_at: Type.String(),
  updated_at: Type.String(),
});
export type Meeting = Static<typeof Meeting>;
export const MeetingFilters = Type.Object({
  group: Type.Optional(Type.String({ maxLength: 64 })),
  when: Type.Optional(Type.Enum(['upcoming', 'past'])),
});
export type MeetingFilters = Static<typeof MeetingFilters>;

export const CalendarFeed = Type.Object({
  active: Type.Boolean(),
  created_at: Type.Union([Type.String(), Type.Null()]),
  /** Only in the answer that creates it: the secret address, shown once. */
  url: Type.Optional(Type.String()),
});
export type CalendarFeed = Static<typeof CalendarFeed>;

// ---------------------------------------------------------------- communiqués

export const CommuniqueInput = Type.Object(
  {
    group: Type.String({ maxLength: 64 }),
    title: TextsInput(500),
    body: TextsInput(50_000),
    tlp: Type.Optional(Type.Enum(['green', 'amber', 'amber+strict'])),
  },
  closed,
);
export type CommuniqueInput = Static<typeof CommuniqueInput>;
export const CommuniqueChange = Type.Object(
  { title: TextsInput(500), body: TextsInput(50_000) },
  closed,
);
export type CommuniqueChange = Static<typeof CommuniqueChange>;
export const Communique = Type.Object({
  id: Type.String(),
  group: Type.String(),
  title: Texts,
  body: Texts,
  status: Type.Enum(['draft', 'published']),
  revision: Type.Integer(),
  /** The co-chairs in office today and whether each approved the current revision. */
  co_chairs: Type.Array(
    Type.Object({
      member: Type.String(),
      approved: Type.Boolean(),
      approved_at: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  approved_by_all: Type.Boolean(),
  may_edit: Type.Boolean(),
  may_approve: Type.Boolean(),
  may_publish: Type.Boolean(),
  exercise: Type.Boolean(),
  created_at: Type.String(),
  updated_at: Type.String(),
  published_at: Type.Union([Type.String(), Type.Null()]),
  ...Sharing,
});
export type Communique = Static<typeof Communique>;
export const CommuniqueFilters = Type.Object({
  group: Type.Optional(Type.String({ maxLength: 64 })),
  status: Type.Optional(Type.Enum(['draft', 'published'])),
});

export const Items = ItemsOf;
export const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
