import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../src/config.ts';
import { installCapabilities } from '../src/capabilities.ts';
import { migrate, openDb, type Dialect, type DbHandle } from '../src/db/index.ts';
import { loadDemo } from '../src/demo/demo.ts';
import { buildApp } from '../src/server.ts';

/** Every store, policy and API test runs on both databases. */
export const DIALECTS: Dialect[] = ['sqlite', 'postgres'];
export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const DEMO_PASSWORD = 'exercise-password-1';
/** The tests' key for secrets at rest (32 bytes, base64): never a real installation's. */
export const TEST_SECRET_KEY = Buffer.alloc(32, 7).toString('base64');

export interface TestDb {
  handle: DbHandle;
  config: Config;
  cleanup(): Promise<void>;
}

/**
 * A fresh, migrated database: a temporary SQLite folder, or a new PostgreSQL schema; migrated up
 * to `migratedUpTo` only when given (a test of the migration that comes after).
 */
export async function freshDb(dialect: Dialect, migratedUpTo?: string): Promise<TestDb> {
  installCapabilities();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tansiq-test-'));
  let schema: string | undefined;
  if (dialect === 'postgres') {
    schema = `t_${randomUUID().replace(/-/g, '')}`;
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.end();
  }
  const databaseUrl = dialect === 'postgres' ? PG_URL : null;
  const handle = openDb({ databaseUrl, dataDir, pgSchema: schema });
  await migrate(handle, migratedUpTo);
  const config = loadConfig(
    { TANSIQ_DATA: dataDir, LOG_LEVEL: 'silent', TANSIQ_SECRET_KEY: TEST_SECRET_KEY },
    { databaseUrl },
  );
  return {
    handle,
    config,
    async cleanup() {
      await handle.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (schema) {
        const client = new pg.Client({ connectionString: PG_URL });
        await client.connect();
        await client.query(`DROP SCHEMA ${schema} CASCADE`);
        await client.end();
      }
    },
  };
}

export interface TestApp extends TestDb {
  app: FastifyInstance;
  /** Logs in through the API and returns headers for further requests (cookie and CSRF token). */
  login(username: string): Promise<Record<string, string>>;
  /** A request as a signed-in user (its session cookie and CSRF token), with a JSON body if given. */
  as(
    username: string,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** The real app, in process, on a fresh database with the demo coalition. */
export async function testApp(
  dialect: Dialect,
  options: { demo?: boolean; configure?: Partial<Config> } = {},
): Promise<TestApp> {
  const db = await freshDb(dialect);
  const config = { ...db.config, ...options.configure };
  if (options.demo !== false) await loadDemo(db.handle.db, DEMO_PASSWORD);
  const app = await buildApp({ config, handle: db.handle });
  const sessions = new Map<string, Record<string, string>>();
  const login = async (username: string): Promise<Record<string, string>> => {
    const cached = sessions.get(username);
    if (cached) return cached;
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username, password: DEMO_PASSWORD },
    });
    if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'tansiq_session')!;
    const headers = {
      cookie: `tansiq_session=${cookie.value}`,
      'x-csrf-token': (res.json() as { csrfToken: string }).csrfToken,
    };
    sessions.set(username, headers);
    return headers;
  };
  return {
    ...db,
    config,
    app,
    login,
    async as(username, method, url, payload) {
      return app.inject({
        method,
        url,
        headers: await login(username),
        ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      });
    },
    async close() {
      await app.close();
      await db.cleanup();
    },
  };
}

/** A STIX report about a place, written now (the name says whether it is exercise data). */
export function reportObject(id: string, name: string, extra: Record<string, unknown> = {}) {
  const now = new Date().toISOString();
  return {
    type: 'report',
    spec_version: '2.1',
    id,
    created: now,
    modified: now,
    name,
    published: now,
    object_refs: [`location--${randomUUID()}`],
    ...extra,
  };
}

export function json<T = Record<string, unknown>>(res: LightMyRequestResponse): T {
  return res.json() as T;
}

/** Test data copied into the repository, each folder with its SOURCES.md (origin and licence). */
export const FIXTURES = path.resolve(import.meta.dirname, 'fixtures');
