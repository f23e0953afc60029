import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { loadConfig } from '../config.ts';
import { openDb, type DbHandle } from '../db/index.ts';
import { buildApp } from '../server.ts';
import { DIALECTS, DEMO_PASSWORD, json, testApp, type TestApp } from '../../test/helpers.ts';
import type { ProcessState } from './readiness.ts';

const TOKEN = 'metrics-token-for-the-tests-0123456789';

/** A TAXII server with no collections: a pull from it succeeds and brings nothing. */
function emptyPeer() {
  const server = http.createServer((req, res) => {
    const send = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/taxii+json;version=2.1' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/taxii2/') return send({ title: 'empty', api_roots: ['/api/'] });
    if (req.url === '/api/collections/') return send({ collections: [] });
    res.writeHead(404).end();
  });
  return new Promise<{ url: string; close(): Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/taxii2/`,
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}

/** One sample of a metric in Prometheus text format, by its labels (all must match). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | null {
  for (const line of text.split('\n')) {
    const m = /^([a-z_:]+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries(
      [...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return null;
}

describe.each(DIALECTS)('health, readiness and metrics on %s', (dialect) => {
  let t: TestApp;
  const scrape = async () => {
    const res = await t.app.inject({
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.body;
  };
  beforeAll(async () => {
    t = await testApp(dialect, { configure: { metricsToken: TOKEN } });
  });
  afterAll(() => t.close());

  it('answers /healthz and /readyz without login, saying nothing more than the status', async () => {
    const health = await t.app.inject({ url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(json(health)).toEqual({ status: 'ok' });
    expect(health.headers['cache-control']).toBe('no-store');
    const ready = await t.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(json(ready)).toEqual({ status: 'ready' });
    // A stale or foreign cookie or token does not turn a probe into a 401.
    const withCookie = await t.app.inject({
      url: '/readyz',
      headers: { cookie: 'tansiq_session=stale', authorization: 'Bearer tsq_unknown' },
    });
    expect(withCookie.statusCode).toBe(200);
  });

  it('refuses /metrics without the token or with a wrong one', async () => {
    const none = await t.app.inject({ url: '/metrics' });
    expect(none.statusCode).toBe(401);
    expect(json(none)).toMatchObject({ code: 'unauthorized', field: 'authorization' });
    expect(none.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    for (const authorization of [
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.slice(0, -1)}`,
      `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}`,
      TOKEN,
    ]) {
      const res = await t.app.inject({ url: '/metrics', headers: { authorization } });
      expect(res.statusCode, authorization).toBe(401);
      expect(res.body).not.toContain('tansiq_http_requests_total');
    }
    // A user's session does not open it either.
    const admin = await t.app.inject({ url: '/metrics', headers: await t.login('admin') });
    expect(admin.statusCode).toBe(401);
  });

  it('counts requests by route pattern and status, with latencies, the pool, the audit chain and the process', async () => {
    const analyst = await t.login('analyst-ma');
    const objects = json<{ items: { object: { id: string } }[] }>(
      await t.app.inject({ url: '/api/v1/objects?limit=3', headers: analyst }),
    );
    const id = objects.items[0]!.object.id;
    expect(
      (await t.app.inject({ url: `/api/v1/objects/${id}`, headers: analyst })).statusCode,
    ).toBe(200);
    expect(
      (await t.app.inject({ url: '/api/v1/objects/indicator--nope', headers: analyst })).statusCode,
    ).toBe(404);
    expect((await t.app.inject({ url: '/api/v1/no-such-thing' })).statusCode).toBe(404);

    const text = await scrape();
    const byRoute = (route: string, status: string) =>
      sample(text, 'tansiq_http_requests_total', { method: 'GET', route, status });
    expect(byRoute('/api/v1/objects', '200')).toBeGreaterThanOrEqual(1);
    expect(byRoute('/api/v1/objects/:id', '200')).toBeGreaterThanOrEqual(1);
    expect(byRoute('/api/v1/objects/:id', '404')).toBeGreaterThanOrEqual(1);
    expect(byRoute('unmatched', '404')).toBeGreaterThanOrEqual(1);
    expect(byRoute('/metrics', '401')).toBeGreaterThanOrEqual(1);
    expect(byRoute('/api/v1/session', '200')).toBeNull(); // a POST, counted under its own method
    expect(
      sample(text, 'tansiq_http_requests_total', {
        method: 'POST',
        route: '/api/v1/session',
        status: '200',
      }),
    ).toBeGreaterThanOrEqual(1);
    // No raw URL (an id, a query string) ever becomes a label.
    expect(text).not.toContain(id);
    expect(text).not.toContain('limit=3');
    expect(
      sample(text, 'tansiq_http_request_duration_seconds_count', {
        route: '/api/v1/objects/:id',
        status: '200',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/tansiq_http_request_duration_seconds_bucket\{le="0\.005"/);

    const [head] = (
      await sql<{ seq: number }>`SELECT seq FROM audit_head WHERE id = 1`.execute(t.handle.db)
    ).rows;
    expect(sample(text, 'tansiq_audit_chain_length')).toBe(Number(head!.seq));
    expect(Number(head!.seq)).toBeGreaterThan(0);
    expect(sample(text, 'tansiq_db_up', { dialect })).toBe(1);
    if (dialect === 'postgres') {
      expect(sample(text, 'tansiq_db_pool_connections')).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'tansiq_db_pool_idle_connections')).not.toBeNull();
      // The scrape's own reads may be queued for a connection at that instant.
      expect(sample(text, 'tansiq_db_pool_waiting_requests')).toBeGreaterThanOrEqual(0);
      expect(text).not.toContain('tansiq_db_sqlite_busy');
    } else {
      expect(sample(text, 'tansiq_db_sqlite_busy')).toBe(0);
      expect(text).not.toContain('tansiq_db_pool_connections');
    }
    // prom-client's process metrics.
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
    ])
      expect(sample(text, name), name).not.toBeNull();
  });

  it("reports each peer's last pull: when, and whether it worked", async () => {
    const admin = await t.login('admin');
    const peer = await emptyPeer();
    try {
      const add = (name: string, url: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/peers',
          headers: admin,
          payload: {
            name,
            url,
            username: 'analyst-ne',
            password: DEMO_PASSWORD,
            audience: 'member',
            member: 'NE',
            interval_seconds: 0,
          },
        });
      expect((await add('reachable', peer.url)).statusCode).toBe(201);
      expect((await add('unreachable', 'http://127.0.0.1:1/taxii2/')).statusCode).toBe(201);
      expect((await add('never-pulled', 'http://127.0.0.1:1/taxii2/')).statusCode).toBe(201);
      const before = Date.now() / 1000;
      for (const name of ['reachable', 'unreachable'])
        await t.app.inject({ method: 'POST', url: `/api/v1/peers/${name}/pull`, headers: admin });
      await new Promise((r) => setTimeout(r, 1100)); // past the scrape's one-second snapshot
      const text = await scrape();
      expect(sample(text, 'tansiq_federation_last_pull_success', { peer: 'reachable' })).toBe(1);
      expect(sample(text, 'tansiq_federation_last_pull_success', { peer: 'unreachable' })).toBe(0);
      for (const name of ['reachable', 'unreachable']) {
        const at = sample(text, 'tansiq_federation_last_pull_timestamp_seconds', { peer: name });
        expect(at).toBeGreaterThanOrEqual(Math.floor(before));
        expect(at).toBeLessThanOrEqual(Date.now() / 1000);
      }
      expect(text).not.toContain('peer="never-pulled"');
    } finally {
      await peer.close();
    }
  });

  it('answers 503 on /readyz while shutting down, and when the schema is behind the code', async () => {
    const state: ProcessState = { shuttingDown: false };
    const app = await buildApp({ config: t.config, handle: t.handle, state });
    try {
      expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
      state.shuttingDown = true;
      const res = await app.inject({ url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(json(res)).toEqual({ status: 'not_ready', reason: 'shutting_down' });
      expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
    // A migration this code knows and the database has not run (as after an upgrade, before it migrated).
    const table = t.handle.schema
      ? sql.table(`${t.handle.schema}.kysely_migration`)
      : sql.table('kysely_migration');
    const [last] = (
      await sql<{ name: string }>`SELECT name FROM ${table} ORDER BY name DESC LIMIT 1`.execute(
        t.handle.db,
      )
    ).rows;
    await sql`DELETE FROM ${table} WHERE name = ${last!.name}`.execute(t.handle.db);
    try {
      const res = await t.app.inject({ url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(json(res)).toEqual({ status: 'not_ready', reason: 'migrations' });
    } finally {
      await sql`INSERT INTO ${table} (name, timestamp) VALUES (${last!.name}, ${new Date().toISOString()})`.execute(
        t.handle.db,
      );
    }
    expect((await t.app.inject({ url: '/readyz' })).statusCode).toBe(200);
  });

  it('answers 503 on /readyz when the database is closed, and /metrics says it is down', async () => {
    const other = await testApp(dialect, { demo: false, configure: { metricsToken: TOKEN } });
    expect((await other.app.inject({ url: '/readyz' })).statusCode).toBe(200);
    await other.handle.db.destroy();
    const res = await other.app.inject({ url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(json(res)).toEqual({ status: 'not_ready', reason: 'database' });
    expect((await other.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    const metrics = await other.app.inject({
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(metrics.statusCode).toBe(200);
    expect(sample(metrics.body, 'tansiq_db_up', { dialect })).toBe(0);
    await other.app.close();
    other.handle.close = async () => undefined; // already destroyed
    await other.cleanup();
  });
});

describe('readiness against an unreachable PostgreSQL', () => {
  let handle: DbHandle;
  afterAll(() => handle?.close());

  it('answers 503 within the check timeout', async () => {
    const databaseUrl = 'postgres://postgres@127.0.0.1:1/none';
    handle = openDb({ databaseUrl, dataDir: '/nonexistent' });
    const config = loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl });
    const app = await buildApp({ config, handle });
    try {
      const started = Date.now();
      const res = await app.inject({ url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(json(res)).toEqual({ status: 'not_ready', reason: 'database' });
      expect(Date.now() - started).toBeLessThan(3000);
      expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('metrics switched off', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp('sqlite', { demo: false });
  });
  afterAll(() => t.close());

  it('answers 404 at /metrics when TANSIQ_METRICS_TOKEN is not set, whatever is sent', async () => {
    expect(t.config.metricsToken).toBeNull();
    for (const headers of [{}, { authorization: 'Bearer ' }, { authorization: 'Bearer null' }]) {
      const res = await t.app.inject({ url: '/metrics', headers });
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('process_cpu');
    }
  });
});
