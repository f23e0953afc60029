/**
 * Issue 13, "Load": the server in its own process over a seeded store (exercise data across members,
 * audiences and TLP levels), then for N seconds on loopback: TAXII readers paging get-objects with
 * the tokens of different members, TAXII writers posting 500-object batches, one member exporting
 * everything over and over, and a prober calling GET /api/v1/me every 200 ms. Afterwards every
 * acknowledged object is looked up, `tansiq audit verify` runs, and the same read loop runs straight
 * on the database (no HTTP, no policy) as the raw baseline of the same run.
 *
 * Targets: zero errors, read p99 ≤ 1 s, /me p99 during the export ≤ 500 ms, every acknowledged
 * object present, memory steady (the server's median RSS over the last ten seconds ≤ 1.2 × its median
 * over the ten seconds after warm-up: medians, so that a collection of garbage a moment before or
 * after one sample does not decide), the audit chain verifies.
 *
 *   npm run bench:load -- [--seconds 60] [--readers 50] [--writers 10] [--objects 30000]
 *                         [--page 100] [--postgres] [--cpu-prof DIR] [--log FILE]
 */
import { spawn, execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify, parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Client } from 'undici';
import { installCapabilities } from '../src/capabilities.ts';
import { openAndMigrate, sqliteFile, type DbHandle } from '../src/db/index.ts';
import { resolveAudience } from '../src/members/audience.service.ts';
import { storeObjects } from '../src/exchange/objects.service.ts';
import { newApiToken } from '../src/accounts/auth.service.ts';
import { DEMO_GROUP, loadDemo } from '../src/demo/demo.ts';
import { memberById } from '../src/members/members.repository.ts';
import { insertToken, userByUsername } from '../src/accounts/users.repository.ts';
import type { TokenScope } from '../contract/vocabulary.ts';
import type { Actor } from '../src/policy/viewer.ts';
import type { AudienceSpec } from '../src/members/audience.service.ts';
import type { TlpLevel } from '../src/stix/tlp.ts';
import { indexAll } from '../src/search/search.index.ts';
import { collectionId } from '../src/taxii/ids.ts';
import { TAXII_MEDIA } from '../src/taxii/media.ts';
import { ExerciseObjects } from './exercise-objects.ts';
import { PG_URL } from './postgres.ts';

installCapabilities();

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    readers: { type: 'string', default: '50' },
    writers: { type: 'string', default: '10' },
    objects: { type: 'string', default: '30000' },
    batch: { type: 'string', default: '500' },
    page: { type: 'string', default: '100' },
    postgres: { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    log: { type: 'string' },
    'server-import': { type: 'string', multiple: true },
  },
});
const whole = (name: keyof typeof args, min: number) => {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < min) {
    process.stderr.write(`--${name} takes a whole number ≥ ${min}\n`);
    process.exit(2);
  }
  return n;
};
const SECONDS = whole('seconds', 5);
const READERS = whole('readers', 0);
const WRITERS = whole('writers', 0);
const OBJECTS = whole('objects', 1000);
const BATCH = whole('batch', 1);
const PAGE = whole('page', 1);
/** The first sixth of the run (at most 10 s) warms caches up; memory is judged after it. */
const WARMUP_S = Math.min(10, Math.max(2, Math.round(SECONDS / 6)));
const PROBE_EVERY_MS = 200;
const TARGET_READ_P99_MS = 1000;
const TARGET_ME_P99_MS = 500;
const TARGET_RSS_GROWTH = 1.2;

const BIN = path.resolve(import.meta.dirname, '../bin/tansiq.js');
const PROBE = path.resolve(import.meta.dirname, 'load.probe.ts');
const ANALYSTS = ['ma', 'us', 'it', 'ne', 'sa', 'ng', 'td', 'cm', 'ke', 'mr', 'bf', 'tg', 'gn'];
const ALL_ANALYSTS = [...ANALYSTS, 'fr'];
const PASSWORD = 'bench-password-1';

// ---------------------------------------------------------------- figures

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;
const ms = (n: number) => (Number.isNaN(n) ? '–' : `${n.toFixed(n < 10 ? 1 : 0)} ms`);
const num = (n: number) => Math.round(n).toLocaleString('en-US');

interface Errors {
  count: number;
  kinds: Map<string, number>;
}
const errors: Errors = { count: 0, kinds: new Map() };
const fail = (what: string) => {
  errors.count += 1;
  errors.kinds.set(what, (errors.kinds.get(what) ?? 0) + 1);
};

// ---------------------------------------------------------------- the store

/**
 * Seeds the store straight through the store's write path: batches of 1000 exercise objects, each
 * owned by another member, under audiences and TLP levels in turn (the group, the coalition, the
 * member alone, a recipient list for RED).
 */
async function seed(handle: DbHandle): Promise<void> {
  await loadDemo(handle.db, PASSWORD);
  const mixes: { audience: (code: string) => AudienceSpec; tlp: TlpLevel }[] = [
    { audience: () => `group:${DEMO_GROUP}`, tlp: 'amber' },
    { audience: () => 'coalition', tlp: 'green' },
    { audience: () => 'member', tlp: 'amber' },
    { audience: () => `group:${DEMO_GROUP}`, tlp: 'amber+strict' },
    { audience: () => 'coalition', tlp: 'clear' },
    {
      audience: (code) => ({ recipients: ['NE', 'NG', 'US'].filter((c) => c !== code) }),
      tlp: 'red',
    },
  ];
  const source = new ExerciseObjects(3);
  const t0 = Date.now();
  for (let index = 0, done = 0; done < OBJECTS; index += 1) {
    const size = Math.min(1000, OBJECTS - done);
    const mix = mixes[index % mixes.length]!;
    const actor = await actorOf(handle, `analyst-${ANALYSTS[index % ANALYSTS.length]}`);
    const objects = JSON.parse(source.batch(index, size, mix.tlp).text) as unknown[];
    const outcome = await storeObjects(handle.db, actor, {
      objects,
      audience: await resolveAudience(handle.db, actor, mix.audience(actor.memberCode)),
      federate: mix.tlp !== 'red',
      tlp: mix.tlp,
      source: 'api',
    });
    if (outcome.stored !== size) throw new Error(`seed batch ${index}: ${outcome.stored}/${size}`);
    done += size;
    process.stderr.write(
      `  seeded ${num(done)} objects (${num(done / ((Date.now() - t0) / 1000))}/s)\r`,
    );
  }
  // An installation at rest: everything stored is in the search index before the load begins.
  await indexAll(handle.db);
  process.stderr.write(
    `\n  indexed for search in ${((Date.now() - t0) / 1000).toFixed(0)} s from the start of seeding\n`,
  );
}

async function actorOf(handle: DbHandle, username: string): Promise<Actor> {
  const user = (await userByUsername(handle.db, username))!;
  const member = (await memberById(handle.db, user.member_id))!;
  return {
    userId: user.id,
    username: user.username,
    memberId: member.id,
    memberCode: member.code,
    role: user.role,
    via: 'token:write',
  };
}

async function token(handle: DbHandle, username: string, scope: TokenScope): Promise<string> {
  const user = (await userByUsername(handle.db, username))!;
  const { token: secret, hash, id } = newApiToken();
  await insertToken(handle.db, {
    id,
    user_id: user.id,
    name: `bench-load ${scope}`,
    scope,
    token_hash: hash,
    created_at: new Date().toISOString(),
    last_used_at: null,
    revoked_at: null,
  });
  return secret;
}

// ---------------------------------------------------------------- the server

interface Server {
  url: string;
  pid: number;
  loopDelay: { at: number; p99: number; max: number; heap: number }[];
  stop(): Promise<void>;
}

async function startServer(dataDir: string, env: Record<string, string>): Promise<Server> {
  const profile = args['cpu-prof']
    ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(args['cpu-prof'])}`]
    : [];
  const child = spawn(
    'node',
    [
      ...profile,
      '--import',
      'tsx',
      '--import',
      PROBE,
      // --server-import FILE: more instrumentation loaded into the server (query timings, traces).
      ...(args['server-import'] ?? []).flatMap((f) => ['--import', path.resolve(f)]),
      BIN,
      'serve',
      '--port',
      '0',
      '--data',
      dataDir,
    ],
    {
      env: { ...process.env, LOG_LEVEL: args.log ? 'info' : 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // --log FILE: the server's request log (Fastify's, with each response time) for a closer look.
  const log = args.log ? fs.createWriteStream(args.log) : null;
  if (log) child.stdout.pipe(log);
  const loopDelay: Server['loopDelay'] = [];
  let out = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    for (const line of d.split('\n')) {
      const m = /^loop-delay (\{.*\})$/.exec(line);
      if (m)
        loopDelay.push({
          at: Date.now(),
          ...(JSON.parse(m[1]!) as { p99: number; max: number; heap: number }),
        });
      else if (line.trim()) out += `${line}\n`;
    }
  });
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    child.stdout.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!.replace('localhost', '127.0.0.1'));
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
  return {
    url,
    pid: child.pid!,
    loopDelay,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The server's resident memory, from /proc (Linux). */
function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

/** CPU seconds the server has used (user + system), from /proc (Linux; 100 ticks a second). */
function cpuOf(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

// ---------------------------------------------------------------- the load

interface Run {
  reads: number[];
  readObjects: number;
  writes: number[];
  acknowledged: Set<string>;
  exports: number[];
  exportBytes: number;
  me: { ms: number; duringExport: boolean }[];
  rss: { at: number; bytes: number }[];
  /** CPU seconds used during the load: the server's, and this process's (the clients'). */
  serverCpu: number;
  clientCpu: number;
  /** Seconds from the start to the last answer (past SECONDS when answers were slow). */
  elapsed: number;
  /** When the clock started (ms since the epoch). */
  startedAt: number;
}

async function load(server: Server, tokens: Tokens): Promise<Run> {
  const run: Run = {
    reads: [],
    readObjects: 0,
    writes: [],
    acknowledged: new Set(),
    exports: [],
    exportBytes: 0,
    me: [],
    rss: [],
    serverCpu: 0,
    clientCpu: 0,
    elapsed: 0,
    startedAt: 0,
  };
  let exporting = 0;
  const clients: Client[] = [];
  const client = () => {
    // One keep-alive connection per simulated user, as separate TAXII clients would hold.
    const c = new Client(server.url, { bodyTimeout: 300_000, headersTimeout: 300_000 });
    clients.push(c);
    return c;
  };

  // Every client connects and is answered once before the clock starts: a Node server this busy
  // accepts new connections late (the listening socket waits behind the busy ones), and the
  // figures are about requests, not about connecting.
  const readers = Array.from({ length: READERS }, client);
  const writers = Array.from({ length: WRITERS }, client);
  const exporterClient = client();
  const proberClient = client();
  await Promise.all(
    clients.map(async (c) => {
      const res = await c.request({
        method: 'GET',
        path: '/api/v1/me',
        headers: { authorization: `Bearer ${tokens.prober}` },
      });
      await res.body.text();
      if (res.statusCode !== 200) throw new Error(`warm-up: GET /api/v1/me ${res.statusCode}`);
    }),
  );
  const started = Date.now();
  run.startedAt = started;
  const end = started + SECONDS * 1000;
  const going = () => Date.now() < end;
  const cpu0 = { server: cpuOf(server.pid), client: process.cpuUsage() };
  const sampler = setInterval(() => {
    try {
      run.rss.push({ at: Date.now() - started, bytes: rssOf(server.pid) });
    } catch {
      fail('server gone');
    }
  }, 1000);
  run.rss.push({ at: 0, bytes: rssOf(server.pid) });

  const reader = async (i: number, c: Client) => {
    const t = tokens.readers[i % tokens.readers.length]!;
    const base = `/taxii2/api/collections/${t.collections[i % t.collections.length]}/objects/`;
    let next: string | undefined;
    while (going()) {
      const t0 = performance.now();
      try {
        const res = await c.request({
          method: 'GET',
          path: `${base}?limit=${PAGE}${next ? `&next=${encodeURIComponent(next)}` : ''}`,
          headers: { authorization: `Bearer ${t.token}`, accept: TAXII_MEDIA },
        });
        const text = await res.body.text();
        run.reads.push(performance.now() - t0);
        if (res.statusCode !== 200) {
          fail(`read ${res.statusCode}`);
          next = undefined;
          continue;
        }
        const page = JSON.parse(text) as { more?: boolean; next?: string; objects?: unknown[] };
        run.readObjects += page.objects?.length ?? 0;
        next = page.more ? page.next : undefined;
      } catch (e) {
        fail(`read ${(e as Error).message}`);
      }
    }
  };

  const writer = async (i: number, c: Client) => {
    const t = tokens.writers[i % tokens.writers.length]!;
    const source = new ExerciseObjects(1000 + i);
    const path = `/taxii2/api/collections/${t.collection}/objects/`;
    for (let index = 0; going(); index += 1) {
      const body = `{"objects":${source.batch(index, BATCH, t.tlp).text}}`;
      const t0 = performance.now();
      try {
        const res = await c.request({
          method: 'POST',
          path,
          headers: {
            authorization: `Bearer ${t.token}`,
            accept: TAXII_MEDIA,
            'content-type': TAXII_MEDIA,
          },
          body,
        });
        const status = (await res.body.json()) as {
          success_count?: number;
          successes?: { id: string }[];
        };
        run.writes.push(performance.now() - t0);
        if (res.statusCode !== 202 || status.success_count !== BATCH) {
          fail(`write ${res.statusCode} ${status.success_count ?? ''}/${BATCH}`);
        }
        for (const s of status.successes ?? []) run.acknowledged.add(s.id);
      } catch (e) {
        fail(`write ${(e as Error).message}`);
      }
    }
  };

  const exporter = async (c: Client) => {
    while (going()) {
      const t0 = performance.now();
      exporting += 1;
      try {
        const res = await c.request({
          method: 'GET',
          path: '/api/v1/export',
          headers: { authorization: `Bearer ${tokens.exporter}` },
        });
        let tail = '';
        for await (const chunk of res.body) {
          run.exportBytes += (chunk as Buffer).length;
          tail = (tail + (chunk as Buffer).toString('latin1')).slice(-2);
        }
        if (res.statusCode !== 200 || tail !== ']}') fail(`export ${res.statusCode}`);
        else run.exports.push(performance.now() - t0);
      } catch (e) {
        fail(`export ${(e as Error).message}`);
      } finally {
        exporting -= 1;
      }
    }
  };

  const prober = async (c: Client) => {
    while (going()) {
      const wait = new Promise((r) => setTimeout(r, PROBE_EVERY_MS));
      const duringExport = exporting > 0;
      const t0 = performance.now();
      try {
        const res = await c.request({
          method: 'GET',
          path: '/api/v1/me',
          headers: { authorization: `Bearer ${tokens.prober}` },
        });
        await res.body.text();
        run.me.push({ ms: performance.now() - t0, duringExport: duringExport || exporting > 0 });
        if (res.statusCode !== 200) fail(`me ${res.statusCode}`);
      } catch (e) {
        fail(`me ${(e as Error).message}`);
      }
      await wait;
    }
  };

  // On a terminal a line that rewrites itself every second; in a log, a line every ten seconds.
  const tty = process.stderr.isTTY;
  const progress = setInterval(
    () => {
      const s = Math.round((Date.now() - started) / 1000);
      process.stderr.write(
        `  ${s}s: ${num(run.reads.length)} pages read, ${num(run.acknowledged.size)} objects written, ${run.exports.length} exports, ${run.me.length} /me, ${errors.count} errors, rss ${mb(run.rss.at(-1)?.bytes ?? 0)}${tty ? '\r' : '\n'}`,
      );
    },
    tty ? 1000 : 10_000,
  );
  await Promise.all([
    ...readers.map((c, i) => reader(i, c)),
    ...writers.map((c, i) => writer(i, c)),
    exporter(exporterClient),
    prober(proberClient),
  ]);
  clearInterval(progress);
  clearInterval(sampler);
  run.rss.push({ at: Date.now() - started, bytes: rssOf(server.pid) });
  run.serverCpu = cpuOf(server.pid) - cpu0.server;
  const used = process.cpuUsage(cpu0.client);
  run.clientCpu = (used.user + used.system) / 1e6;
  const elapsed = (Date.now() - started) / 1000;
  run.elapsed = elapsed;
  process.stderr.write('\n');
  await Promise.all(clients.map((c) => c.close()));
  return run;
}

// ---------------------------------------------------------------- after the run

interface Raw {
  /** The readers' loop on the raw table: a page of PAGE rows after a position, as JSON. */
  page(after: number): Promise<{ added: number; body: string }[]>;
  present(ids: string[]): Promise<Set<string>>;
  close(): Promise<void>;
}

function rawSqlite(dataDir: string): Raw {
  const db = new SQLite(sqliteFile(dataDir), { readonly: true });
  const page = db.prepare('SELECT added, body FROM objects WHERE added > ? ORDER BY added LIMIT ?');
  return {
    page: async (after) => page.all(after, PAGE) as { added: number; body: string }[],
    present: async (ids) => {
      const found = new Set<string>();
      const q = db.prepare(
        `SELECT DISTINCT stix_id FROM objects WHERE stix_id IN (SELECT value FROM json_each(?))`,
      );
      for (let i = 0; i < ids.length; i += 5000)
        for (const r of q.all(JSON.stringify(ids.slice(i, i + 5000))) as { stix_id: string }[])
          found.add(r.stix_id);
      return found;
    },
    close: async () => {
      db.close();
    },
  };
}

async function rawPostgres(url: string): Promise<Raw> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    page: async (after) =>
      (
        await client.query<{ added: string; body: string }>({
          name: 'page',
          text: 'SELECT added, body FROM objects WHERE added > $1 ORDER BY added LIMIT $2',
          values: [after, PAGE],
        })
      ).rows.map((r) => ({ added: Number(r.added), body: r.body })),
    present: async (ids) => {
      const found = new Set<string>();
      for (let i = 0; i < ids.length; i += 5000) {
        const { rows } = await client.query<{ stix_id: string }>(
          'SELECT DISTINCT stix_id FROM objects WHERE stix_id = ANY($1)',
          [ids.slice(i, i + 5000)],
        );
        for (const r of rows) found.add(r.stix_id);
      }
      return found;
    },
    close: () => client.end(),
  };
}

/** The readers' loop with nothing between it and the table, for as long as `seconds`. */
async function rawReads(raw: Raw, seconds: number) {
  const times: number[] = [];
  let objects = 0;
  let after = 0;
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const t0 = performance.now();
    const rows = await raw.page(after);
    JSON.parse(`{"objects":[${rows.map((r) => r.body).join(',')}]}`);
    times.push(performance.now() - t0);
    objects += rows.length;
    after = rows.length < PAGE ? 0 : rows[rows.length - 1]!.added;
  }
  return { times, objects, perSecond: objects / seconds };
}

async function auditVerify(dataDir: string, env: Record<string, string>): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(
      'node',
      [BIN, 'audit', 'verify', '--data', dataDir],
      {
        env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      },
    );
    return `passed (${stdout.trim()})`;
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return `FAILED (${(err.stdout ?? '') + (err.stderr ?? '')})`.trim();
  }
}

// ---------------------------------------------------------------- main

interface Tokens {
  readers: { token: string; collections: string[] }[];
  writers: { token: string; collection: string; tlp: TlpLevel }[];
  exporter: string;
  prober: string;
}

async function prepareTokens(handle: DbHandle): Promise<Tokens> {
  const readers: Tokens['readers'] = [];
  for (const a of ALL_ANALYSTS) {
    const code = a.toUpperCase();
    readers.push({
      token: await token(handle, `analyst-${a}`, 'read'),
      // Members outside the group read the coalition and their own collection only.
      collections: [
        ...(ANALYSTS.includes(a) ? [collectionId(`group:${DEMO_GROUP}`)] : []),
        collectionId('coalition'),
        collectionId(`member:${code}`),
        collectionId(`recipients:${code}`),
      ],
    });
  }
  const writers: Tokens['writers'] = [];
  for (const [i, a] of ANALYSTS.entries()) {
    writers.push({
      token: await token(handle, `analyst-${a}`, 'write'),
      collection:
        i % 2 === 0
          ? collectionId(`group:${DEMO_GROUP}`)
          : collectionId(`member:${a.toUpperCase()}`),
      tlp: i % 2 === 0 ? 'amber' : 'green',
    });
  }
  return {
    readers,
    writers,
    exporter: await token(handle, 'analyst-ma', 'read'),
    prober: await token(handle, 'analyst-ne', 'read'),
  };
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tansiq-bench-load-'));
const env: Record<string, string> = {
  TANSIQ_SECRET_KEY: randomBytes(32).toString('base64'),
  DATABASE_URL: '',
};
let dropDatabase: (() => Promise<void>) | null = null;
if (args.postgres) {
  // A database of its own: the server process connects to it like any installation.
  const name = `tansiq_load_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.href;
  dropDatabase = async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  };
}

const engine = args.postgres ? 'PostgreSQL' : 'SQLite';
process.stdout.write(
  `bench/load on ${engine}: ${num(OBJECTS)} seeded objects (exercise data), ${SECONDS} s with ${READERS} TAXII readers (pages of ${PAGE}), ${WRITERS} writers (batches of ${BATCH}), 1 exporter, /me every ${PROBE_EVERY_MS} ms; node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)}\n`,
);
let exitCode = 0;
try {
  const handle = await openAndMigrate({ databaseUrl: env.DATABASE_URL || null, dataDir });
  let tokens: Tokens;
  try {
    await seed(handle);
    tokens = await prepareTokens(handle);
  } finally {
    await handle.close();
  }

  const server = await startServer(dataDir, env);
  let run: Run;
  try {
    run = await load(server, tokens);
  } finally {
    await server.stop();
  }

  const raw = args.postgres ? await rawPostgres(env.DATABASE_URL!) : rawSqlite(dataDir);
  let present: Set<string>;
  let baseline: Awaited<ReturnType<typeof rawReads>>;
  try {
    present = await raw.present([...run.acknowledged]);
    baseline = await rawReads(raw, Math.min(10, SECONDS / 3));
  } finally {
    await raw.close();
  }
  const audit = await auditVerify(dataDir, env);

  // ---------------------------------------------------------------- the report
  const readP50 = percentile(run.reads, 50);
  const readP99 = percentile(run.reads, 99);
  const duringExport = run.me.filter((m) => m.duringExport).map((m) => m.ms);
  const meP99 = percentile(duringExport, 99);
  const missing = [...run.acknowledged].filter((id) => !present.has(id)).length;
  const window = (from: number, to: number) =>
    percentile(
      run.rss.filter((r) => r.at >= from && r.at < to).map((r) => r.bytes),
      50,
    );
  const afterWarmup = window(WARMUP_S * 1000, (WARMUP_S + 10) * 1000);
  const lastTen = window(SECONDS * 1000 - 10_000, Infinity);
  const rssEnd = run.rss.at(-1)!.bytes;
  const rssPeak = Math.max(...run.rss.map((r) => r.bytes));
  const steady = lastTen <= TARGET_RSS_GROWTH * afterWarmup;
  const readsPerSecond = run.readObjects / SECONDS;
  const loop = server.loopDelay;
  const heapAt = (t: number) => (loop.find((l) => l.at >= t) ?? loop.at(-1))?.heap ?? 0;
  const checks: [string, boolean, string][] = [
    [
      'errors',
      errors.count === 0,
      `${errors.count}${errors.count ? ` (${[...errors.kinds].map(([k, n]) => `${k}: ${n}`).join(', ')})` : ''}`,
    ],
    ['read p99 ≤ 1 s', readP99 <= TARGET_READ_P99_MS, ms(readP99)],
    ['/me p99 during export ≤ 500 ms', meP99 <= TARGET_ME_P99_MS, ms(meP99)],
    [
      'acknowledged objects present',
      missing === 0,
      `${num(run.acknowledged.size - missing)} of ${num(run.acknowledged.size)}`,
    ],
    [
      'memory steady (last 10 s ≤ 1.2 × the 10 s after warm-up, medians)',
      steady,
      `${mb(lastTen)} vs ${mb(afterWarmup)}`,
    ],
    ['audit verify', audit.startsWith('passed'), audit],
  ];
  const lines = [
    '',
    `  reads    ${num(run.reads.length)} pages, ${num(run.readObjects)} objects (${num(readsPerSecond)} objects/s); p50 ${ms(readP50)}, p99 ${ms(readP99)}, max ${ms(Math.max(...run.reads))}`,
    `  raw      the same page loop on ${engine} alone, no HTTP: p50 ${ms(percentile(baseline.times, 50))}, p99 ${ms(percentile(baseline.times, 99))}, ${num(baseline.perSecond)} objects/s`,
    `  ratio    read p50 ${(readP50 / percentile(baseline.times, 50)).toFixed(1)}× the raw page; throughput under load ${(readsPerSecond / baseline.perSecond).toFixed(2)} of the raw loop's`,
    `  writes   ${num(run.writes.length)} batches of ${BATCH}, ${num(run.acknowledged.size)} objects acknowledged (${num(run.acknowledged.size / SECONDS)}/s); p50 ${ms(percentile(run.writes, 50))}, p99 ${ms(percentile(run.writes, 99))}`,
    `  export   ${run.exports.length} full exports by MA (${mb(run.exportBytes)} streamed); each p50 ${ms(percentile(run.exports, 50))}, max ${ms(Math.max(0, ...run.exports))}`,
    `  /me      ${run.me.length} probes, ${duringExport.length} during an export: p50 ${ms(percentile(duringExport, 50))}, p99 ${ms(meP99)}, max ${ms(Math.max(0, ...duringExport))}`,
    `  memory   server RSS start ${mb(run.rss[0]!.bytes)}, median over the 10 s after ${WARMUP_S} s of warm-up ${mb(afterWarmup)}, over the last 10 s ${mb(lastTen)}, peak ${mb(rssPeak)}, end ${mb(rssEnd)}; JS heap after warm-up ${heapAt(run.startedAt + WARMUP_S * 1000)} MB, end ${heapAt(run.startedAt + run.elapsed * 1000)} MB, peak ${Math.max(0, ...loop.map((l) => l.heap))} MB`,
    `  loop     server event-loop delay: worst second p99 ${ms(Math.max(0, ...loop.map((l) => l.p99)))}, max ${ms(Math.max(0, ...loop.map((l) => l.max)))}; median second p99 ${ms(
      percentile(
        loop.map((l) => l.p99),
        50,
      ),
    )}`,
    `  CPU      server ${run.serverCpu.toFixed(1)} s, clients ${run.clientCpu.toFixed(1)} s in ${run.elapsed.toFixed(1)} s (the server had ${((100 * run.serverCpu) / run.elapsed).toFixed(0)}% of one core); machine load average at the end ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs`,
    '',
    ...checks.map(([name, ok, value]) => `  ${ok ? 'met    ' : 'NOT met'}  ${name}: ${value}`),
  ];
  const met = checks.every(([, ok]) => ok);
  lines.push(`  => ${met ? 'TARGETS MET' : 'TARGETS NOT MET'}`, '');
  if (args['cpu-prof'])
    lines.push(`  CPU profile of the server in ${path.resolve(args['cpu-prof'])}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  if (!met) exitCode = 1;
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (dropDatabase) await dropDatabase();
}
process.exit(exitCode);
