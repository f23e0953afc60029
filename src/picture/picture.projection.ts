import type { Projection, StoredVersion } from '../exchange/projections.ts';
import { foldName } from './countries.ts';
import { monthOf, readFacts, weekOf } from './facts.ts';
import type { IncidentFactsTable, PictureKeysTable } from './picture.table.ts';
import {
  incidentIdsOf,
  insertChunked,
  markLatest,
  removeWhereAdded,
} from './picture.repository.ts';

/**
 * The picture's typed projections of stored versions, written by the store in the same
 * transaction as the versions (every write path) and removed with them.
 */
/** One row per version whose facts follow the published extension (others are not in the picture). */
export function factsRow({ row, object }: StoredVersion): IncidentFactsTable | null {
  const facts = readFacts(object);
  if (!facts) return null;
  const hasPoint = facts.latitude !== undefined && facts.longitude !== undefined;
  const actors = [...new Set(facts.actors ?? [])].sort();
  return {
    added: row.added,
    stix_id: row.stix_id,
    version: row.version,
    owner_id: row.owner_id,
    audience: row.audience,
    audience_group_id: row.audience_group_id,
    tlp: row.tlp,
    federate: row.federate,
    revoked: row.revoked,
    latest: 0,
    name: typeof object.name === 'string' ? object.name.slice(0, 300) : '',
    event_date: facts.event_date,
    event_month: monthOf(facts.event_date),
    event_week: weekOf(facts.event_date),
    event_type: facts.event_type,
    sub_event_type: facts.sub_event_type ?? null,
    country: facts.country,
    admin1: facts.admin1 ?? null,
    location: facts.location ?? null,
    latitude: hasPoint ? facts.latitude! : null,
    longitude: hasPoint ? facts.longitude! : null,
    geo_precision: facts.geo_precision ?? null,
    fatalities: facts.fatalities ?? 0,
    dataset: facts.dataset?.name ?? null,
    dataset_event_id: facts.dataset?.event_id ?? null,
    actors: actors.length ? actors.join(' ') : null,
  };
}

export const incidentFactsProjection: Projection = {
  name: 'picture.incident_facts',
  types: ['incident'],
  async write(trx, versions) {
    const rows: IncidentFactsTable[] = [];
    const actors: { added: number; actor_id: string }[] = [];
    for (const version of versions) {
      const row = factsRow(version);
      if (!row) continue;
      rows.push(row);
      for (const actor of row.actors?.split(' ') ?? [])
        actors.push({ added: row.added, actor_id: actor });
    }
    await insertChunked(trx, 'incident_facts', rows, 400);
    await insertChunked(trx, 'incident_actors', actors, 1000);
    await markLatest(trx, [...new Set(versions.map((v) => v.row.stix_id))], []);
  },
  async remove(trx, added) {
    // Called before the versions are deleted: find the incidents they belong to first.
    const ids = await incidentIdsOf(trx, added);
    await removeWhereAdded(trx, 'incident_facts', added);
    await removeWhereAdded(trx, 'incident_actors', added);
    await markLatest(trx, ids, added);
  },
};

/** Types whose versions correlations look into. */
const KEYED_TYPES = [
  'report',
  'note',
  'opinion',
  'grouping',
  'relationship',
  'sighting',
  'incident',
  'indicator',
  'location',
  'observed-data',
  'campaign',
  'ipv4-addr',
  'ipv6-addr',
  'domain-name',
  'url',
  'email-addr',
  'mac-addr',
  'file',
] as const;

// References that say who wrote or how it is marked, not what it is about.
const NOT_ABOUT = new Set(['created_by_ref', 'object_marking_refs']);
const MAX_KEYS = 1000;

/** A place key: `CC` or `CC/admin1` with the area's name folded (case, accents). */
export function placeKey(country: string, area?: string): string {
  return area ? `${country}/${foldName(area)}` : country;
}

/** Values inside a STIX pattern's comparisons: `[ipv4-addr:value = '198.51.100.1']`. */
function patternValues(pattern: string): string[] {
  const values: string[] = [];
  for (const m of pattern.matchAll(/'((?:[^'\\]|\\.)*)'/g))
    values.push(m[1]!.replace(/\\(.)/g, '$1'));
  return values;
}

export function keysOf({ row, object }: StoredVersion): PictureKeysTable[] {
  const keys = new Map<string, PictureKeysTable>();
  const add = (kind: PictureKeysTable['kind'], value: unknown) => {
    if (typeof value !== 'string' || value.length === 0 || value.length > 500) return;
    if (keys.size >= MAX_KEYS) return;
    const v = kind === 'value' ? value.trim().toLowerCase() : value;
    keys.set(`${kind}\u0000${v}`, { added: row.added, kind, value: v });
  };
  for (const [property, value] of Object.entries(object)) {
    if (NOT_ABOUT.has(property)) continue;
    if (property.endsWith('_ref')) add('ref', value);
    else if (property.endsWith('_refs') && Array.isArray(value))
      for (const ref of value) add('ref', ref);
  }
  if (row.type === 'incident') {
    const facts = readFacts(object);
    if (facts) {
      for (const actor of facts.actors ?? []) add('ref', actor);
      add('place', placeKey(facts.country));
      if (facts.admin1) add('place', placeKey(facts.country, facts.admin1));
    }
  }
  if (row.type === 'location' && typeof object.country === 'string') {
    const country = object.country.toUpperCase();
    add('place', placeKey(country));
    if (typeof object.administrative_area === 'string')
      add('place', placeKey(country, object.administrative_area));
  }
  if (row.type === 'indicator' && typeof object.pattern === 'string')
    for (const value of patternValues(object.pattern)) add('value', value);
  if (typeof object.value === 'string') add('value', object.value);
  if (row.type === 'file' && object.hashes && typeof object.hashes === 'object')
    for (const hash of Object.values(object.hashes as Record<string, unknown>)) add('value', hash);
  return [...keys.values()];
}

export const pictureKeysProjection: Projection = {
  name: 'picture.keys',
  types: KEYED_TYPES,
  async write(trx, versions) {
    await insertChunked(trx, 'picture_keys', versions.flatMap(keysOf), 2000);
  },
  async remove(trx, added) {
    await removeWhereAdded(trx, 'picture_keys', added);
  },
};
