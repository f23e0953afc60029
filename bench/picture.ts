/**
 * Issue 8, "Speed": with N incidents stored (default 100,000), the p50/p99 of the threat picture's
 * aggregations through the real app over loopback HTTP (routing, session, the access policy and
 * "latest version the reader may see" inside the SQL, JSON): the map (incidents and fatalities by
 * country, and places with coordinates) and the trend (per month; per week by group), beside a raw
 * `GROUP BY` over the same rows of `incident_facts` in the same run. Target: p50 ≤ 200 ms on SQLite
 * and on PostgreSQL.
 *
 *   node --import tsx bench/picture.ts [--count 100000] [--runs 30] [--no-postgres]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { installCapabilities } from '../src/capabilities.ts';
import { openAndMigrate, sqliteFile, type DbHandle } from '../src/db/index.ts';
import { storeObjects } from '../src/exchange/objects.service.ts';
import { DEMO_GROUP, loadDemo } from '../src/demo/demo.ts';
import { memberByCode } from '../src/members/members.repository.ts';
import { systemActor } from '../src/policy/viewer.ts';
import type { Audience } from '../src/policy/sharing.ts';
import { incidentObject } from '../src/picture/incidents.service.ts';
import { demoGroupIds } from '../src/picture/picture.demo.ts';
import { buildApp } from '../src/server.ts';
import { EVENT_TYPES, SUB_EVENT_TYPES } from '../src/stix/extensions.ts';
import { TLP2_MARKING_IDS, type TlpLevel } from '../src/stix/tlp.ts';
import { PG_URL, withPostgresSchema } from './postgres.ts';

installCapabilities();

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '30' },
    'no-postgres': { type: 'boolean', default: false },
    /** Keep the SQLite database in this folder, and reuse it when it is already filled. */
    data: { type: 'string' },
  },
});
const COUNT = Number(args.count);
const RUNS = Number(args.runs);
if (!Number.isInteger(COUNT) || COUNT < 1000 || !Number.isInteger(RUNS) || RUNS < 3) {
  process.stderr.write('--count takes a whole number ≥ 1000, --runs one ≥ 3\n');
  process.exit(2);
}
const BATCH = 5000;
const TARGET_P50_MS = 200;
const PASSWORD = 'bench-password-1';

function percentile(ms: number[], p: number): number {
  const sorted = [...ms].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** A small seeded generator: the same incidents on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COUNTRIES: [string, number, number][] = [
  ['ML', 14.5, -4],
  ['BF', 13, -1.5],
  ['NE', 14, 2],
  ['NG', 11.8, 13],
  ['TD', 13.4, 14.5],
  ['CM', 11, 14],
  ['SO', 2.5, 45],
  ['KE', 0, 40],
  ['MZ', -12, 40],
  ['CD', 0.8, 29.4],
];

/**
 * Stores COUNT exercise incidents through the store (so the projections are written as on every
 * path): ten countries, 2,000 places, eight groups, 2021–2026, across the audiences and TLP levels
 * a working group uses (mostly the group; some coalition-wide, member-only, AMBER+STRICT, RED).
 */
export async function fill(handle: DbHandle): Promise<void> {
  await loadDemo(handle.db, PASSWORD);
  const GROUPS = Object.values(await demoGroupIds(handle.db, DEMO_GROUP));
  const group = await handle.db
    .selectFrom('working_groups')
    .select('id')
    .where('slug', '=', DEMO_GROUP)
    .executeTakeFirstOrThrow();
  const afg: Audience = { kind: 'group', groupId: group.id, slug: DEMO_GROUP };
  const owners = await Promise.all(
    ['NG', 'NE', 'MA', 'US', 'KE', 'BF'].map((c) => memberByCode(handle.db, c)),
  );
  const ne = (await memberByCode(handle.db, 'NE'))!;
  const rand = random(8);
  const places = Array.from({ length: 2000 }, () => {
    const [country, lat, lon] = COUNTRIES[Math.floor(rand() * COUNTRIES.length)]!;
    return {
      country,
      latitude: Math.round((lat + (rand() - 0.5) * 3) * 1e4) / 1e4,
      longitude: Math.round((lon + (rand() - 0.5) * 3) * 1e4) / 1e4,
    };
  });
  const handlings: { audience: (owner: string) => Audience; tlp: TlpLevel; weight: number }[] = [
    { audience: () => afg, tlp: 'amber', weight: 70 },
    { audience: () => ({ kind: 'coalition' }), tlp: 'green', weight: 15 },
    { audience: () => ({ kind: 'member' }), tlp: 'amber', weight: 8 },
    { audience: () => afg, tlp: 'amber+strict', weight: 5 },
    {
      audience: (owner) =>
        owner === ne.id ? afg : { kind: 'recipients', memberIds: [ne.id], codes: ['NE'] },
      tlp: 'red',
      weight: 2,
    },
  ];
  const start = Date.UTC(2021, 0, 1);
  const days = Math.floor((Date.UTC(2026, 9, 31) - start) / 86_400_000);
  const t0 = Date.now();
  for (let done = 0, b = 0; done < COUNT; b++) {
    const size = Math.min(BATCH, COUNT - done);
    const owner = owners[b % owners.length]!;
    let r = (b * 37) % 100;
    const handling = handlings.find((h) => (r -= h.weight) < 0) ?? handlings[0]!;
    const tlp = handling.tlp === 'red' && owner.id === ne.id ? 'amber' : handling.tlp;
    const objects = Array.from({ length: size }, (_, i) => {
      const place = places[Math.floor(rand() * places.length)]!;
      const eventType = EVENT_TYPES[Math.floor(rand() * 4)]!;
      const subs = SUB_EVENT_TYPES[eventType];
      const day = new Date(start + Math.floor(rand() * days) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      const created = `${day}T12:00:00.000Z`;
      const o = incidentObject({
        id: `incident--${crypto.randomUUID()}`,
        created,
        modified: created,
        createdBy: owner.identity_id,
        name: `[EXERCISE] bench incident ${done + i}`,
        labels: ['exercise'],
        facts: {
          event_date: day,
          event_type: eventType,
          sub_event_type: subs[Math.floor(rand() * subs.length)]!,
          actors: rand() < 0.85 ? [GROUPS[Math.floor(rand() * GROUPS.length)]!] : [],
          country: place.country,
          latitude: place.latitude,
          longitude: place.longitude,
          geo_precision: 1,
          fatalities: rand() < 0.3 ? 0 : Math.floor(rand() * rand() * 40),
        },
        tlp,
      });
      o.object_marking_refs = [TLP2_MARKING_IDS[tlp]];
      return o;
    });
    const outcome = await storeObjects(handle.db, systemActor(owner), {
      objects,
      audience: handling.audience(owner.id),
      federate: false,
      tlp,
      source: 'api',
    });
    if (outcome.stored !== size) throw new Error(`batch ${b}: ${outcome.stored}/${size} stored`);
    done += size;
    process.stderr.write(
      `  stored ${done.toLocaleString('en-US')} incidents (${Math.round(done / ((Date.now() - t0) / 1000)).toLocaleString('en-US')}/s)\r`,
    );
  }
  process.stderr.write('\n');
  if (handle.dialect === 'postgres')
    await import('kysely').then(({ sql }) => sql`ANALYZE`.execute(handle.db));
}

/** The raw baseline: GROUP BY over the same rows, no policy, no HTTP. */
interface Raw {
  byCountry(): Promise<unknown>;
  byMonth(): Promise<unknown>;
  close(): Promise<void>;
}
const RAW_COUNTRY =
  'SELECT country, COUNT(*) AS n, SUM(fatalities) AS f FROM incident_facts GROUP BY country';
const RAW_MONTH =
  'SELECT event_month, COUNT(*) AS n, SUM(fatalities) AS f FROM incident_facts GROUP BY event_month';

function rawSqlite(dataDir: string): Raw {
  const db = new SQLite(sqliteFile(dataDir), { readonly: true });
  const country = db.prepare(RAW_COUNTRY);
  const month = db.prepare(RAW_MONTH);
  return {
    byCountry: async () => country.all(),
    byMonth: async () => month.all(),
    close: async () => void db.close(),
  };
}

async function rawPostgres(schema: string): Promise<Raw> {
  const client = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
  await client.connect();
  return {
    byCountry: async () => (await client.query({ name: 'c', text: RAW_COUNTRY })).rows,
    byMonth: async () => (await client.query({ name: 'm', text: RAW_MONTH })).rows,
    close: () => client.end(),
  };
}

type Row = { label: string; p50: number; p99: number };

async function measure(handle: DbHandle, dataDir: string, raw: Raw): Promise<Row[]> {
  const config = {
    ...loadConfig({ TANSIQ_DATA: dataDir, LOG_LEVEL: 'silent' }),
    databaseUrl: handle.dialect === 'postgres' ? PG_URL : null,
  };
  const app = await buildApp({ config, handle });
  const login = await app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { username: 'analyst-ne', password: PASSWORD },
  });
  const cookie = login.cookies.find((c) => c.name === 'tansiq_session')!;
  const headers = { cookie: `tansiq_session=${cookie.value}` };
  const time = async (label: string, run: () => Promise<unknown>): Promise<Row> => {
    await run(); // warm-up
    const ms: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await run();
      ms.push(performance.now() - t0);
    }
    return { label, p50: percentile(ms, 50), p99: percentile(ms, 99) };
  };
  const api = (url: string) => async () => {
    const res = await app.inject({ url, headers });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const map = (await api('/api/v1/picture/map')()) as { total: { incidents: number } };
  process.stderr.write(
    `  analyst-ne sees ${map.total.incidents.toLocaleString('en-US')} of ${COUNT.toLocaleString('en-US')} incidents\n`,
  );
  try {
    return [
      await time('raw GROUP BY country', raw.byCountry),
      await time('GET /picture/map (countries + places)', api('/api/v1/picture/map')),
      await time(
        'GET /picture/map?group=… (one group)',
        api(`/api/v1/picture/map?group=${(await demoGroupIds(handle.db, DEMO_GROUP)).iswap}`),
      ),
      await time('raw GROUP BY month', raw.byMonth),
      await time('GET /picture/trend (per month)', api('/api/v1/picture/trend')),
      await time(
        'GET /picture/trend?interval=week&by=group',
        api('/api/v1/picture/trend?interval=week&by=group'),
      ),
    ];
  } finally {
    await app.close();
  }
}

function report(name: string, rows: Row[]): void {
  process.stdout.write(
    `\n${name}: ${COUNT.toLocaleString('en-US')} incidents, ${RUNS} runs each\n`,
  );
  const base = { country: rows[0]!.p50, month: rows[3]!.p50 };
  for (const [i, r] of rows.entries()) {
    const baseline = i < 3 ? base.country : base.month;
    const ratio = i === 0 || i === 3 ? '' : `  ×${(r.p50 / baseline).toFixed(1)} raw`;
    process.stdout.write(
      `  ${r.label.padEnd(44)} p50 ${r.p50.toFixed(1).padStart(7)} ms   p99 ${r.p99.toFixed(1).padStart(7)} ms${ratio}\n`,
    );
  }
  const worst = Math.max(...rows.filter((_, i) => i !== 0 && i !== 3).map((r) => r.p50));
  process.stdout.write(
    `  target p50 ≤ ${TARGET_P50_MS} ms: ${worst <= TARGET_P50_MS ? 'met' : 'NOT met'} (slowest p50 ${worst.toFixed(1)} ms)\n`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  const dataDir = args.data ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tansiq-bench-picture-'));
  const reuse = args.data !== undefined && fs.existsSync(sqliteFile(dataDir));
  try {
    process.stderr.write('SQLite\n');
    const handle = await openAndMigrate({ databaseUrl: null, dataDir });
    if (!reuse) await fill(handle);
    const raw = rawSqlite(dataDir);
    report('SQLite', await measure(handle, dataDir, raw));
    await raw.close();
    await handle.close();
  } finally {
    if (args.data === undefined) fs.rmSync(dataDir, { recursive: true, force: true });
  }
  if (!args['no-postgres']) {
    process.stderr.write('PostgreSQL\n');
    await withPostgresSchema(async (handle, schema) => {
      await fill(handle);
      const raw = await rawPostgres(schema);
      report('PostgreSQL', await measure(handle, os.tmpdir(), raw));
      await raw.close();
    });
  }
}
