import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAndMigrate, type DbHandle } from '../src/db/index.ts';
import { buildApp } from '../src/server.ts';
import { verifyAudit } from '../src/audit/audit.service.ts';
import { PG_URL, testApp, type TestApp } from './helpers.ts';
import type { FastifyInstance } from 'fastify';

/**
 * Several stateless app processes on one PostgreSQL database: two apps with their own connection
 * pools write at the same time. date_added stays unique and strictly increasing in commit order,
 * and the audit chain does not fork.
 */
describe('two app processes sharing PostgreSQL', () => {
  let first: TestApp;
  let secondHandle: DbHandle;
  let second: FastifyInstance;

  beforeAll(async () => {
    first = await testApp('postgres');
    const schema = (first.handle as DbHandle).schema!;
    secondHandle = await openAndMigrate({
      databaseUrl: PG_URL,
      dataDir: first.config.dataDir,
      pgSchema: schema,
    });
    second = await buildApp({ config: first.config, handle: secondHandle });
  });
  afterAll(async () => {
    await second.close();
    await secondHandle.close();
    await first.close();
  });

  it('interleaved writes keep date_added strictly increasing and the audit chain whole', async () => {
    const headers = await first.login('analyst-ma');
    const incident = () => {
      const now = new Date().toISOString();
      return {
        type: 'incident',
        spec_version: '2.1',
        id: `incident--${randomUUID()}`,
        created: now,
        modified: now,
        name: 'exercise',
      };
    };
    const writes = Array.from({ length: 40 }, (_, i) =>
      (i % 2 ? second : first.app).inject({
        method: 'POST',
        url: '/api/v1/objects',
        headers,
        payload: { objects: [incident(), incident(), incident()], audience: 'member' },
      }),
    );
    const results = await Promise.all(writes);
    expect(results.map((r) => r.statusCode)).toEqual(Array(40).fill(200));
    const rows = await first.handle.db
      .selectFrom('objects')
      .select(['added'])
      .where('type', '=', 'incident')
      .where('source', '=', 'local')
      .orderBy('added')
      .execute();
    expect(rows).toHaveLength(120);
    expect(new Set(rows.map((r) => r.added)).size).toBe(120);
    expect(await verifyAudit(first.handle.db)).toMatchObject({ ok: true });
  });
});
