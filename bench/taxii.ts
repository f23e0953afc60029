/**
 * Issue 3, "Speed": with N objects stored (default 1,000,000), the p50/p99 of TAXII 2.1 GET
 * objects pages of limit=1000 walking a whole collection with `next`, and of a `match[id]`
 * look-up, through the real app over loopback HTTP (routing, auth, the access policy in the
 * query, the envelope, the client's JSON.parse), beside a raw baseline read of the same rows straight from the database
 * in the same run. Target on SQLite: page of 1000 ≤ 50 ms p50, peak RSS ≤ 512 MB.
 *
 *   node --import tsx bench/taxii.ts [--count 1000000] [--lookups 1000] [--no-postgres]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { installCapabilities } from '../src/capabilities.ts';
import { openAndMigrate, sqliteFile, type DbHandle } from '../src/db/index.ts';
import { resolveAudience } from '../src/members/audience.service.ts';
import { storeObjects } from '../src/exchange/objects.service.ts';
import { newApiToken } from '../src/accounts/auth.service.ts';
import { DEMO_GROUP, loadDemo } from '../src/demo/demo.ts';
import { memberById } from '../src/members/members.repository.ts';
import { insertToken, userByUsername } from '../src/accounts/users.repository.ts';
import type { Actor } from '../src/policy/viewer.ts';
import { buildApp } from '../src/server.ts';
import type { TlpLevel } from '../src/stix/tlp.ts';
import { collectionId } from '../src/taxii/ids.ts';
import { TAXII_MEDIA } from '../src/taxii/media.ts';
import { ExerciseObjects } from './exercise-objects.ts';
import { PG_URL, withPostgresSchema } from './postgres.ts';

installCapabilities();

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '1000000' },
    lookups: { type: 'string', default: '1000' },
    'no-postgres': { type: 'boolean', default: false },
  },
});
const COUNT = Number(args.count);
const LOOKUPS = Number(args.lookups);
if (!Number.isInteger(COUNT) || COUNT < 1000 || !Number.isInteger(LOOKUPS) || LOOKUPS < 1) {
  process.stderr.write('--count takes a whole number ≥ 1000, --lookups a positive one\n');
  process.exit(2);
}
const BATCH = 5000;
const PAGE = 1000;
const TARGET_P50_MS = 50;
const TARGET_RSS_MB = 512;
// Levels in turn, one a batch; a third AMBER+STRICT, so the audit of sensitive reads is in the figure.
const LEVELS: TlpLevel[] = ['amber', 'green', 'amber+strict'];

const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

function percentile(ms: number[], p: number): number {
  const sorted = [...ms].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Raw reads straight from the database: the same rows, no policy, no HTTP. */
interface Raw {
  page(after: number): Promise<{ added: number; body: string }[]>;
  byId(id: string): Promise<unknown>;
  close(): Promise<void>;
}

function rawSqlite(dataDir: string): Raw {
  const db = new SQLite(sqliteFile(dataDir), { readonly: true });
  const page = db.prepare('SELECT added, body FROM objects WHERE added > ? ORDER BY added LIMIT ?');
  const byId = db.prepare(
    'SELECT body FROM objects WHERE stix_id = ? ORDER BY version DESC LIMIT 1',
  );
  return {
    page: async (after) => page.all(after, PAGE) as { added: number; body: string }[],
    byId: async (id) => byId.get(id),
    close: async () => {
      db.close();
    },
  };
}

async function rawPostgres(schema: string): Promise<Raw> {
  const client = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
  await client.connect();
  return {
    page: async (after) =>
      (
        await client.query<{ added: number; body: string }>({
          name: 'page',
          text: 'SELECT added, body FROM objects WHERE added > $1 ORDER BY added LIMIT $2',
          values: [after, PAGE],
        })
      ).rows.map((r) => ({ added: Number(r.added), body: r.body })),
    byId: async (id) =>
      (
        await client.query({
          name: 'byid',
          text: 'SELECT body FROM objects WHERE stix_id = $1 ORDER BY version DESC LIMIT 1',
          values: [id],
        })
      ).rows[0],
    close: () => client.end(),
  };
}

/** Generates and stores COUNT exercise objects in big batches through the store, in the group's audience. */
async function fill(handle: DbHandle): Promise<string[]> {
  await loadDemo(handle.db, 'bench-password-1');
  const user = (await userByUsername(handle.db, 'analyst-ma'))!;
  const member = (await memberById(handle.db, user.member_id))!;
  const actor: Actor = {
    userId: user.id,
    username: user.username,
    memberId: member.id,
    memberCode: member.code,
    role: 'analyst',
    via: 'token:write',
  };
  const audience = await resolveAudience(handle.db, actor, `group:${DEMO_GROUP}`);
  const source = new ExerciseObjects(3);
  const sample: string[] = [];
  const t0 = Date.now();
  for (let index = 0, done = 0; done < COUNT; index += 1) {
    const size = Math.min(BATCH, COUNT - done);
    const tlp = LEVELS[index % LEVELS.length]!;
    const objects = JSON.parse(source.batch(index, size, tlp).text) as { id: string }[];
    const outcome = await storeObjects(handle.db, actor, {
      objects,
      audience,
      federate: true,
      tlp,
      source: 'api',
    });
    if (outcome.stored !== size)
      throw new Error(`batch ${index}: ${outcome.stored}/${size} stored`);
    if (sample.length < LOOKUPS * 4) sample.push(objects[(index * 7919) % size]!.id);
    done += size;
    if (index % 20 === 19)
      process.stderr.write(
        `  stored ${done.toLocaleString('en-US')} (${Math.round(done / ((Date.now() - t0) / 1000)).toLocaleString('en-US')}/s)\r`,
      );
  }
  process.stderr.write(
    `\n  stored; rss now ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB, heap ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MB, peak ${peakRssMb().toFixed(0)} MB\n`,
  );
  return sample;
}

interface Figures {
  pages: number;
  objects: number;
  page: number[];
  rawPage: number[];
  lookup: number[];
  rawLookup: number[];
}

/** Walks NE's group collection with `next` over TAXII, and the same rows raw; then match[id] look-ups. */
async function measure(
  handle: DbHandle,
  dataDir: string,
  raw: Raw,
  ids: string[],
): Promise<Figures> {
  const config = {
    ...loadConfig({ TANSIQ_DATA: dataDir, LOG_LEVEL: 'silent' }),
    databaseUrl: handle.dialect === 'postgres' ? PG_URL : null,
  };
  const app = await buildApp({ config, handle });
  const reader = (await userByUsername(handle.db, 'analyst-ne'))!;
  const { token, hash, id } = newApiToken();
  await insertToken(handle.db, {
    id,
    user_id: reader.id,
    name: 'bench',
    scope: 'read',
    token_hash: hash,
    created_at: new Date().toISOString(),
    last_used_at: null,
    revoked_at: null,
  });
  const headers = { authorization: `Bearer ${token}`, accept: TAXII_MEDIA };
  // A real HTTP server on loopback, read with fetch, as a TAXII client does (inject keeps responses alive longer).
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `${origin}/taxii2/api/collections/${collectionId(`group:${DEMO_GROUP}`)}/objects/`;
  const get = async (url: string) => {
    const res = await fetch(url, { headers });
    return { statusCode: res.status, body: await res.text() };
  };
  const f: Figures = { pages: 0, objects: 0, page: [], rawPage: [], lookup: [], rawLookup: [] };
  try {
    let next: string | undefined;
    for (;;) {
      const t0 = performance.now();
      const res = await get(`${base}?limit=${PAGE}${next ? `&next=${next}` : ''}`);
      const body = JSON.parse(res.body) as { more: boolean; next?: string; objects?: unknown[] };
      f.page.push(performance.now() - t0);
      if (res.statusCode !== 200)
        throw new Error(`GET objects: ${res.statusCode} ${res.body.slice(0, 200)}`);
      f.pages += 1;
      f.objects += body.objects?.length ?? 0;
      if (!body.more) break;
      next = body.next;
    }
    process.stderr.write(
      `  walked; rss now ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB, heap ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MB, peak ${peakRssMb().toFixed(0)} MB\n`,
    );
    // The raw walk of the same rows, building the same JSON text, then parsed as the client above.
    let after = 0;
    for (;;) {
      const t0 = performance.now();
      const rows = await raw.page(after);
      JSON.parse(`{"objects":[${rows.map((r) => r.body).join(',')}]}`);
      f.rawPage.push(performance.now() - t0);
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1]!.added;
    }
    for (let i = 0; i < LOOKUPS; i += 1) {
      const stixId = ids[(i * 31) % ids.length]!;
      const t0 = performance.now();
      const res = await get(`${base}?match[id]=${stixId}`);
      f.lookup.push(performance.now() - t0);
      if (res.statusCode !== 200 || !res.body.includes(stixId))
        throw new Error(`match[id] ${stixId}: ${res.statusCode}`);
      const r0 = performance.now();
      await raw.byId(stixId);
      f.rawLookup.push(performance.now() - r0);
    }
  } finally {
    await app.close();
  }
  return f;
}

async function runSqlite(): Promise<Figures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tansiq-bench-taxii-'));
  const handle = await openAndMigrate({ databaseUrl: null, dataDir: dir });
  try {
    const ids = await fill(handle);
    const raw = rawSqlite(dir);
    try {
      return await measure(handle, dir, raw, ids);
    } finally {
      await raw.close();
    }
  } finally {
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function runPostgres(): Promise<Figures> {
  return withPostgresSchema(async (handle, schema, admin) => {
    const ids = await fill(handle);
    await admin.query(`ANALYZE ${schema}.objects`);
    const raw = await rawPostgres(schema);
    try {
      return await measure(handle, os.tmpdir(), raw, ids);
    } finally {
      await raw.close();
    }
  });
}

const ms = (n: number) => n.toFixed(2);
const row = (cells: string[]) =>
  `  ${cells[0]!.padEnd(36)}${cells
    .slice(1)
    .map((c) => c.padStart(11))
    .join('')}\n`;

function table(name: string, f: Figures): string {
  let out = `\n  ${name}: walked ${f.objects.toLocaleString('en-US')} objects in ${f.pages} pages; ${LOOKUPS} match[id] look-ups\n`;
  out += row(['', 'p50 ms', 'p99 ms', 'ratio p50']);
  out += row([
    'raw page of 1000 (same rows)',
    ms(percentile(f.rawPage, 50)),
    ms(percentile(f.rawPage, 99)),
    '1.00',
  ]);
  out += row([
    'TAXII GET objects, limit=1000',
    ms(percentile(f.page, 50)),
    ms(percentile(f.page, 99)),
    (percentile(f.page, 50) / percentile(f.rawPage, 50)).toFixed(2),
  ]);
  out += row([
    'raw look-up by id',
    ms(percentile(f.rawLookup, 50)),
    ms(percentile(f.rawLookup, 99)),
    '1.00',
  ]);
  out += row([
    'TAXII GET objects?match[id]=',
    ms(percentile(f.lookup, 50)),
    ms(percentile(f.lookup, 99)),
    (percentile(f.lookup, 50) / percentile(f.rawLookup, 50)).toFixed(2),
  ]);
  return out;
}

process.stdout.write(
  `bench/taxii: ${COUNT.toLocaleString('en-US')} STIX 2.1 objects (exercise data) in one collection, node ${process.version}\n`,
);
const sqlite = await runSqlite();
const rss = peakRssMb();
let out = table('SQLite', sqlite);
if (!args['no-postgres']) {
  try {
    out += table('PostgreSQL', await runPostgres());
  } catch (e) {
    out += `\n  PostgreSQL: unavailable (${(e as Error).message})\n`;
  }
}
const p50 = percentile(sqlite.page, 50);
const met = p50 <= TARGET_P50_MS && rss <= TARGET_RSS_MB;
out += `\n  peak RSS: ${rss.toFixed(0)} MB after the SQLite run, ${peakRssMb().toFixed(0)} MB for the whole run\n`;
out += `  target (SQLite): page of 1000 p50 ≤ ${TARGET_P50_MS} ms ${p50 <= TARGET_P50_MS ? 'met' : 'NOT met'} (${ms(p50)} ms), peak RSS ≤ ${TARGET_RSS_MB} MB ${rss <= TARGET_RSS_MB ? 'met' : 'NOT met'} (${rss.toFixed(0)} MB)\n`;
out += `  => ${met ? 'TARGET MET' : 'TARGET NOT MET'}\n`;
process.stdout.write(out);
if (!met) process.exitCode = 1;
