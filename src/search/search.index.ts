import { EventEmitter } from 'node:events';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../db/index.ts';
import { inTurn } from '../db/turns.ts';
import { startBackground } from '../db/background.ts';
import { formatMicros } from '../stix/timestamp.ts';
import {
  dateOf,
  INDEXED_TYPES,
  NAMED_TYPES,
  searchableText,
  spellingsOf,
  type SearchableText,
} from './extract.ts';
import {
  deleteDocs,
  docCounts,
  insertDocs,
  keepStatistics,
  refreshNewest,
  type IndexDoc,
} from './documents.repository.ts';
import {
  advanceRange,
  claimRange,
  finishRange,
  forgetKindStates,
  hasQueued,
  indexedRules,
  kindState,
  queuedVersions,
  queueEverything,
  saveKindState,
  versionsInRange,
  type VersionToIndex,
} from './queue.repository.ts';
import { searchKinds, STIX_KINDS, type SearchKind } from './kinds.ts';
import { RULES_VERSION, terms } from './normalise.ts';
import type { VersionFacts } from './search.table.ts';

/**
 * Keeping the index current. The store's projection (search.projection.ts) only queues the range
 * of versions a transaction wrote — one small row, so bulk import keeps its speed — and the
 * indexer turns queued versions into documents after the batch, in transactions of its own: a
 * background loop in the server, and before every search (which waits for the queue to empty, up
 * to a bound), so a search finds what was just written.
 */

export { STIX_KINDS };

const typeOfId = (id: string | null) => (id ? id.slice(0, Math.max(0, id.indexOf('--'))) : '');

/** A document as given by a capability: its text, not yet normalised. */
export interface SearchDocument {
  kind: string;
  record_key: string;
  at: string;
  text: SearchableText;
  /** For a named record (a group, a place): what its name and aliases name. */
  spellingsOf?: string;
  /** For a stored STIX version: its facts (search.table.ts). */
  facts?: VersionFacts;
}

function toIndexDoc(d: SearchDocument): IndexDoc {
  const phrases = d.spellingsOf
    ? spellingsOf(d.text)
        .map((s) => terms(s).join(' '))
        .filter(Boolean)
    : [];
  return {
    kind: d.kind,
    record_key: d.record_key,
    at: d.at,
    title: d.text.title.flatMap((f) => terms(f.text)),
    body: d.text.body.flatMap((f) => terms(f.text)),
    ...(d.spellingsOf && phrases.length ? { spellings: { set_key: d.spellingsOf, phrases } } : {}),
    ...(d.facts ? { facts: d.facts } : {}),
  };
}

/**
 * Writes (or replaces) documents of any kind, in the caller's transaction (`root`: the database
 * it belongs to, when known, for SQLite's prepared statements).
 */
export function writeSearchDocs(trx: Db, docs: SearchDocument[], root?: Db): Promise<void> {
  return insertDocs(trx, docs.map(toIndexDoc), root);
}

/** Removes the documents of records of one kind, in the caller's transaction. */
export async function removeSearchDocs(trx: Db, kind: string, keys: string[]): Promise<void> {
  await deleteDocs(trx, [kind], keys);
}

/**
 * The document of a stored version: its facts, and its text (none for a revoked version, which
 * stays in the index only to say that the object was revoked).
 */
export function documentOf(v: VersionToIndex): SearchDocument {
  let object: Record<string, unknown> = {};
  try {
    object = JSON.parse(v.body) as Record<string, unknown>;
  } catch {
    // Stored bodies are valid JSON; a broken one is kept out of the text, not out of the facts.
  }
  const storedAt = formatMicros(v.added);
  const translation = v.type === 'language-content';
  const at = translation ? storedAt : dateOf(object, storedAt);
  const facts: VersionFacts = {
    added: v.added,
    stix_id: v.stix_id,
    version: v.version,
    type: v.type,
    revoked: v.revoked,
    owner_id: v.owner_id,
    audience: v.audience,
    audience_group_id: v.audience_group_id,
    tlp: v.tlp,
    federate: v.federate,
    refers_to: v.refers_to,
    newest: 1,
  };
  const text = v.revoked ? { title: [], body: [] } : searchableText(object);
  const named = translation ? v.refers_to : NAMED_TYPES.has(v.type) ? v.stix_id : null;
  return {
    kind: translation ? 'translation' : 'object',
    record_key: String(v.added),
    at,
    text,
    facts,
    ...(named && NAMED_TYPES.has(typeOfId(named)) && !v.revoked ? { spellingsOf: named } : {}),
  };
}

/** Versions indexed per transaction: small enough that no writer waits long for the lock. */
const CHUNK = 250;

/** Indexes the next chunk of the queue in one transaction; the number of versions it handled. */
async function indexChunk(db: Db): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const range = await claimRange(trx);
    if (!range) return 0;
    const versions = await versionsInRange(
      trx,
      range.from_added,
      range.to_added,
      INDEXED_TYPES,
      CHUNK,
    );
    const docs = versions.map(documentOf);
    await writeSearchDocs(trx, docs, db);
    // A version just indexed may be older or newer than versions already in the index.
    await refreshNewest(
      trx,
      versions.map((v) => v.stix_id),
    );
    if (versions.length < CHUNK) await finishRange(trx, range.id);
    else await advanceRange(trx, range.id, versions[versions.length - 1]!.added + 1);
    return Math.max(versions.length, 1);
  });
}

/** When the rules changed (or on the first run), every stored version is queued again. */
async function checkRules(db: Db): Promise<void> {
  if ((await indexedRules(db)) === RULES_VERSION) return;
  await db.transaction().execute((trx) => queueEverything(trx, RULES_VERSION));
}

const running = new WeakMap<Db, Promise<number>>();

/** Empties the queue chunk by chunk, yielding between chunks; one run per database at a time. */
function drain(db: Db, deadline: number): Promise<number> {
  const current = running.get(db);
  if (current) return current;
  const run = (async () => {
    await checkRules(db);
    let done = 0;
    for (;;) {
      // A chunk is long work: it takes its turn with the others (db/turns.ts).
      const n = await inTurn('long', () => indexChunk(db));
      done += n;
      await keepStatistics(db, n);
      if (n === 0 || Date.now() > deadline) return done;
    }
  })().finally(() => running.delete(db));
  running.set(db, run);
  return run;
}

/** Records of other kinds per rebuild transaction. */
const REBUILD_PAGE = 200;
/** Kinds whose documents this process knows are built with the current rules, per database. */
const current = new WeakMap<Db, Set<string>>();
const rebuilding = new WeakMap<Db, Promise<boolean>>();

/** One page of a kind's rebuild, in one transaction; true when the kind is done. */
async function rebuildPage(db: Db, kind: SearchKind & Required<Pick<SearchKind, 'rebuild'>>) {
  return db.transaction().execute(async (trx) => {
    const state = await kindState(trx, kind.kind, true);
    const after = state?.rules_version === RULES_VERSION ? state : undefined;
    if (after?.done) return true;
    const keys = await kind.rebuild.keys(trx, after?.after_key ?? null, REBUILD_PAGE);
    if (keys.length > 0) await writeSearchDocs(trx, await kind.rebuild.documents(trx, keys), db);
    const done = keys.length < REBUILD_PAGE;
    await saveKindState(trx, kind.kind, {
      rules_version: RULES_VERSION,
      after_key: done ? null : keys[keys.length - 1]!,
      done,
    });
    return done;
  });
}

/**
 * Builds the documents of every kind that has records of its own (not STIX versions) where they
 * were built with other rules or never built — an installation that had meetings or drafts before
 * they joined search — a page per transaction, resuming where it stopped, until `deadline`. True
 * when every kind is current. Writers keep writing their documents meanwhile (a page locks the
 * records it reads), so a search finds every record once the rebuild is done.
 */
export function rebuildKinds(db: Db, deadline: number): Promise<boolean> {
  const running = rebuilding.get(db);
  if (running) return running;
  const known = current.get(db) ?? new Set<string>();
  current.set(db, known);
  const kinds = searchKinds().filter(
    (k): k is SearchKind & Required<Pick<SearchKind, 'rebuild'>> =>
      k.rebuild !== undefined && !known.has(k.kind),
  );
  if (kinds.length === 0) return Promise.resolve(true);
  const run = (async () => {
    for (const kind of kinds) {
      const state = await kindState(db, kind.kind, false);
      if (!(state?.done && state.rules_version === RULES_VERSION)) {
        for (;;) {
          if (await inTurn('long', () => rebuildPage(db, kind))) break;
          if (Date.now() > deadline) return false;
          await nextTurn();
        }
      }
      known.add(kind.kind);
    }
    return true;
  })().finally(() => rebuilding.delete(db));
  rebuilding.set(db, run);
  return run;
}

/**
 * Indexes what is queued, for at most `waitMs`: a search calls it first, so it finds what was
 * written a moment ago. A long backlog (a bulk import) is left to the background indexer.
 */
export async function catchUp(db: Db, waitMs = 2000): Promise<void> {
  const deadline = Date.now() + waitMs;
  await checkRules(db);
  // A rebuild that fails here (another process wrote the same page first) is the background
  // indexer's to retry and report: the search answers with what the index holds.
  await rebuildKinds(db, deadline).catch(() => false);
  while (Date.now() < deadline && (await hasQueued(db))) {
    const done = await drain(db, deadline);
    // Another process holds the queued rows (PostgreSQL): wait for it rather than spin.
    if (done === 0) await sleep(20);
  }
}

/** Indexes the whole queue (CLI, benchmarks); calls `progress` with the versions done so far. */
export async function indexAll(db: Db, progress?: (done: number) => void): Promise<number> {
  await checkRules(db);
  while (!(await rebuildKinds(db, Date.now() + 1000))) await nextTurn();
  let total = 0;
  for (;;) {
    const n = await drain(db, Date.now() + 1000);
    total += n;
    progress?.(total);
    if (n === 0 && !(await hasQueued(db))) return total;
    if (n === 0) await sleep(20);
  }
}

/** Queues every stored version again, and rebuilds every other kind (on request). */
export async function reindexAll(db: Db): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await queueEverything(trx, RULES_VERSION, true);
    await forgetKindStates(trx);
  });
  current.delete(db);
}

const queued = new EventEmitter();
queued.setMaxListeners(0);

/** The store's projection calls this when it queued versions (before its transaction commits). */
export function signalQueued(): void {
  queued.emit('queued');
}

/**
 * The background indexer of a server: woken by writes in this process, and polling for writes of
 * other processes (another app server on the same PostgreSQL, a CLI import).
 */
export function startIndexer(
  db: Db,
  onError: (error: unknown) => void,
  pollMs = 2000,
): { stop(): Promise<void> } {
  const loop = startBackground(
    async () => {
      await rebuildKinds(db, Date.now() + 60_000);
      if (await hasQueued(db)) await drain(db, Date.now() + 60_000);
    },
    { wakes: queued, onError, pollMs },
  );
  return {
    async stop() {
      await loop.stop();
      await running.get(db)?.catch(() => 0);
    },
  };
}

/** What the index holds and what waits (`tansiq search-index status`). */
export async function searchStatus(db: Db): Promise<{
  documents: { kind: string; n: number }[];
  queued: number;
  rules: string;
  current: string;
}> {
  return {
    documents: await docCounts(db),
    queued: await queuedVersions(db),
    rules: await indexedRules(db),
    current: RULES_VERSION,
  };
}
