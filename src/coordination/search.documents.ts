import type { Db } from '../db/index.ts';
import { instant, type SearchableText, type TextField } from '../search/extract.ts';
import { removeSearchDocs, writeSearchDocs, type SearchDocument } from '../search/search.index.ts';
import {
  communiquesByIds,
  lockRecords,
  meetingsByIds,
  meetingWords,
  needsByIds,
  projectsByIds,
  projectWords,
  recordKeys,
  type CoordinationKind,
} from './search.repository.ts';
import { LANGS, type Lang } from './texts.ts';

/**
 * The search documents of meetings, capacity-building projects, needs and communiqués: their text
 * in the three languages (each field tagged with its language, so snippets prefer the reader's),
 * written in the transaction that changes the record. How they are found: search.kinds.ts.
 */

export type Trilingual<P extends string> = Record<`${P}_${Lang}`, string | null>;

/** The three columns `prefix_ar|fr|en` as text fields, each with its language. */
function fields<P extends string>(field: string, row: Trilingual<P>, prefix: P): TextField[] {
  const out: TextField[] = [];
  for (const lang of LANGS) {
    const text = row[`${prefix}_${lang}` as `${P}_${Lang}`];
    if (text?.trim()) out.push({ field, lang, text });
  }
  return out;
}

function plain(field: string, text: string | null | undefined): TextField[] {
  return text?.trim() ? [{ field, text }] : [];
}

/** Rows grouped by their record's key. */
function byKey<T, K extends keyof T>(rows: T[], key: K): Map<T[K], T[]> {
  const out = new Map<T[K], T[]>();
  for (const row of rows) out.set(row[key], [...(out.get(row[key]) ?? []), row]);
  return out;
}

const at = (value: string | null | undefined, fallback: string) =>
  instant(value) ?? instant(fallback) ?? fallback;

/** A record's documents: its text, and the date it is about (from/to filters, year facet). */
interface Built {
  key: string;
  at: string;
  text: SearchableText;
}

async function meetings(db: Db, ids: string[]): Promise<Built[]> {
  if (ids.length === 0) return [];
  const [rows, words] = await Promise.all([meetingsByIds(db, ids), meetingWords(db, ids)]);
  const agenda = byKey(words.agenda, 'meeting_id');
  const decisions = byKey(words.decisions, 'meeting_id');
  const actions = byKey(words.actions, 'meeting_id');
  const participants = byKey(words.participants, 'meeting_id');
  return rows.map((m) => ({
    key: m.id,
    at: at(m.starts_at, m.created_at),
    text: {
      title: fields('title', m, 'title'),
      body: [
        ...fields('minutes', m, 'minutes'),
        ...plain('place', m.place),
        ...(agenda.get(m.id) ?? []).flatMap((a) => [
          ...fields('agenda', a, 'title'),
          ...plain('agenda', a.presenter_name),
        ]),
        ...(decisions.get(m.id) ?? []).flatMap((d) => fields('decision', d, 'text')),
        ...(actions.get(m.id) ?? []).flatMap((a) => fields('action', a, 'text')),
        ...(participants.get(m.id) ?? []).flatMap((p) => plain('participant', p.person)),
      ],
    },
  }));
}

async function projects(db: Db, ids: string[]): Promise<Built[]> {
  if (ids.length === 0) return [];
  const [rows, words] = await Promise.all([projectsByIds(db, ids), projectWords(db, ids)]);
  const parties = byKey(words.parties, 'project_id');
  const domains = byKey(words.domains, 'project_id');
  const places = byKey(words.countries, 'project_id');
  return rows.map((p) => ({
    key: p.id,
    at: at(p.starts_on, p.created_at),
    text: {
      title: fields('title', p, 'title'),
      body: [
        ...fields('description', p, 'description'),
        // Donors and partners by name: a member in its three names, another organisation as given.
        ...(parties.get(p.id) ?? []).flatMap((x) => [
          ...plain(x.role === 'funding' ? 'donor' : 'partner', x.name),
          ...fields(x.role === 'funding' ? 'donor' : 'partner', x, 'name'),
        ]),
        ...(domains.get(p.id) ?? []).flatMap((d) => fields('domain', d, 'name')),
        ...(places.get(p.id) ?? []).flatMap((c) => plain('admin1', c.admin1)),
        ...plain('external_id', p.iati_identifier),
      ],
    },
  }));
}

async function needs(db: Db, ids: string[]): Promise<Built[]> {
  if (ids.length === 0) return [];
  return (await needsByIds(db, ids)).map((n) => ({
    key: n.id,
    at: at(n.created_at, n.created_at),
    text: {
      title: fields('title', n, 'title'),
      body: [
        ...fields('description', n, 'description'),
        ...fields('domain', n, 'domain'),
        ...plain('admin1', n.admin1),
      ],
    },
  }));
}

async function communiques(db: Db, ids: string[]): Promise<Built[]> {
  if (ids.length === 0) return [];
  return (await communiquesByIds(db, ids)).map((c) => ({
    key: c.id,
    at: at(c.published_at, c.created_at),
    text: { title: fields('title', c, 'title'), body: fields('body', c, 'body') },
  }));
}

export const BUILD: Record<CoordinationKind, (db: Db, ids: string[]) => Promise<Built[]>> = {
  meeting: meetings,
  project: projects,
  need: needs,
  communique: communiques,
};

export async function documents(db: Db, kind: CoordinationKind, ids: string[]) {
  const built = await BUILD[kind](db, [...new Set(ids)]);
  return built.map((b): SearchDocument => ({ kind, record_key: b.key, at: b.at, text: b.text }));
}

/**
 * Writes the documents of these records, in the transaction that changed them (after the change).
 * A meeting's document holds its action items, which change without the meeting's row: its row is
 * locked first, so two writers of one meeting write its document in turn.
 */
export async function indexRecords(trx: Db, kind: CoordinationKind, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  if (kind === 'meeting') await lockRecords(trx, kind, ids);
  await writeSearchDocs(trx, await documents(trx, kind, ids));
}

/** Removes the documents of deleted records, in the deleting transaction. */
export function unindexRecords(trx: Db, kind: CoordinationKind, ids: string[]): Promise<void> {
  return removeSearchDocs(trx, kind, ids);
}

/** Writes the documents of every record of these kinds (the demo, after loading its records). */
export async function indexAllRecords(trx: Db, kinds: CoordinationKind[]): Promise<void> {
  for (const kind of kinds) {
    let after: string | null = null;
    for (;;) {
      const keys: string[] = await recordKeys(trx, kind, after, 500);
      await writeSearchDocs(trx, await documents(trx, kind, keys));
      if (keys.length < 500) break;
      after = keys[keys.length - 1]!;
    }
  }
}
