/**
 * Issue 13, "Nothing lost": how long a backup and a restore take and how large the archive is, for
 * the demo coalition and for a bigger store (the demo plus N exercise objects, default 100,000),
 * on SQLite and PostgreSQL. Each restore goes into a fresh database of the same engine and ends
 * with the audit chain verified; the search index is rebuilt afterwards and timed apart.
 *
 *   node --import tsx bench/backup.ts [--count 100000] [--no-postgres]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { installCapabilities } from '../src/capabilities.ts';
import { openAndMigrate, sqliteFile, type DbHandle, type Dialect } from '../src/db/index.ts';
import { loadDemo } from '../src/demo/demo.ts';
import { storeObjects } from '../src/exchange/objects.service.ts';
import { resolveAudience } from '../src/members/audience.service.ts';
import { userByUsername } from '../src/accounts/users.repository.ts';
import { memberById } from '../src/members/members.repository.ts';
import { createBackup } from '../src/backup/backup.service.ts';
import { restoreBackup, type RestoreTarget } from '../src/backup/restore.service.ts';
import { indexAll } from '../src/search/search.index.ts';
import type { Actor } from '../src/policy/viewer.ts';
import { ExerciseObjects } from './exercise-objects.ts';
import { PG_URL } from './postgres.ts';

installCapabilities();

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    'no-postgres': { type: 'boolean', default: false },
  },
});
const COUNT = Number(args.count);
if (!Number.isInteger(COUNT) || COUNT < 1000) {
  process.stderr.write('--count takes a whole number ≥ 1000\n');
  process.exit(2);
}
const KEY = { id: 'bench', key: Buffer.alloc(32, 3) };
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tansiq-bench-backup-'));

async function target(dialect: Dialect): Promise<{ target: RestoreTarget; drop(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(work, 'db-'));
  if (dialect === 'sqlite') return { target: { databaseUrl: null, dataDir }, drop: async () => {} };
  const schema = `bench_${randomUUID().replace(/-/g, '')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  return {
    target: { databaseUrl: PG_URL, dataDir, pgSchema: schema },
    async drop() {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}

async function actorOf(handle: DbHandle, username: string): Promise<Actor> {
  const user = (await userByUsername(handle.db, username))!;
  const member = (await memberById(handle.db, user.member_id))!;
  return {
    userId: user.id,
    username,
    memberId: member.id,
    memberCode: member.code,
    role: user.role,
    via: 'cli',
  };
}

interface Figure {
  engine: Dialect;
  store: string;
  rows: number;
  /** The database's own size: SQLite's file, PostgreSQL's tables and indexes. */
  dbMb: number;
  backupS: number;
  mb: number;
  rawMb: number;
  restoreS: number;
  indexS: number;
}

async function databaseBytes(handle: DbHandle, source: RestoreTarget): Promise<number> {
  if (handle.dialect === 'sqlite') {
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(handle.db);
    return fs.statSync(sqliteFile(source.dataDir)).size;
  }
  const { rows } = await sql<{
    bytes: string;
  }>`SELECT SUM(pg_total_relation_size(c.oid))::text AS bytes
    FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'`.execute(
    handle.db,
  );
  return Number(rows[0]?.bytes ?? 0);
}

async function measure(
  handle: DbHandle,
  source: RestoreTarget,
  dialect: Dialect,
  store: string,
): Promise<Figure> {
  const dbMb = (await databaseBytes(handle, source)) / 1024 / 1024;
  const file = path.join(work, `${dialect}-${store}.tsq`);
  const made = await createBackup(
    handle,
    { stream: fs.createWriteStream(file), tmpDir: work },
    {
      key: KEY,
    },
  );
  const into = await target(dialect);
  try {
    const restored = await restoreBackup(file, into.target, { keys: [KEY] });
    const again = await openAndMigrate(into.target);
    const started = Date.now();
    await indexAll(again.db);
    const indexS = (Date.now() - started) / 1000;
    await again.close();
    return {
      engine: dialect,
      store,
      rows: made.rows,
      dbMb,
      backupS: made.ms / 1000,
      mb: made.bytes / 1024 / 1024,
      rawMb: made.rawBytes / 1024 / 1024,
      restoreS: restored.ms / 1000,
      indexS,
    };
  } finally {
    await into.drop();
    fs.rmSync(file, { force: true });
  }
}

async function run(dialect: Dialect): Promise<Figure[]> {
  const source = await target(dialect);
  const handle = await openAndMigrate(source.target);
  try {
    await loadDemo(handle.db, 'exercise-password-1');
    const figures = [await measure(handle, source.target, dialect, 'demo')];
    const actor = await actorOf(handle, 'analyst-ma');
    const audience = await resolveAudience(handle.db, actor, 'coalition');
    const exercise = new ExerciseObjects(13);
    for (let i = 0, stored = 0; stored < COUNT; i += 1) {
      const batch = exercise.batch(i, Math.min(2000, COUNT - stored), 'green');
      await storeObjects(handle.db, actor, {
        objects: JSON.parse(batch.text) as unknown[],
        audience,
        federate: false,
        source: 'import',
      });
      stored += batch.count;
    }
    figures.push(
      await measure(handle, source.target, dialect, `demo + ${COUNT.toLocaleString('en')}`),
    );
    return figures;
  } finally {
    await handle.close();
    await source.drop();
  }
}

const figures: Figure[] = [];
for (const dialect of ['sqlite', 'postgres'] as const) {
  if (dialect === 'postgres' && args['no-postgres']) continue;
  figures.push(...(await run(dialect)));
}
fs.rmSync(work, { recursive: true, force: true });
process.stdout.write(
  `| engine | store | rows | database | backup | archive (JSON lines) | restore (checked, migrated, verified) | search index after |\n` +
    `| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n` +
    figures
      .map(
        (f) =>
          `| ${f.engine} | ${f.store} | ${f.rows.toLocaleString('en')} | ${f.dbMb.toFixed(1)} MB | ${f.backupS.toFixed(1)} s | ` +
          `${f.mb.toFixed(1)} MB (${f.rawMb.toFixed(1)} MB) | ${f.restoreS.toFixed(1)} s | ${f.indexS.toFixed(1)} s |`,
      )
      .join('\n') +
    '\n',
);
