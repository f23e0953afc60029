/**
 * Ingest speed, two ways, each beside a raw baseline measured in the same run:
 *
 * 1. The API path: N STIX 2.1 objects as JSON text → JSON.parse → storeObjects, one transaction per
 *    batch, against JSON.parse of the same text and plain inserts into a bare SQLite table keyed by
 *    (id, modified) with the same durability, one transaction per batch. Target on SQLite: ratio
 *    ≥ 0.5 and peak RSS ≤ 512 MB.
 * 2. The bulk path: `tansiq import FILE` of a bundle of M objects, process start included, against
 *    the raw limit: reading the file, JSON.parse and plain inserts into a bare table in one
 *    transaction. Target: ratio ≥ 0.5.
 *
 * Search keeps its index from a queue the store fills in each transaction, and indexes after the
 * batch: both paths include that queue (its share of the store's time is printed). The threat
 * picture's and the references' projections come from a queue too: both paths leave them to the
 * projector (the next API request, or the server's background projector). The time to catch up on
 * both after an import is printed beside it.
 *
 *   npm run bench:ingest -- [--count 100000] [--batch 1000] [--import-count 200000] [--no-postgres]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { installCapabilities } from '../src/capabilities.ts';
import { openAndMigrate, type DbHandle } from '../src/db/index.ts';
import { resolveAudience, type AudienceSpec } from '../src/members/audience.service.ts';
import { storeObjects } from '../src/exchange/objects.service.ts';
import { DEMO_GROUP, loadDemo } from '../src/demo/demo.ts';
import { memberById } from '../src/members/members.repository.ts';
import { userByUsername } from '../src/accounts/users.repository.ts';
import type { Actor } from '../src/policy/viewer.ts';
import type { TlpLevel } from '../src/stix/tlp.ts';
import { ExerciseObjects } from './exercise-objects.ts';
import { addProjection } from '../src/exchange/projections.ts';
import { indexAll } from '../src/search/search.index.ts';
import { projectWaiting } from '../src/exchange/projector.ts';
import { searchIndexProjection } from '../src/search/search.projection.ts';
import { withPostgresSchema } from './postgres.ts';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

installCapabilities();

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '1000' },
    'import-count': { type: 'string', default: '200000' },
    'no-postgres': { type: 'boolean', default: false },
  },
});
const COUNT = Number(args.count);
const BATCH = Number(args.batch);
if (!Number.isInteger(COUNT) || COUNT < 1 || !Number.isInteger(BATCH) || BATCH < 1) {
  process.stderr.write('--count and --batch take positive integers\n');
  process.exit(2);
}
const IMPORT_COUNT = Number(args['import-count']);
const SEED = 2;
const TARGET_RATIO = 0.5;
const TARGET_RSS_MB = 512;

/** The sharing situations of a real exchange, in turn: each batch goes to one audience at one level. */
const AUDIENCES: { spec: AudienceSpec; tlp: TlpLevel; federate: boolean }[] = [
  { spec: 'coalition', tlp: 'green', federate: true },
  { spec: `group:${DEMO_GROUP}`, tlp: 'amber', federate: true },
  { spec: `group:${DEMO_GROUP}`, tlp: 'amber+strict', federate: false },
  { spec: { recipients: ['NE', 'US'] }, tlp: 'red', federate: false },
];

function* batches(): Generator<{ index: number; text: string; tlp: TlpLevel; count: number }> {
  const source = new ExerciseObjects(SEED);
  for (let index = 0, done = 0; done < COUNT; index += 1) {
    const size = Math.min(BATCH, COUNT - done);
    const { tlp } = AUDIENCES[index % AUDIENCES.length]!;
    yield { index, tlp, ...source.batch(index, size, tlp) };
    done += size;
  }
}

const peakRssMb = () => process.resourceUsage().maxRSS / 1024;
const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'tansiq-bench-'));

interface Figure {
  seconds: number;
  bytes: number;
  /** The projections of what the import queued, written after it (seconds). */
  projectSeconds?: number;
  /** Search: indexing what the import queued, after it (seconds). */
  indexSeconds?: number;
}

/**
 * Time spent queueing for search inside the store's transactions: the search projection, timed.
 * (What indexing itself costs comes after the import, and is timed there.)
 */
let queueNs = 0n;
addProjection({
  ...searchIndexProjection,
  async write(trx, versions) {
    const t0 = process.hrtime.bigint();
    await searchIndexProjection.write(trx, versions);
    queueNs += process.hrtime.bigint() - t0;
  },
});

/** The floor: JSON.parse and plain inserts into a bare table, same pragmas, one transaction a batch. */
function openBaseline(dir: string): { run(text: string): bigint; close(): void } {
  const db = new SQLite(path.join(dir, 'raw.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(
    'CREATE TABLE raw (id TEXT NOT NULL, modified TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (id, modified))',
  );
  const insert = db.prepare('INSERT INTO raw (id, modified, body) VALUES (?, ?, ?)');
  const insertAll = db.transaction((objects: Record<string, unknown>[]) => {
    for (const o of objects) insert.run(o.id, o.modified ?? o.created ?? '', JSON.stringify(o));
  });
  return {
    run(text) {
      const t0 = process.hrtime.bigint();
      insertAll(JSON.parse(text) as Record<string, unknown>[]);
      return process.hrtime.bigint() - t0;
    },
    close: () => db.close(),
  };
}

/**
 * The store, as the API drives it; only JSON.parse and storeObjects are timed. With a baseline, each
 * batch also goes to it, in alternating order, so both see the same machine load (fsync times vary).
 */
async function runStore(
  handle: DbHandle,
  baseline?: ReturnType<typeof openBaseline>,
): Promise<{ store: Figure; baseline: Figure }> {
  await loadDemo(handle.db, 'bench-password-1');
  const user = (await userByUsername(handle.db, 'analyst-ma'))!;
  const member = (await memberById(handle.db, user.member_id))!;
  const actor: Actor = {
    userId: user.id,
    username: user.username,
    memberId: member.id,
    memberCode: member.code,
    role: user.role,
    via: 'token:write',
  };
  const audiences = await Promise.all(
    AUDIENCES.map((a) => resolveAudience(handle.db, actor, a.spec)),
  );
  let ns = 0n,
    rawNs = 0n,
    bytes = 0,
    stored = 0;
  for (const b of batches()) {
    if (baseline && b.index % 2 === 0) rawNs += baseline.run(b.text);
    const a = AUDIENCES[b.index % AUDIENCES.length]!;
    const t0 = process.hrtime.bigint();
    const objects = JSON.parse(b.text) as unknown[];
    const outcome = await storeObjects(handle.db, actor, {
      objects,
      audience: audiences[b.index % AUDIENCES.length]!,
      federate: a.federate,
      tlp: a.tlp,
      source: 'api',
      // As the REST and TAXII routes store a client's batch (projections after it, projector.ts).
      projectLater: true,
    });
    ns += process.hrtime.bigint() - t0;
    if (baseline && b.index % 2 === 1) rawNs += baseline.run(b.text);
    bytes += b.text.length;
    stored += outcome.stored;
    if (outcome.stored !== b.count) {
      const bad = outcome.results.find((r) => r.status !== 'stored');
      throw new Error(
        `batch ${b.index}: ${outcome.stored}/${b.count} stored; first problem: ${JSON.stringify(bad)}`,
      );
    }
  }
  if (stored !== COUNT) throw new Error(`${stored} of ${COUNT} objects stored`);
  // The projections and search come after the import, from the queues the store filled in its
  // transactions (the server's background projector and indexer).
  const t0 = process.hrtime.bigint();
  await projectWaiting(handle.db);
  const projectSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const t1 = process.hrtime.bigint();
  await indexAll(handle.db);
  const indexSeconds = Number(process.hrtime.bigint() - t1) / 1e9;
  return {
    store: { seconds: Number(ns) / 1e9, bytes, projectSeconds, indexSeconds },
    baseline: { seconds: Number(rawNs) / 1e9, bytes },
  };
}

async function runSqlite(): Promise<{ store: Figure; baseline: Figure }> {
  const dir = tempDir();
  const handle = await openAndMigrate({ databaseUrl: null, dataDir: dir });
  const baseline = openBaseline(dir);
  try {
    return await runStore(handle, baseline);
  } finally {
    baseline.close();
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A fresh PostgreSQL schema, dropped afterwards (as test/helpers.ts freshDb does). */
function runPostgres(): Promise<Figure> {
  return withPostgresSchema(async (handle) => (await runStore(handle)).store);
}

const BIN = path.resolve(import.meta.dirname, '../bin/tansiq.js');
const run = promisify(execFile);

/** A bundle file of `count` exercise objects (GREEN), as an analyst would receive one. */
function writeBundle(file: string, count: number): number {
  const source = new ExerciseObjects(SEED + 1);
  const out = fs.openSync(file, 'w');
  fs.writeSync(
    out,
    '{"type":"bundle","id":"bundle--6f9bd4a5-1b1c-4d2e-9f0a-2b3c4d5e6f70","objects":[',
  );
  for (let done = 0, index = 0; done < count; index += 1) {
    const size = Math.min(10_000, count - done);
    const text = source.batch(index, size, 'green').text;
    fs.writeSync(out, (done ? ',' : '') + text.slice(1, -1));
    done += size;
  }
  fs.writeSync(out, ']}');
  fs.closeSync(out);
  return fs.statSync(file).size;
}

/** The raw limit: read the file, JSON.parse, plain inserts into a bare table in one transaction. */
function rawImport(dir: string, file: string): number {
  const t0 = process.hrtime.bigint();
  const db = new SQLite(path.join(dir, 'raw-import.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(
    'CREATE TABLE raw (id TEXT NOT NULL, modified TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (id, modified))',
  );
  const insert = db.prepare('INSERT INTO raw (id, modified, body) VALUES (?, ?, ?)');
  const objects = (
    JSON.parse(fs.readFileSync(file, 'utf8')) as { objects: Record<string, unknown>[] }
  ).objects;
  db.transaction(() => {
    for (const o of objects) insert.run(o.id, o.modified ?? o.created ?? '', JSON.stringify(o));
  })();
  db.close();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** `tansiq import` of the same file into an installation with the demo coalition, process start included. */
async function cliImport(dir: string, file: string): Promise<number> {
  const env = { ...process.env, TANSIQ_DEMO_PASSWORD: 'bench-password-1', LOG_LEVEL: 'silent' };
  await run('node', [BIN, 'demo', '--data', dir], { env });
  const t0 = process.hrtime.bigint();
  const { stdout } = await run(
    'node',
    [
      BIN,
      'import',
      file,
      '--as',
      'analyst-ma',
      '--audience',
      'coalition',
      '--tlp',
      'green',
      '--data',
      dir,
    ],
    { env, maxBuffer: 64 * 1024 * 1024 },
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (!stdout.includes(`${IMPORT_COUNT} stored`))
    throw new Error(`tansiq import did not store every object: ${stdout.slice(0, 500)}`);
  return seconds;
}

/**
 * After an import, what it left for later, each a command as an operator runs it (process start
 * included): `tansiq projections run` (the threat picture's and the references' rows) and
 * `tansiq search-index run` (the search index).
 */
async function cliCatchUp(dir: string, command: 'projections' | 'search-index'): Promise<number> {
  const env = { ...process.env, LOG_LEVEL: 'silent' };
  const t0 = process.hrtime.bigint();
  await run('node', [BIN, command, 'run', '--data', dir], { env });
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

async function runImport(): Promise<{
  raw: number;
  cli: number;
  bytes: number;
  projections: number;
  index: number;
}> {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'bundle.json');
    const bytes = writeBundle(file, IMPORT_COUNT);
    // Alternate which goes first on a second round, so both see the same machine load.
    const raw1 = rawImport(path.join(dir), file);
    const first = fs.mkdtempSync(path.join(dir, 'a-'));
    const cli1 = await cliImport(first, file);
    const projections = await cliCatchUp(first, 'projections');
    const index = await cliCatchUp(first, 'search-index');
    const cli2 = await cliImport(fs.mkdtempSync(path.join(dir, 'b-')), file);
    fs.rmSync(path.join(dir, 'raw-import.sqlite'));
    const raw2 = rawImport(dir, file);
    return { raw: (raw1 + raw2) / 2, cli: (cli1 + cli2) / 2, bytes, projections, index };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const perSecond = (f: Figure) => COUNT / f.seconds;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const row = (cells: string[]) =>
  `  ${cells[0]!.padEnd(30)}${cells
    .slice(1)
    .map((c) => c.padStart(13))
    .join('')}\n`;

process.stdout.write(
  `bench/ingest: ${fmt(COUNT)} STIX 2.1 objects (exercise data), batches of ${fmt(BATCH)}, node ${process.version}\n`,
);
queueNs = 0n;
const { store, baseline } = await runSqlite();
const storeRss = peakRssMb();
const queueSeconds = Number(queueNs) / 1e9;
let postgres: Figure | string;
if (args['no-postgres']) {
  postgres = 'skipped';
} else {
  try {
    postgres = await runPostgres();
  } catch (e) {
    postgres = `unavailable (${(e as Error).message})`;
  }
}

const ratio = perSecond(store) / perSecond(baseline);
const mb = (f: Figure) => (f.bytes / 1024 / 1024 / f.seconds).toFixed(1);
let out = `\n  JSON text: ${(store.bytes / 1024 / 1024).toFixed(1)} MB, ${Math.round(store.bytes / COUNT)} bytes an object\n\n`;
out += row(['', 'objects/s', 'MB/s', 'seconds', 'ratio']);
out += row([
  'raw baseline (SQLite)',
  fmt(perSecond(baseline)),
  mb(baseline),
  baseline.seconds.toFixed(2),
  '1.00',
]);
out += row([
  'Tansiq store, SQLite',
  fmt(perSecond(store)),
  mb(store),
  store.seconds.toFixed(2),
  ratio.toFixed(2),
]);
if (typeof postgres === 'string') {
  out += `  Tansiq store, PostgreSQL      ${postgres}\n`;
} else {
  out += row([
    'Tansiq store, PostgreSQL',
    fmt(perSecond(postgres)),
    mb(postgres),
    postgres.seconds.toFixed(2),
    (perSecond(postgres) / perSecond(baseline)).toFixed(2),
  ]);
}
const indexing = (name: string, f: Figure) =>
  f.indexSeconds === undefined || f.projectSeconds === undefined
    ? ''
    : `  after the import, ${name}: projections ${f.projectSeconds.toFixed(2)} s (${fmt(COUNT / f.projectSeconds)} objects/s), search indexing ${f.indexSeconds.toFixed(2)} s (${fmt(COUNT / f.indexSeconds)} objects/s); all three together: ${fmt(COUNT / (f.seconds + f.projectSeconds + f.indexSeconds))} objects/s\n`;
out += `\n  of the SQLite store's time, queueing for search in its transactions: ${queueSeconds.toFixed(3)} s (${((queueSeconds / store.seconds) * 100).toFixed(2)} %)\n`;
out += `${indexing('SQLite', store)}${typeof postgres === 'string' ? '' : indexing('PostgreSQL', postgres)}`;
out += `\n  peak RSS: ${storeRss.toFixed(0)} MB after the SQLite runs (store and baseline), ${peakRssMb().toFixed(0)} MB for the whole run\n`;
const ratioMet = ratio >= TARGET_RATIO;
const rssMet = storeRss <= TARGET_RSS_MB;
out += `  target (SQLite): ratio ≥ ${TARGET_RATIO} ${ratioMet ? 'met' : 'NOT met'} (${ratio.toFixed(2)}), `;
out += `peak RSS ≤ ${TARGET_RSS_MB} MB ${rssMet ? 'met' : 'NOT met'} (${storeRss.toFixed(0)} MB)\n`;

const bulk = await runImport();
const importRatio = bulk.raw / bulk.cli;
out += `\n  bulk path: tansiq import of a ${(bulk.bytes / 1024 / 1024).toFixed(1)} MB bundle of ${fmt(IMPORT_COUNT)} objects (process start included)\n\n`;
out += row(['', 'objects/s', 'MB/s', 'seconds', 'ratio']);
const bulkRow = (name: string, seconds: number, ratio: string) =>
  row([
    name,
    fmt(IMPORT_COUNT / seconds),
    (bulk.bytes / 1024 / 1024 / seconds).toFixed(1),
    seconds.toFixed(2),
    ratio,
  ]);
out += bulkRow('raw limit (one transaction)', bulk.raw, '1.00');
out += bulkRow('tansiq import, SQLite', bulk.cli, importRatio.toFixed(2));
out += `  after it, what it leaves for the server's background work, run at once here:\n`;
out += `    projections (tansiq projections run): ${bulk.projections.toFixed(2)} s (${fmt(IMPORT_COUNT / bulk.projections)} objects/s)\n`;
out += `    search index (tansiq search-index run): ${bulk.index.toFixed(2)} s (${fmt(IMPORT_COUNT / bulk.index)} objects/s)\n`;
out += `    import and projections together: ${fmt(IMPORT_COUNT / (bulk.cli + bulk.projections))} objects/s (ratio ${(bulk.raw / (bulk.cli + bulk.projections)).toFixed(2)})\n`;
const importMet = importRatio >= TARGET_RATIO;
out += `  target (bulk path): ratio ≥ ${TARGET_RATIO} ${importMet ? 'met' : 'NOT met'} (${importRatio.toFixed(2)})\n`;
out += `  => ${ratioMet && rssMet && importMet ? 'TARGETS MET' : 'TARGET NOT MET'}\n`;
process.stdout.write(out);
if (!(ratioMet && rssMet && importMet)) process.exitCode = 1;
