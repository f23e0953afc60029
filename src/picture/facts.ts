import { createHash } from 'node:crypto';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import {
  IncidentFactsSchema,
  type FactWarning,
  type IncidentFactsBody,
} from '../../contract/picture.ts';
import {
  INCIDENT_EXTENSION_ID,
  SUB_EVENT_TYPES,
  TANSIQ_IDENTITY_ID,
  type IncidentFacts,
} from '../stix/extensions.ts';
import { isCountryCode, pointInCountry } from './countries.ts';

// The published schema (contract) and the STIX-side type (stix/extensions.ts) describe one thing:
// these lines stop compiling if they drift apart.
const _factsAgree: IncidentFacts = {} as IncidentFactsBody;
const _bodyAgrees: IncidentFactsBody = {} as IncidentFacts;
void [_factsAgree, _bodyAgrees];

export interface FactProblem {
  /** Path inside the facts, e.g. `fatalities`, `latitude`. */
  field: string;
  message: string;
}

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);
const validateSchema = ajv.compile<IncidentFactsBody>(IncidentFactsSchema);

function schemaProblems(): FactProblem[] {
  return (validateSchema.errors ?? []).map((e) => {
    const missing = (e.params as { missingProperty?: string }).missingProperty;
    const extra = (e.params as { additionalProperty?: string }).additionalProperty;
    const field =
      [...e.instancePath.split('/').filter(Boolean), ...(missing ? [missing] : [])].join('.') ||
      (extra ?? 'facts');
    const message =
      e.keyword === 'additionalProperties'
        ? `unknown property "${extra}"`
        : e.keyword === 'anyOf' || e.keyword === 'const'
          ? 'is not one of the allowed values'
          : (e.message ?? 'is invalid');
    return { field, message };
  });
}

/** A real calendar day (2023-02-30 is not). */
export function isCalendarDay(value: string): boolean {
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/**
 * The facts of an incident's extension, checked against the published schema and the rules the
 * schema cannot say (the sub-event type belongs to the event type, a real day, a known country,
 * coordinates come in pairs). Returns the problems, or none.
 */
export function factProblems(facts: unknown): FactProblem[] {
  if (!validateSchema(facts)) {
    // Keep only the first problem per field: a union's branches each add one.
    const seen = new Set<string>();
    return schemaProblems().filter((p) => !seen.has(p.field) && seen.add(p.field));
  }
  const problems: FactProblem[] = [];
  if (!isCalendarDay(facts.event_date))
    problems.push({ field: 'event_date', message: 'is not a day of the calendar' });
  if (
    facts.sub_event_type &&
    !(SUB_EVENT_TYPES[facts.event_type] as readonly string[]).includes(facts.sub_event_type)
  )
    problems.push({
      field: 'sub_event_type',
      message: `"${facts.sub_event_type}" is not a sub-event type of ${facts.event_type}`,
    });
  if (!isCountryCode(facts.country))
    problems.push({ field: 'country', message: `"${facts.country}" is not an ISO 3166-1 code` });
  if ((facts.latitude === undefined) !== (facts.longitude === undefined))
    problems.push({
      field: facts.latitude === undefined ? 'latitude' : 'longitude',
      message: 'give both latitude and longitude, or neither',
    });
  if (
    facts.fatalities_low !== undefined &&
    facts.fatalities_high !== undefined &&
    facts.fatalities_low > facts.fatalities_high
  )
    problems.push({ field: 'fatalities_low', message: 'is above fatalities_high' });
  return problems;
}

// The projections read an object's facts several times in one write: check them once.
const checked = new WeakMap<object, IncidentFacts | null>();

/** The facts an incident object carries, when they follow the published extension; else null. */
export function readFacts(object: Record<string, unknown>): IncidentFacts | null {
  const known = checked.get(object);
  if (known !== undefined) return known;
  const extensions = object.extensions;
  const facts =
    typeof extensions === 'object' && extensions !== null && !Array.isArray(extensions)
      ? (extensions as Record<string, unknown>)[INCIDENT_EXTENSION_ID]
      : undefined;
  const result =
    facts !== undefined && factProblems(facts).length === 0 ? (facts as IncidentFacts) : null;
  checked.set(object, result);
  return result;
}

/** The facts without the `extension_type` every extension carries (as forms and lists hold them). */
export function plainFacts(facts: IncidentFacts): Omit<IncidentFacts, 'extension_type'> {
  const out: Partial<IncidentFacts> = { ...facts };
  delete out.extension_type;
  return out as Omit<IncidentFacts, 'extension_type'>;
}

/** Checks a person or a client adds on top of the schema: not in the future; warnings that do not stop. */
export function entryProblems(facts: IncidentFacts, today: string): FactProblem[] {
  return facts.event_date > today
    ? [{ field: 'event_date', message: `is in the future (today is ${today})` }]
    : [];
}

export function factWarnings(facts: IncidentFacts): FactWarning[] {
  if (facts.latitude === undefined || facts.longitude === undefined) return [];
  const inside = pointInCountry(facts.country, facts.latitude, facts.longitude);
  return inside === false
    ? [
        {
          field: 'latitude',
          code: 'outside_country',
          message: `latitude/longitude: ${facts.latitude}, ${facts.longitude} is outside ${facts.country}`,
        },
      ]
    : [];
}

/** The Monday of the ISO week of a day, and its month: what trends group by. */
export function weekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}

export const monthOf = (day: string) => day.slice(0, 7);

/**
 * What makes two versions of an incident the same incident state: everything but the id and the
 * version stamps. Re-importing a row that yields the same content adds no version.
 */
export function contentHash(object: Record<string, unknown>): string {
  const rest = { ...object, id: undefined, created: undefined, modified: undefined };
  return createHash('sha256').update(stableJson(rest)).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

// Fixed: every installation publishes the same definition (the same bytes), so peers recognise it
// and a repeat is a duplicate. A change of the schema is a new version (a later `modified`).
const PUBLISHED = '2026-11-29T00:00:00.000Z';

/** STIX 2.1 §7.3: the extension definition of incident facts, with its JSON schema as text. */
export function incidentExtensionDefinition(): Record<string, unknown> {
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Tansiq incident facts',
    ...JSON.parse(JSON.stringify(IncidentFactsSchema)),
  };
  return {
    type: 'extension-definition',
    spec_version: '2.1',
    id: INCIDENT_EXTENSION_ID,
    created_by_ref: TANSIQ_IDENTITY_ID,
    created: PUBLISHED,
    modified: PUBLISHED,
    name: 'Tansiq incident facts',
    description:
      'Facts of a conflict or terrorism incident, after the ACLED codebook: event date and its precision, ACLED event and sub-event types, actors (intrusion-set or threat-actor ids), country (ISO 3166-1 alpha-2), administrative areas, place and coordinates with their precision, fatalities (with low/high estimates), wounded, kidnapped, source, and the event dataset it was read from. The schema property holds the JSON Schema (draft 2020-12) of the extension.',
    schema: JSON.stringify(schema),
    version: '1.0.0',
    extension_types: ['property-extension'],
  };
}
