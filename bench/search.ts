/**
 * Issue 9, "Tests and speed": with N reports in Arabic, French and English stored (default
 * 100,000), the p50/p99 of searches as the API runs them (the access policy inside the query, the
 * latest version each reader may read, facets, snippets, names in the reader's language), for
 * readers with different rights, beside a raw full-text query over the same index without the
 * policy (match, newest first, one page, and the count) in the same run. Also prints how long the
 * import took and how long indexing took after it. Target on both databases: p50 ≤ 50 ms,
 * p99 ≤ 200 ms.
 *
 *   npm run bench:search -- [--count 100000] [--rounds 3] [--no-postgres] [--verbose] [--data DIR]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { installCapabilities } from '../src/capabilities.ts';
import { openAndMigrate, sqliteFile, type DbHandle, type Dialect } from '../src/db/index.ts';
import { resolveAudience, type AudienceSpec } from '../src/members/audience.service.ts';
import { storeObjects } from '../src/exchange/objects.service.ts';
import { DEMO_GROUP, loadDemo } from '../src/demo/demo.ts';
import { memberById } from '../src/members/members.repository.ts';
import { userByUsername } from '../src/accounts/users.repository.ts';
import type { Actor } from '../src/policy/viewer.ts';
import type { TlpLevel } from '../src/stix/tlp.ts';
import { expressionOf, parseQuery, toFts5, toTsquery } from '../src/search/query.ts';
import { indexAll } from '../src/search/search.index.ts';
import { search } from '../src/search/search.service.ts';
import type { SearchQuery } from '../contract/search.ts';
import { corpusReport, GROUPS, PLACES } from './search-corpus.ts';
import { PG_URL, withPostgresSchema } from './postgres.ts';
import type { Database } from '../src/db/schema.ts';

installCapabilities();

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '3' },
    'no-postgres': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    /** Keep the SQLite database in this folder, and reuse it when it is already filled. */
    data: { type: 'string' },
  },
});
const COUNT = Number(args.count);
const ROUNDS = Number(args.rounds);
if (!Number.isInteger(COUNT) || COUNT < 1000 || !Number.isInteger(ROUNDS) || ROUNDS < 1) {
  process.stderr.write('--count takes a whole number ≥ 1000, --rounds a positive one\n');
  process.exit(2);
}
const SEED = 9;
const BATCH = 1000;
const TARGET_P50_MS = 50;
const TARGET_P99_MS = 200;

/** Who writes, for whom and at which level, in turn batch by batch. */
const WRITERS: { owner: string; spec: AudienceSpec; tlp: TlpLevel; federate: boolean }[] = [
  { owner: 'analyst-ma', spec: 'coalition', tlp: 'green', federate: true },
  { owner: 'analyst-ne', spec: `group:${DEMO_GROUP}`, tlp: 'amber', federate: true },
  { owner: 'analyst-ng', spec: `group:${DEMO_GROUP}`, tlp: 'amber+strict', federate: false },
  { owner: 'analyst-us', spec: { recipients: ['NE', 'MA'] }, tlp: 'red', federate: false },
  { owner: 'analyst-fr', spec: 'member', tlp: 'amber', federate: false },
  { owner: 'analyst-ma', spec: `group:${DEMO_GROUP}`, tlp: 'amber', federate: false },
];

/** What analysts type: places and groups in any script, common and rare words, phrases, filters. */
const QUERIES: Omit<SearchQuery, 'limit'>[] = [
  { q: 'تيلابيري' },
  { q: 'Tillaberi' },
  { q: 'الارهابيه' },
  { q: 'الإرهابيين مايدوغوري' },
  { q: 'attaque' },
  { q: 'attaques Ménaka' },
  { q: 'kidnapping convoy' },
  { q: '"engin explosif"' },
  { q: 'ISWAP' },
  { q: 'جماعة نصرة الإسلام' },
  { q: 'financ*' },
  { q: 'recrutement Diffa' },
  { q: 'قتلى الهجوم ميناكا' },
  { q: 'soldiers killed -Borno' },
  { q: 'Boko Haram Maiduguri' },
  { q: 'enlèvement otages', type: 'report', tlp: 'amber' },
  { q: 'patrol', from: '2023-01-01', to: '2023-12-31' },
  { q: 'EX 4242' },
  { q: 'تهريب الوقود' },
  { q: 'drone airstrike Kidal' },
];

const percentile = (ms: number[], p: number) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

async function actorOf(handle: DbHandle, username: string, via: Actor['via']): Promise<Actor> {
  const user = (await userByUsername(handle.db, username))!;
  const member = (await memberById(handle.db, user.member_id))!;
  return {
    userId: user.id,
    username,
    memberId: member.id,
    memberCode: member.code,
    role: user.role,
    via,
  };
}

/** Places with their names in three languages, and groups with their aliases (exercise profiles). */
async function namedObjects(handle: DbHandle): Promise<void> {
  const ma = await actorOf(handle, 'analyst-ma', 'token:write');
  const now = new Date().toISOString();
  const objects: Record<string, unknown>[] = [];
  for (const place of PLACES) {
    const id = `location--${randomUUID()}`;
    objects.push({
      type: 'location',
      spec_version: '2.1',
      id,
      created: now,
      modified: now,
      name: place.fr,
      region: 'western-africa',
      labels: ['exercise'],
    });
    objects.push({
      type: 'language-content',
      spec_version: '2.1',
      id: `language-content--${randomUUID()}`,
      created: now,
      modified: now,
      object_ref: id,
      object_modified: now,
      contents: { ar: { name: place.ar }, en: { name: place.en } },
    });
  }
  for (const group of GROUPS) {
    objects.push({
      type: 'intrusion-set',
      spec_version: '2.1',
      id: `intrusion-set--${randomUUID()}`,
      created: now,
      modified: now,
      name: group.name,
      aliases: group.aliases,
      labels: ['exercise'],
    });
  }
  await storeObjects(handle.db, ma, {
    objects,
    audience: { kind: 'coalition' },
    federate: true,
    tlp: 'clear',
    source: 'api',
  });
}

interface Figures {
  /** PostgreSQL: the same searches on sessions with JIT on (the server's default) and off. */
  jit?: { on: number[]; off: number[] };
  importSeconds: number;
  indexSeconds: number;
  api: number[];
  /** This process's CPU time per search: on SQLite, all the work the search does. */
  apiCpu: number[];
  raw: number[];
  results: number;
}

async function rawQuery(handle: DbHandle, dialect: Dialect, q: string): Promise<number> {
  const e = expressionOf(parseQuery(q));
  if (dialect === 'sqlite') {
    const m = toFts5(e);
    await sql`SELECT d.doc_id, d.at FROM search_fts JOIN search_docs d ON d.doc_id = search_fts.rowid
      WHERE search_fts MATCH ${m} ORDER BY d.at DESC LIMIT 21`.execute(handle.db);
    const n = await sql<{
      n: number;
    }>`SELECT COUNT(*) AS n FROM search_fts WHERE search_fts MATCH ${m}`.execute(handle.db);
    return Number(n.rows[0]!.n);
  }
  const t = toTsquery(e);
  await sql`SELECT doc_id, at FROM search_docs WHERE terms @@ CAST(${t} AS tsquery)
    ORDER BY at DESC LIMIT 21`.execute(handle.db);
  const n = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM search_docs
    WHERE terms @@ CAST(${t} AS tsquery)`.execute(handle.db);
  return Number(n.rows[0]!.n);
}

/**
 * The searches again, each on a session with JIT on (PostgreSQL's default, which the app's pool
 * turns off) and then on the app's own sessions, in turn, so that both see the same load.
 */
async function jitAB(
  handle: DbHandle,
  schema: string,
  readers: Actor[],
): Promise<{ on: number[]; off: number[] }> {
  const pool = new pg.Pool({
    connectionString: PG_URL,
    max: 2,
    options: `-c jit=on -c search_path=${schema}`,
  });
  const jitOn = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const on: number[] = [];
  const off: number[] = [];
  try {
    for (const q of QUERIES) await search(jitOn, readers[0]!, q);
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const q of QUERIES) {
        for (const reader of readers) {
          for (const [db, into] of [
            [jitOn, on],
            [handle.db, off],
          ] as const) {
            const s = performance.now();
            await search(db, reader, q);
            into.push(performance.now() - s);
          }
        }
      }
    }
  } finally {
    await jitOn.destroy();
  }
  return { on, off };
}

/** Stores the demo coalition and COUNT reports, and indexes them: the time each step took. */
async function fill(
  handle: DbHandle,
  dialect: Dialect,
): Promise<{ importSeconds: number; indexSeconds: number }> {
  await loadDemo(handle.db, 'bench-password-1');
  await namedObjects(handle);
  const writers = await Promise.all(
    WRITERS.map(async (w) => {
      const actor = await actorOf(handle, w.owner, 'token:write');
      return { ...w, actor, audience: await resolveAudience(handle.db, actor, w.spec) };
    }),
  );
  let t0 = performance.now();
  for (let b = 0; b * BATCH < COUNT; b += 1) {
    const w = writers[b % writers.length]!;
    const size = Math.min(BATCH, COUNT - b * BATCH);
    const objects = Array.from(
      { length: size },
      (_, i) => corpusReport(SEED, b * BATCH + i).object,
    );
    const out = await storeObjects(handle.db, w.actor, {
      objects,
      audience: w.audience,
      federate: w.federate,
      tlp: w.tlp,
      source: 'api',
    });
    if (out.stored !== size) throw new Error(`batch ${b}: ${out.stored}/${size} stored`);
    if (b % 10 === 9)
      process.stdout.write(
        `  ${dialect}: ${((b + 1) * BATCH).toLocaleString('en-US')} reports stored\r`,
      );
  }
  const importSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  await indexAll(handle.db);
  const indexSeconds = (performance.now() - t0) / 1000;
  if (dialect === 'postgres') await sql`ANALYZE`.execute(handle.db);
  process.stdout.write(`  ${dialect}: stored and indexed${' '.repeat(30)}\n`);
  return { importSeconds, indexSeconds };
}

async function run(
  handle: DbHandle,
  dialect: Dialect,
  options: { schema?: string; filled?: boolean } = {},
): Promise<Figures> {
  const { importSeconds, indexSeconds } = options.filled
    ? { importSeconds: NaN, indexSeconds: NaN }
    : await fill(handle, dialect);

  const readers = [
    await actorOf(handle, 'analyst-ma', 'session'),
    await actorOf(handle, 'analyst-fr', 'session'),
    await actorOf(handle, 'analyst-ne', 'session'),
    await actorOf(handle, 'analyst-ne', 'token:federation'),
  ];
  const api: number[] = [];
  const apiCpu: number[] = [];
  const raw: number[] = [];
  let results = 0;
  // One pass to warm caches, not counted.
  for (const q of QUERIES) await search(handle.db, readers[0]!, q);
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const q of QUERIES) {
      for (const reader of readers) {
        const s = performance.now();
        const cpu = process.cpuUsage();
        const page = await search(handle.db, reader, q);
        const took = performance.now() - s;
        const used = process.cpuUsage(cpu);
        api.push(took);
        apiCpu.push((used.user + used.system) / 1000);
        if (args.verbose && round === 0)
          process.stdout.write(
            `    ${took.toFixed(1).padStart(7)} ms  ${String(page.total).padStart(6)}  ${reader.username}/${reader.via}  ${JSON.stringify(q)}\n`,
          );
        results += page.total ?? 0;
      }
      const s = performance.now();
      await rawQuery(handle, dialect, q.q);
      raw.push(performance.now() - s);
    }
  }
  const jit = options.schema ? await jitAB(handle, options.schema, readers) : undefined;
  return { importSeconds, indexSeconds, api, apiCpu, raw, results, ...(jit ? { jit } : {}) };
}

async function runSqlite(): Promise<Figures> {
  const dir = args.data ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tansiq-bench-search-'));
  const filled = args.data !== undefined && fs.existsSync(sqliteFile(dir));
  const handle = await openAndMigrate({ databaseUrl: null, dataDir: dir });
  try {
    return await run(handle, 'sqlite', { filled });
  } finally {
    await handle.close();
    if (args.data === undefined) fs.rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => n.toFixed(1);

const load = () => os.loadavg()[0]!.toFixed(1);
const loadBefore = load();
process.stdout.write(
  `bench/search: ${fmt(COUNT)} reports in ar/fr/en (exercise data), ${QUERIES.length} queries × 4 readers × ${ROUNDS} rounds, node ${process.version}\n`,
);
const figures: [string, Figures | string][] = [['SQLite', await runSqlite()]];
if (!args['no-postgres']) {
  try {
    figures.push([
      'PostgreSQL',
      await withPostgresSchema((handle, schema) => run(handle, 'postgres', { schema })),
    ]);
  } catch (e) {
    figures.push(['PostgreSQL', `unavailable (${(e as Error).message})`]);
  }
}

let out = '\n';
let met = true;
for (const [name, f] of figures) {
  if (typeof f === 'string') {
    out += `  ${name}: ${f}\n`;
    met = false;
    continue;
  }
  const [p50, p99] = [percentile(f.api, 50), percentile(f.api, 99)];
  const [r50, r99] = [percentile(f.raw, 50), percentile(f.raw, 99)];
  out += `  ${name}\n`;
  if (Number.isNaN(f.importSeconds)) out += `    the reports stored and indexed in ${args.data}\n`;
  else
    out += `    import ${fmt(COUNT)} reports through the store: ${f.importSeconds.toFixed(1)} s (${fmt(COUNT / f.importSeconds)}/s); indexing after it: ${f.indexSeconds.toFixed(1)} s (${fmt(COUNT / f.indexSeconds)}/s)\n`;
  out += `    raw full-text query, no policy (page + count):   p50 ${ms(r50)} ms   p99 ${ms(r99)} ms\n`;
  out += `    search as the API runs it (policy, facets …):    p50 ${ms(p50)} ms   p99 ${ms(p99)} ms   (×${(p50 / r50).toFixed(1)} / ×${(p99 / r99).toFixed(1)} raw)\n`;
  if (name === 'SQLite')
    out += `    CPU time of those searches (all of a SQLite search's work; the machine's load left out): p50 ${ms(percentile(f.apiCpu, 50))} ms   p99 ${ms(percentile(f.apiCpu, 99))} ms\n`;
  if (f.jit)
    out += `    the same searches, each on a session with JIT on / on the app's (JIT off), in turn: p50 ${ms(percentile(f.jit.on, 50))} / ${ms(percentile(f.jit.off, 50))} ms   p99 ${ms(percentile(f.jit.on, 99))} / ${ms(percentile(f.jit.off, 99))} ms\n`;
  out += `    results counted across queries and readers: ${fmt(f.results)}\n`;
  const ok = p50 <= TARGET_P50_MS && p99 <= TARGET_P99_MS;
  met &&= ok;
  out += `    target p50 ≤ ${TARGET_P50_MS} ms, p99 ≤ ${TARGET_P99_MS} ms: ${ok ? 'met' : 'NOT met'}\n`;
}
out += `  peak RSS ${fmt(process.resourceUsage().maxRSS / 1024)} MB; load average ${loadBefore} at the start, ${load()} at the end (${os.cpus().length} cores)\n  => ${met ? 'TARGET MET' : 'TARGET NOT MET'}\n`;
process.stdout.write(out);
if (!met) process.exitCode = 1;
