import { INCIDENT_EXTENSION_ID } from '../stix/extensions.ts';

/**
 * What of a STIX object is searchable, in one place: the index reads it when it stores the terms,
 * and the snippet builder reads it again to show where a result matched.
 */

/** A piece of searchable text: which property it is, and its language when the object says so. */
export interface TextField {
  field: string;
  lang?: string;
  text: string;
}

/** Title fields weigh more (a match there ranks first); body fields are everything else. */
export interface SearchableText {
  title: TextField[];
  body: TextField[];
}

/** STIX types whose versions are indexed (language-content is indexed as its object's translation). */
export const INDEXED_TYPES: readonly string[] = [
  'attack-pattern',
  'campaign',
  'course-of-action',
  'grouping',
  'identity',
  'incident',
  'indicator',
  'infrastructure',
  'intrusion-set',
  'location',
  'malware',
  'malware-analysis',
  'note',
  'opinion',
  'report',
  'threat-actor',
  'tool',
  'vulnerability',
  'language-content',
  // Cyber observables that carry a value analysts look up.
  'domain-name',
  'email-addr',
  'file',
  'ipv4-addr',
  'ipv6-addr',
  'mac-addr',
  'url',
];

/** Types whose name and aliases are spellings of one name (groups, places): they connect queries. */
export const NAMED_TYPES: ReadonlySet<string> = new Set([
  'intrusion-set',
  'threat-actor',
  'campaign',
  'malware',
  'tool',
  'infrastructure',
  'location',
]);

const TITLE_PROPERTIES = ['name', 'abstract', 'value'] as const;
const BODY_PROPERTIES = [
  'description',
  'content',
  'explanation',
  'pattern',
  'context',
  'objective',
  'product',
  'city',
  'region',
  'administrative_area',
  'street_address',
  'country',
] as const;
/** The incident facts (src/stix/extensions.ts IncidentFacts) that are words, not codes or numbers. */
const FACT_PROPERTIES = [
  'location',
  'admin1',
  'admin2',
  'notes',
  'source',
  'sub_event_type',
] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Only strings are text: a property of another JSON type is skipped, never stringified. */
function push(into: TextField[], field: string, value: unknown, lang: string | undefined): void {
  if (typeof value === 'string' && value.trim())
    into.push({ field, ...(lang ? { lang } : {}), text: value });
}

function pushList(
  into: TextField[],
  field: string,
  value: unknown,
  lang: string | undefined,
): void {
  if (Array.isArray(value)) for (const item of value) push(into, field, item, lang);
}

const languageOf = (value: unknown) =>
  typeof value === 'string' && /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(value)
    ? value.slice(0, 2)
    : undefined;

/** The searchable text of a stored object (for language-content: the translations it carries). */
export function searchableText(object: Record<string, unknown>): SearchableText {
  const title: TextField[] = [];
  const body: TextField[] = [];
  if (object.type === 'language-content') {
    const contents = isRecord(object.contents) ? object.contents : {};
    for (const [lang, fields] of Object.entries(contents)) {
      if (!isRecord(fields)) continue;
      const l = languageOf(lang);
      for (const [field, value] of Object.entries(fields)) {
        if (field === 'name' || field === 'abstract') push(title, field, value, l);
        else if (field === 'aliases') pushList(title, field, value, l);
        else if (typeof value === 'string') push(body, field, value, l);
        else pushList(body, field, value, l);
      }
    }
    return { title, body };
  }
  const lang = languageOf(object.lang);
  for (const p of TITLE_PROPERTIES) push(title, p, object[p], lang);
  pushList(title, 'aliases', object.aliases, lang);
  for (const p of BODY_PROPERTIES) push(body, p, object[p], lang);
  pushList(body, 'authors', object.authors, lang);
  pushList(body, 'goals', object.goals, lang);
  if (isRecord(object.hashes))
    for (const h of Object.values(object.hashes)) push(body, 'hashes', h, undefined);
  if (Array.isArray(object.external_references)) {
    for (const ref of object.external_references) {
      if (!isRecord(ref)) continue;
      push(body, 'external_id', ref.external_id, undefined);
      push(body, 'external_description', ref.description, lang);
    }
  }
  const extensions = isRecord(object.extensions) ? object.extensions : {};
  const facts = extensions[INCIDENT_EXTENSION_ID];
  if (isRecord(facts)) for (const p of FACT_PROPERTIES) push(body, p, facts[p], lang);
  return { title, body };
}

/** The spellings of a named object's name (its name and aliases; for a translation, those it gives). */
export function spellingsOf(text: SearchableText): string[] {
  return text.title.filter((f) => f.field === 'name' || f.field === 'aliases').map((f) => f.text);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A date or timestamp as the index keeps dates (`YYYY-MM-DDTHH:MM:SS.sssZ`, which sorts as text);
 * undefined when it is not one (a day alone is its midnight UTC).
 */
export function instant(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(DAY.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(ms)) return undefined;
  const year = new Date(ms).getUTCFullYear();
  return year >= 1000 && year <= 9999 ? new Date(ms).toISOString() : undefined;
}

/**
 * The date a record is about, for the from/to filters and the year facet: a report's publication,
 * an incident's event date, an observation's first sighting, else when the object was created,
 * else when it was stored. Always `YYYY-MM-DDTHH:MM:SS.sssZ`, so it sorts as text.
 */
export function dateOf(object: Record<string, unknown>, storedAt: string): string {
  const extensions = isRecord(object.extensions) ? object.extensions : {};
  const facts = extensions[INCIDENT_EXTENSION_ID];
  return (
    (object.type === 'report' ? instant(object.published) : undefined) ??
    (isRecord(facts) ? instant(facts.event_date) : undefined) ??
    instant(object.first_seen) ??
    instant(object.created) ??
    instant(storedAt) ??
    storedAt
  );
}
