import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import type { Db } from '../db/index.ts';
import { inTurn } from '../db/turns.ts';
import { AppError } from '../errors.ts';
import { storeObjects } from '../exchange/objects.service.ts';
import { memberById } from '../members/members.repository.ts';
import { canWrite } from '../policy/roles.ts';
import type { Audience } from '../policy/sharing.ts';
import { readerOf, type Actor } from '../policy/viewer.ts';
import { TANSIQ_IDENTITY_ID } from '../stix/extensions.ts';
import type { TlpLevel } from '../stix/tlp.ts';
import { contentHash, factProblems } from './facts.ts';
import {
  compact,
  dateColumn,
  DATASET_NAMES,
  dayOrderEvidence,
  HEADER_HELP,
  readHeader,
  readRow,
  type DayOrder,
  type Header,
  type RowFacts,
} from './events.parse.ts';
import { actorCandidates, aliasIndex, visibleGroups } from './groups.service.ts';
import {
  defaultName,
  incidentObject,
  laterThan,
  publishIncidentExtension,
} from './incidents.service.ts';
import { groupCountries, latestStored } from './picture.repository.ts';

/**
 * Imports an ACLED or UCDP GED file as incidents, in two passes over the file: the first reads the
 * header, counts the rows and learns the order of day and month its dates use; the second stores
 * the rows in batches through the store (TLP, audience, audit, projections), yielding between
 * batches. Each event's STIX id derives from the dataset and its event id, so a re-import adds
 * nothing, and a changed row adds a version. Rows that cannot be read are reported by line.
 */

export interface ImportOptions {
  audience: Audience;
  tlp: TlpLevel;
  federate: boolean;
  /** Extra labels on every incident (the demo's `exercise`). */
  labels?: string[];
}

export interface ImportProgress {
  dataset: string | null;
  rows: number;
  processed: number;
  stored: number;
  updated: number;
  unchanged: number;
  rejected: number;
  not_owner: number;
  errors: { line: number; reason: string }[];
  unknownActors: Map<string, number>;
}

const BATCH = 500;
const MAX_ERRORS = 200;

// RFC 4122 §4.3 name-based ids in a namespace of our own (the Tansiq identity's UUID).
const NAMESPACE = Buffer.from(
  TANSIQ_IDENTITY_ID.slice('identity--'.length).replace(/-/g, ''),
  'hex',
);

export function uuidV5(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The incident's STIX id for an event of a dataset: the same on every import, anywhere. */
export function incidentIdFor(dataset: string, eventId: string): string {
  return `incident--${uuidV5(`${dataset.toLowerCase()}:${eventId}`)}`;
}

async function firstChunk(open: () => Readable): Promise<string> {
  const stream = open();
  let text = '';
  for await (const chunk of stream) {
    text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    if (text.length > 4096 || text.includes('\n')) break;
  }
  stream.destroy();
  return text;
}

/** Comma, semicolon (spreadsheets in French) or tab, whichever the header line uses most. */
function sniffDelimiter(text: string): string {
  const line = text.split('\n')[0] ?? '';
  const counts = [',', ';', '\t'].map((d) => [d, line.split(d).length] as const);
  return counts.sort((a, b) => b[1] - a[1])[0]![0];
}

interface Record_ {
  record: string[];
  info: { lines: number };
}

async function* records(
  open: () => Readable,
  delimiter: string,
  onSkip: (line: number, reason: string) => void,
): AsyncGenerator<Record_> {
  const parser = open().pipe(
    parse({
      bom: true,
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      info: true,
    }),
  );
  parser.on('skip', (err: CsvError) =>
    onSkip((err as CsvError & { lines?: number }).lines ?? 0, `not readable as CSV (${err.code})`),
  );
  for await (const r of parser) yield r as Record_;
}

/** The group an actor name stands for, if one (or the one active in the event's country). */
function matcher(
  index: Map<string, string[]>,
  activity: Map<string, Map<string, number>>,
): (name: string, country: string) => string | undefined {
  return (name, country) => {
    for (const candidate of actorCandidates(name)) {
      const ids = index.get(candidate);
      if (!ids) continue;
      if (ids.length === 1) return ids[0];
      const ranked = ids
        .map((id) => [id, activity.get(id)?.get(country) ?? 0] as const)
        .sort((a, b) => b[1] - a[1]);
      if (ranked[0]![1] > 0 && ranked[0]![1] !== ranked[1]![1]) return ranked[0]![0];
    }
    return undefined;
  };
}

export function emptyProgress(): ImportProgress {
  return {
    dataset: null,
    rows: 0,
    processed: 0,
    stored: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    not_owner: 0,
    errors: [],
    unknownActors: new Map(),
  };
}

export async function importEvents(
  db: Db,
  actor: Actor,
  open: () => Readable,
  options: ImportOptions,
  onProgress: (p: ImportProgress) => Promise<void> | void = () => {},
): Promise<ImportProgress> {
  if (!canWrite(actor))
    throw new AppError(403, 'forbidden', 'this account may not write incidents');
  const progress = emptyProgress();
  const error = (line: number, reason: string) => {
    progress.rejected += 1;
    if (progress.errors.length < MAX_ERRORS) progress.errors.push({ line, reason });
  };
  const delimiter = sniffDelimiter(await firstChunk(open));

  // Pass 1: the header, the number of rows, the order of day and month in numeric dates.
  let header: Header | null = null;
  let headerLine = 0;
  const evidence = { dmy: 0, mdy: 0 };
  for await (const { record, info } of records(open, delimiter, () => {})) {
    if (!header) {
      header = readHeader(record);
      headerLine = info.lines;
      if (!header) throw new AppError(422, 'validation', `file: ${HEADER_HELP}`, 'file');
      continue;
    }
    progress.rows += 1;
    const i = header.columns.get(dateColumn(header));
    const value =
      i === undefined ? undefined : record[i + (record.length === header.width + 1 ? 1 : 0)];
    const e = value ? dayOrderEvidence(value) : null;
    if (e) evidence[e] += 1;
  }
  if (!header) throw new AppError(422, 'validation', 'file: empty', 'file');
  const order: DayOrder = evidence.mdy > 0 && evidence.dmy === 0 ? 'mdy' : 'dmy';
  progress.dataset = DATASET_NAMES[header.kind];
  await onProgress(progress);

  await publishIncidentExtension(db, actor);
  const member = await memberById(db, actor.memberId);
  const reader = readerOf(actor);
  const index = aliasIndex(await visibleGroups(db, reader));
  const activity = new Map<string, Map<string, number>>();
  for (const r of await groupCountries(db, reader)) {
    const m = activity.get(r.actor_id) ?? new Map<string, number>();
    m.set(r.country, r.incidents);
    activity.set(r.actor_id, m);
  }
  const matchActor = matcher(index, activity);
  const today = new Date().toISOString().slice(0, 10);
  const seen = new Map<string, number>();

  // Pass 2: rows → incidents, a batch at a time.
  let batch: { line: number; row: RowFacts }[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const current = batch;
    batch = [];
    // One import never holds up the others: each batch takes its turn (db/turns.ts).
    await inTurn('long', () => storeBatch(current));
    progress.processed += current.length;
    await onProgress(progress);
  };
  const storeBatch = async (items: { line: number; row: RowFacts }[]) => {
    const ids = items.map((x) => incidentIdFor(x.row.facts.dataset!.name, x.row.eventId));
    const existing = await latestStored(db, ids);
    const now = new Date();
    const objects: Record<string, unknown>[] = [];
    const lines: number[] = [];
    items.forEach(({ line, row }, i) => {
      const id = ids[i]!;
      const actors = [
        ...new Set(
          row.actorNames
            .map((n) => matchActor(n, row.facts.country))
            .filter((a): a is string => !!a),
        ),
      ];
      for (const name of new Set(row.actorNames))
        if (!matchActor(name, row.facts.country))
          progress.unknownActors.set(name, (progress.unknownActors.get(name) ?? 0) + 1);
      const facts = compact({ ...row.facts, ...(actors.length ? { actors } : {}) });
      const problems = factProblems({ extension_type: 'property-extension', ...facts });
      if (problems.length) return error(line, `${problems[0]!.field}: ${problems[0]!.message}`);
      const before = existing.get(id);
      if (before && before.owner_id !== actor.memberId) {
        progress.not_owner += 1;
        return;
      }
      const previous = before ? (JSON.parse(before.body) as Record<string, unknown>) : undefined;
      const object = incidentObject({
        id,
        created: (previous?.created as string | undefined) ?? now.toISOString(),
        modified: laterThan(previous?.modified as string | undefined, now),
        createdBy: member!.identity_id,
        name: defaultName({ extension_type: 'property-extension', ...facts }),
        description: facts.notes,
        labels: options.labels,
        facts,
        tlp: options.tlp,
      });
      if (previous && contentHash(previous) === contentHash(object)) {
        progress.unchanged += 1;
        return;
      }
      if (previous) progress.updated += 1;
      else progress.stored += 1;
      objects.push(object);
      lines.push(line);
    });
    if (objects.length === 0) return;
    const outcome = await storeObjects(db, actor, {
      objects,
      audience: options.audience,
      federate: options.federate,
      tlp: options.tlp,
      source: 'import',
    });
    for (const r of outcome.results) {
      if (r.status === 'stored') continue;
      const wasUpdate = existing.has(objects[r.index]!.id as string);
      if (wasUpdate) progress.updated -= 1;
      else progress.stored -= 1;
      if (r.status === 'duplicate') progress.unchanged += 1;
      else if (r.code === 'not_owner') progress.not_owner += 1;
      else
        error(
          lines[r.index]!,
          r.errors.map((e) => `${e.path || 'incident'}: ${e.reason}`).join('; '),
        );
    }
  };

  let first = true;
  for await (const { record, info } of records(open, delimiter, (line, reason) =>
    error(line, reason),
  )) {
    if (first) {
      first = false;
      continue;
    }
    const line = info.lines;
    if (line <= headerLine) continue;
    const result = readRow(record, header, order, today);
    if (!result.ok) {
      error(line, result.reason);
      progress.processed += 1;
      continue;
    }
    const key = result.row.eventId;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      error(line, `event ${key} appears twice in this file (first on line ${earlier})`);
      progress.processed += 1;
      continue;
    }
    seen.set(key, line);
    batch.push({ line, row: result.row });
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return progress;
}
