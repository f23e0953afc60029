import { SUB_EVENT_TYPES, type EventType, type IncidentFacts } from '../stix/extensions.ts';
import { countryByName, countryByNumeric, foldName } from './countries.ts';

/**
 * Reading the two event datasets analysts use, as they arrive after spreadsheets, pandas and R:
 * ACLED's CSV export (the current lower-case columns, and the upper-case generations before 2019
 * with their older event types and `ally_actor_*`), and UCDP GED's CSV (CC BY 4.0). Pure functions:
 * a header tells the dataset, a row becomes facts or a reason it cannot be read.
 */

export type DatasetKind = 'acled' | 'acled-legacy' | 'ucdp-ged';
export const DATASET_NAMES: Record<DatasetKind, string> = {
  acled: 'ACLED',
  'acled-legacy': 'ACLED',
  'ucdp-ged': 'UCDP GED',
};

export interface Header {
  kind: DatasetKind;
  /** Column name (lower case) → position in the row. */
  columns: Map<string, number>;
  width: number;
}

// An unnamed first column is a row index written by pandas (`Unnamed: 0`, ``) or R (``, `X`, `...1`).
const INDEX_COLUMN = /^(|unnamed: ?\d+|x|\.\.\.\d+|index|row\.names)$/;

/** Recognises the dataset from its header; null when it is neither. */
export function readHeader(cells: string[]): Header | null {
  const columns = new Map<string, number>();
  cells.forEach((cell, i) => {
    const name = cell
      .trim()
      .replace(/^\uFEFF/, '')
      .toLowerCase();
    if (!INDEX_COLUMN.test(name) && !columns.has(name)) columns.set(name, i);
  });
  const has = (...names: string[]) => names.every((n) => columns.has(n));
  let kind: DatasetKind | null = null;
  if (has('event_id_cnty', 'event_date', 'event_type'))
    kind = has('sub_event_type') ? 'acled' : 'acled-legacy';
  else if (has('id', 'type_of_violence', 'date_start', 'best')) kind = 'ucdp-ged';
  return kind ? { kind, columns, width: cells.length } : null;
}

export const HEADER_HELP =
  'the first line is neither an ACLED export (event_id_cnty, event_date, event_type, …) nor a UCDP GED file (id, type_of_violence, date_start, best, …)';

const EMPTY = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '#n/a', '-']);

/** A cell, trimmed; `NA`, `NaN`, `NULL`, empty → undefined. */
export function cell(row: string[], header: Header, name: string): string | undefined {
  const i = header.columns.get(name);
  if (i === undefined) return undefined;
  // R writes row names without a header cell: such rows are one longer than the header.
  const shift = row.length === header.width + 1 ? 1 : 0;
  const raw = row[i + shift];
  if (raw === undefined) return undefined;
  const value = raw.trim();
  return EMPTY.has(value.toLowerCase()) ? undefined : value;
}

/** `198390.0` (pandas writes integers of a column with gaps as floats) → `198390`. */
export function plainId(value: string): string {
  return /^\d+\.0+$/.test(value) ? value.replace(/\.0+$/, '') : value;
}

export function parseNumber(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  let v = value.replace(/\s/g, '');
  if (/^-?\d+,\d+$/.test(v)) v = v.replace(',', '.'); // a decimal comma
  if (/^\d{1,3}(,\d{3})+$/.test(v)) v = v.replace(/,/g, ''); // thousands
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(v)) return Number.NaN;
  return Number(v);
}

const MONTHS: Record<string, number> = {};
[
  ['january', 'jan', 'janvier', 'janv'],
  ['february', 'feb', 'fevrier', 'fev', 'févr', 'février'],
  ['march', 'mar', 'mars'],
  ['april', 'apr', 'avril', 'avr'],
  ['may', 'mai'],
  ['june', 'jun', 'juin'],
  ['july', 'jul', 'juillet', 'juil'],
  ['august', 'aug', 'aout', 'août'],
  ['september', 'sep', 'sept', 'septembre'],
  ['october', 'oct', 'octobre'],
  ['november', 'nov', 'novembre'],
  ['december', 'dec', 'decembre', 'décembre'],
].forEach((names, i) => names.forEach((n) => (MONTHS[foldName(n)] = i + 1)));

export type DayOrder = 'dmy' | 'mdy';

function day(y: number, m: number, d: number): string | null {
  const text = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text ? text : null;
}

function fullYear(y: string, thisYear: number): number {
  if (y.length === 4) return Number(y);
  const n = Number(y);
  return 2000 + n <= thisYear ? 2000 + n : 1900 + n;
}

const NUMERIC_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/;

/**
 * A day as datasets and spreadsheets write it: `2022-12-28` (with or without a time),
 * `28 December 2022`, `9-May-20`, `December 28, 2022`, `28/12/2022` or `12/28/2022` (the file's
 * order, see `dayOrderOf`), `2022/12/28`, or a spreadsheet's day number (`44923`).
 */
export function parseDay(
  value: string,
  order: DayOrder,
  thisYear = new Date().getUTCFullYear(),
): string | null {
  const v = value.trim();
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ][\d:.]+Z?)?$/.exec(v);
  if (m) return day(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[-\s/.]+([\p{L}]+)\.?[-\s/.,]+(\d{2}|\d{4})$/u.exec(v);
  if (m) {
    const month = MONTHS[foldName(m[2]!)];
    return month ? day(fullYear(m[3]!, thisYear), month, Number(m[1])) : null;
  }
  m = /^([\p{L}]+)\.?\s+(\d{1,2}),?\s+(\d{4})$/u.exec(v);
  if (m) {
    const month = MONTHS[foldName(m[1]!)];
    return month ? day(Number(m[3]), month, Number(m[2])) : null;
  }
  m = NUMERIC_DATE.exec(v);
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    const [d, mo] = order === 'mdy' ? [b, a] : [a, b];
    return day(fullYear(m[3]!, thisYear), mo, d);
  }
  if (/^\d{5}(\.0+)?$/.test(v)) {
    // Spreadsheet day numbers count from 1899-12-30.
    const serial = Number(v);
    if (serial > 20000 && serial < 80000)
      return new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);
  }
  return null;
}

/** Evidence of a file's order of day and month from one date cell (`31/12/2022` says d/m/y). */
export function dayOrderEvidence(value: string): DayOrder | null {
  const m = NUMERIC_DATE.exec(value.trim());
  if (!m) return null;
  if (Number(m[1]) > 12 && Number(m[2]) <= 12) return 'dmy';
  if (Number(m[2]) > 12 && Number(m[1]) <= 12) return 'mdy';
  return null;
}

export const dateColumn = (header: Header) =>
  header.kind === 'ucdp-ged' ? 'date_start' : 'event_date';

/** ACLED's event types, current and before 2019, → today's type (and sub-type where it follows). */
const ACLED_TYPES: Record<string, [EventType, string?]> = {
  battles: ['battles'],
  'explosions remote violence': ['explosions_remote_violence'],
  'violence against civilians': ['violence_against_civilians'],
  protests: ['protests'],
  riots: ['riots'],
  'strategic developments': ['strategic_developments'],
  // ACLED before 2019 (codebook versions up to 8).
  'battle no change of territory': ['battles', 'armed_clash'],
  'battle government regains territory': ['battles', 'government_regains_territory'],
  'battle non state actor overtakes territory': ['battles', 'non_state_actor_overtakes_territory'],
  'remote violence': ['explosions_remote_violence'],
  'riots protests': ['protests'],
  'strategic development': ['strategic_developments'],
  'headquarters or base established': [
    'strategic_developments',
    'headquarters_or_base_established',
  ],
  'non violent transfer of territory': [
    'strategic_developments',
    'non_violent_transfer_of_territory',
  ],
  'non violent activity by a conflict actor': ['strategic_developments', 'other'],
};

export function acledEventType(value: string): [EventType, string?] | undefined {
  return ACLED_TYPES[foldName(value)];
}

export function acledSubEventType(type: EventType, value: string | undefined): string | undefined {
  if (!value) return undefined;
  const code = foldName(value).replace(/ /g, '_');
  return (SUB_EVENT_TYPES[type] as readonly string[]).includes(code) ? code : undefined;
}

export interface RowFacts {
  eventId: string;
  facts: Omit<IncidentFacts, 'extension_type' | 'actors'>;
  /** Names of actors as the row gives them, to match to groups. */
  actorNames: string[];
}

export type RowResult = { ok: true; row: RowFacts } | { ok: false; reason: string };

const fail = (reason: string): RowResult => ({ ok: false, reason });

function count(row: string[], header: Header, name: string): number | undefined | string {
  const raw = cell(row, header, name);
  const n = parseNumber(raw);
  if (n === undefined) return undefined;
  if (!Number.isInteger(n) || n < 0) return `${name}: "${raw}" is not a whole number ≥ 0`;
  return n;
}

function precision(value: number | undefined): 1 | 2 | 3 | undefined {
  return value === 1 || value === 2 || value === 3 ? value : undefined;
}

function coordinates(
  row: string[],
  header: Header,
): { latitude?: number; longitude?: number } | string {
  const latRaw = cell(row, header, 'latitude');
  const lonRaw = cell(row, header, 'longitude');
  const latitude = parseNumber(latRaw);
  const longitude = parseNumber(lonRaw);
  if (latitude === undefined && longitude === undefined) return {};
  if (latitude === undefined || longitude === undefined)
    return 'latitude/longitude: one is missing';
  if (!(Math.abs(latitude) <= 90)) return `latitude: "${latRaw}" is not a latitude`;
  if (!(Math.abs(longitude) <= 180)) return `longitude: "${lonRaw}" is not a longitude`;
  if (latitude === 0 && longitude === 0) return {}; // a placeholder, not a place
  return {
    latitude: Math.round(latitude * 1e5) / 1e5,
    longitude: Math.round(longitude * 1e5) / 1e5,
  };
}

const text = (v: string | undefined, max: number) => (v ? v.slice(0, max) : undefined);

function splitActors(value: string | undefined): string[] {
  return value
    ? value
        .split(/;/)
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}

/** One row of a dataset → the incident's facts, or why it cannot be read. */
export function readRow(row: string[], header: Header, order: DayOrder, today: string): RowResult {
  const c = (name: string) => cell(row, header, name);
  const rawDate = c(dateColumn(header));
  if (!rawDate) return fail(`${dateColumn(header)}: empty`);
  const eventDate = parseDay(rawDate, order);
  if (!eventDate) return fail(`${dateColumn(header)}: "${rawDate}" is not a date`);
  if (eventDate > today) return fail(`${dateColumn(header)}: ${eventDate} is in the future`);
  const place = coordinates(row, header);
  if (typeof place === 'string') return fail(place);

  if (header.kind === 'ucdp-ged') {
    const id = c('id');
    if (!id) return fail('id: empty');
    const violence = parseNumber(c('type_of_violence'));
    if (violence !== 1 && violence !== 2 && violence !== 3)
      return fail(`type_of_violence: "${c('type_of_violence') ?? ''}" is not 1, 2 or 3`);
    const countryName = c('country');
    const country = countryName ? countryByName(countryName) : undefined;
    if (!country) return fail(`country: "${countryName ?? ''}" is not a country we know`);
    const best = count(row, header, 'best');
    const low = count(row, header, 'low');
    const high = count(row, header, 'high');
    for (const v of [best, low, high]) if (typeof v === 'string') return fail(v);
    const datePrec = parseNumber(c('date_prec'));
    const wherePrec = parseNumber(c('where_prec'));
    const actorNames = [c('side_a'), c('side_b')].filter((s): s is string => !!s);
    return {
      ok: true,
      row: {
        eventId: plainId(id),
        actorNames,
        facts: {
          event_date: eventDate,
          // UCDP date_prec: 1 the day; 2–3 within a week; 4–5 the month or more.
          time_precision:
            datePrec === undefined ? undefined : datePrec <= 1 ? 1 : datePrec <= 3 ? 2 : 3,
          event_type: violence === 3 ? 'violence_against_civilians' : 'battles',
          sub_event_type: violence === 3 ? 'attack' : 'armed_clash',
          ...(actorNames.length ? { actor_names: actorNames.map((n) => n.slice(0, 300)) } : {}),
          country,
          admin1: text(c('adm_1'), 200),
          admin2: text(c('adm_2'), 200),
          location: text(c('where_coordinates'), 200),
          ...place,
          // UCDP where_prec: 1 the place; 2–3 near it or its district; 4+ a province or wider.
          geo_precision:
            place.latitude === undefined || wherePrec === undefined
              ? undefined
              : wherePrec <= 1
                ? 1
                : wherePrec <= 3
                  ? 2
                  : 3,
          fatalities: best as number | undefined,
          fatalities_low: low as number | undefined,
          fatalities_high: high as number | undefined,
          source: text(c('source_office') ?? c('source_original'), 1000),
          notes: text(c('source_headline') ?? c('where_description'), 10_000),
          dataset: { name: DATASET_NAMES['ucdp-ged'], event_id: plainId(id) },
        },
      },
    };
  }

  const id = c('event_id_cnty');
  if (!id) return fail('event_id_cnty: empty');
  const rawType = c('event_type');
  const type = rawType ? acledEventType(rawType) : undefined;
  if (!type) return fail(`event_type: "${rawType ?? ''}" is not an ACLED event type`);
  let [eventType, subType] = type;
  // Before 2019 riots and protests were one type; the actor's kind tells them apart (inter 5: rioters).
  if (foldName(rawType!) === 'riots protests' && parseNumber(c('inter1')) === 5)
    eventType = 'riots';
  subType = acledSubEventType(eventType, c('sub_event_type')) ?? subType;
  const iso = c('iso');
  const countryText = c('country');
  const country =
    (iso && /^\d+(\.0+)?$/.test(iso) ? countryByNumeric(iso) : undefined) ??
    (countryText ? countryByName(countryText) : undefined);
  if (!country) return fail(`country: "${countryText ?? iso ?? ''}" is not a country we know`);
  const fatalities = count(row, header, 'fatalities');
  if (typeof fatalities === 'string') return fail(fatalities);
  const actorNames = [
    c('actor1'),
    ...splitActors(c('assoc_actor_1') ?? c('ally_actor_1')),
    c('actor2'),
    ...splitActors(c('assoc_actor_2') ?? c('ally_actor_2')),
  ].filter((s): s is string => !!s);
  const timePrecision = precision(parseNumber(c('time_precision')));
  return {
    ok: true,
    row: {
      eventId: plainId(id),
      actorNames,
      facts: {
        event_date: eventDate,
        ...(timePrecision ? { time_precision: timePrecision } : {}),
        event_type: eventType,
        ...(subType ? { sub_event_type: subType as IncidentFacts['sub_event_type'] } : {}),
        ...(actorNames.length
          ? { actor_names: [...new Set(actorNames)].slice(0, 20).map((n) => n.slice(0, 300)) }
          : {}),
        country,
        admin1: text(c('admin1'), 200),
        admin2: text(c('admin2'), 200),
        location: text(c('location'), 200),
        ...place,
        geo_precision:
          place.latitude === undefined ? undefined : precision(parseNumber(c('geo_precision'))),
        fatalities,
        source: text(c('source'), 1000),
        source_scale: text(c('source_scale'), 100),
        notes: text(c('notes'), 10_000),
        dataset: { name: DATASET_NAMES[header.kind], event_id: plainId(id) },
      },
    },
  };
}

/** Drops properties left undefined (the facts are compared and stored as JSON). */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
