import type { AudienceKind } from '../db/schema.ts';

/**
 * One stored version of an incident whose facts are readable, keyed by `objects.added`. The
 * envelope columns are copied from the version (a stored version never changes), so the access
 * policy applies to this row as it does to `objects`; recipients stay in `object_recipients`.
 */
export interface IncidentFactsTable {
  added: number;
  stix_id: string;
  version: string;
  owner_id: string;
  audience: AudienceKind;
  audience_group_id: string | null;
  tlp: string;
  federate: number;
  revoked: number;
  /**
   * 1 when no newer version of the incident is stored at all (whoever may read it). Then it is the
   * latest version for every reader who may read it, and the policy's "latest version this reader
   * may read" needs no look-up; 0 sends the query to that look-up.
   */
  latest: number;
  name: string;
  /** YYYY-MM-DD, with the month (YYYY-MM) and the Monday of its ISO week kept for grouping. */
  event_date: string;
  event_month: string;
  event_week: string;
  event_type: string;
  sub_event_type: string | null;
  country: string;
  admin1: string | null;
  location: string | null;
  latitude: number | null;
  longitude: number | null;
  geo_precision: number | null;
  fatalities: number;
  dataset: string | null;
  dataset_event_id: string | null;
  /**
   * The ids of the incident's actors, sorted, separated by a space; null when it names none. The
   * figures by group group the facts by it (no join); `incident_actors` finds a group's incidents.
   */
  actors: string | null;
}

export interface IncidentActorsTable {
  added: number;
  actor_id: string;
}

/** What correlations look up: `ref` (an id it refers to), `place` (CC, CC/admin1), `value`. */
export interface PictureKeysTable {
  added: number;
  kind: 'ref' | 'place' | 'value';
  value: string;
}

/** The overview's "new since my last visit". */
export interface PictureVisitsTable {
  user_id: string;
  previous_at: string | null;
  visited_at: string;
}

export interface PictureImportsTable {
  id: string;
  user_id: string;
  state: 'running' | 'done' | 'failed';
  file_name: string;
  dataset: string | null;
  rows: number;
  processed: number;
  stored: number;
  updated: number;
  unchanged: number;
  rejected: number;
  not_owner: number;
  /** JSON: [{line, reason}] (the first 200). */
  errors: string;
  /** JSON: [{name, rows}]. */
  unknown_actors: string;
  message: string | null;
  started_at: string;
  finished_at: string | null;
  heartbeat_at: string;
}

// A type, not an interface: `db.withTables<T>()` needs an index-compatible record.
export type PictureTables = {
  incident_facts: IncidentFactsTable;
  incident_actors: IncidentActorsTable;
  picture_keys: PictureKeysTable;
  picture_visits: PictureVisitsTable;
  picture_imports: PictureImportsTable;
};
