import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDb, PG_URL, type TestDb } from '../../test/helpers.ts';
import { openDb } from './index.ts';

/** The PostgreSQL pool's session settings: JIT off, the schema, and what the address asks for. */
describe('PostgreSQL connections', () => {
  const opened: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const o of opened) await o.close();
  });

  it('run with JIT off in the schema asked for', async () => {
    const t: TestDb = await freshDb('postgres');
    opened.push({ close: () => t.cleanup() });
    const { rows } = await sql<{
      jit: string;
      schema: string;
    }>`SELECT current_setting('jit') AS jit, current_schema() AS schema`.execute(t.handle.db);
    expect(rows[0]).toEqual({ jit: 'off', schema: t.handle.schema });
  });

  it('keep the settings the address carries', async () => {
    const url = new URL(PG_URL);
    url.searchParams.set('options', '-c statement_timeout=4321');
    const handle = openDb({ databaseUrl: url.href, dataDir: '/nonexistent' });
    opened.push(handle);
    const { rows } = await sql<{
      timeout: string;
      jit: string;
    }>`SELECT current_setting('statement_timeout') AS timeout, current_setting('jit') AS jit`.execute(
      handle.db,
    );
    expect(rows[0]).toEqual({ timeout: '4321ms', jit: 'off' });
  });
});
