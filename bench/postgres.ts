import os from 'node:os';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openAndMigrate, type DbHandle } from '../src/db/index.ts';

export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Runs `work` on a fresh, migrated PostgreSQL schema, dropped afterwards (as test/helpers.ts does). */
export async function withPostgresSchema<T>(
  work: (handle: DbHandle, schema: string, admin: pg.Client) => Promise<T>,
): Promise<T> {
  const schema = `bench_${randomUUID().replace(/-/g, '')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
    const handle = await openAndMigrate({
      databaseUrl: PG_URL,
      dataDir: os.tmpdir(),
      pgSchema: schema,
    });
    try {
      return await work(handle, schema, admin);
    } finally {
      await handle.close();
    }
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
}
