import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_URL } from './helpers.ts';
import { startServer, type RunningServer } from './serve.ts';

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../bin/tansiq.js');
const PASSWORD = 'exercise-password-1';
const KEY = Buffer.alloc(32, 5).toString('base64');

async function tansiq(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', [BIN, ...args], {
      env: { ...process.env, DATABASE_URL: '', TANSIQ_DEMO_PASSWORD: PASSWORD, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** A PostgreSQL database of its own (the CLI works in the connection's default schema). */
async function database(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `tansiq_cli_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    async drop() {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Writes batches of incidents through the running server until stopped; counts acknowledgements. */
function writer(server: RunningServer) {
  const acked: string[] = [];
  let stop = false;
  const auth = `Basic ${Buffer.from(`analyst-ma:${PASSWORD}`).toString('base64')}`;
  const done = (async () => {
    while (!stop) {
      const now = new Date().toISOString();
      const objects = [0, 1].map(() => ({
        type: 'incident',
        spec_version: '2.1',
        id: `incident--${randomUUID()}`,
        created: now,
        modified: now,
        name: '[EXERCISE] written while a backup runs',
      }));
      const res = await fetch(`${server.url}/api/v1/objects`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify({ objects, audience: 'member' }),
      });
      if (res.status !== 200) throw new Error(`write: ${res.status} ${await res.text()}`);
      acked.push(...objects.map((o) => o.id));
    }
  })();
  return {
    acked,
    async stop() {
      stop = true;
      await done;
    },
  };
}

const flip = (file: string, to: string) => {
  const bytes = fs.readFileSync(file);
  bytes[Math.floor(bytes.length / 2)]! ^= 0x55;
  fs.writeFileSync(to, bytes);
};

/**
 * `tansiq backup` beside a running server that keeps writing, `tansiq restore` into a fresh
 * installation (and into the other engine), `tansiq audit head` filed and checked later — as an
 * operator runs them, on both databases.
 */
describe('tansiq backup, restore and audit heads (CLI)', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tansiq-backup-cli-'));
  const dir = (name: string) => path.join(work, name);
  const databases: { drop(): Promise<void> }[] = [];
  const withKey = { TANSIQ_SECRET_KEY: KEY };
  afterAll(async () => {
    for (const d of databases) await d.drop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  describe('on SQLite', () => {
    const data = dir('live');
    const archive = dir('live.tsq');
    const heads = dir('heads.txt');
    let ackedBefore: string[] = [];

    beforeAll(async () => {
      const demo = await tansiq(['demo', '--data', data], withKey);
      expect(demo.code, demo.stderr).toBe(0);
    }, 180_000);

    it('backs up a running server that keeps writing, and restores into a fresh folder', async () => {
      const head = await tansiq(['audit', 'head', '--data', data], withKey);
      expect(head.code, head.stderr).toBe(0);
      expect(head.stdout).toMatch(/^tansiq-audit-head\/1 entries=\d+ .* mac=hmac-sha256:/);
      fs.writeFileSync(heads, `# filed by the operator\n${head.stdout}`);

      const server = await startServer(['--data', data], withKey);
      const writes = writer(server);
      try {
        while (writes.acked.length < 6) await new Promise((r) => setTimeout(r, 20));
        ackedBefore = [...writes.acked];
        const backup = await tansiq(['backup', archive, '--data', data], withKey);
        expect(backup.code, backup.stderr).toBe(0);
        expect(backup.stdout).toMatch(/backup written: .*live\.tsq \(sqlite, \d+ tables, \d+ rows/);
        expect(writes.acked.length).toBeGreaterThan(ackedBefore.length);
      } finally {
        await writes.stop();
        await server.stop();
      }
      expect(fs.statSync(archive).mode & 0o777).toBe(0o600);
      expect(fs.existsSync(`${archive}.partial`)).toBe(false);

      const restored = await tansiq(['restore', archive, '--data', dir('restored')], withKey);
      expect(restored.code, restored.stderr).toBe(0);
      expect(restored.stdout).toMatch(/restored \d+ rows into SQLite/);
      expect(restored.stdout).toMatch(/audit log intact: \d+ entries/);
      expect(restored.stdout).toMatch(/search index rebuilt: \d+ versions/);
      const db = new Database(path.join(dir('restored'), 'tansiq.sqlite'), { readonly: true });
      const ids = new Set(
        (
          db.prepare("SELECT stix_id FROM objects WHERE type = 'incident'").all() as {
            stix_id: string;
          }[]
        ).map((r) => r.stix_id),
      );
      db.close();
      expect(ackedBefore.filter((id) => !ids.has(id))).toEqual([]);

      const against = await tansiq(
        ['audit', 'verify', '--against', heads, '--data', dir('restored')],
        withKey,
      );
      expect(against.code, against.stdout + against.stderr).toBe(0);
      expect(against.stdout).toContain('holds 1 filed head(s)');
    }, 600_000);

    it('refuses a damaged archive and a target that holds data, saying why', async () => {
      flip(archive, dir('damaged.tsq'));
      const [damaged, full] = await Promise.all([
        tansiq(['restore', dir('damaged.tsq'), '--data', dir('never')], withKey),
        tansiq(['restore', archive, '--data', dir('restored')], withKey),
      ]);
      expect(damaged.code).toBe(1);
      expect(damaged.stderr).toMatch(/damaged\.tsq: .*; nothing restored/);
      expect(fs.existsSync(path.join(dir('never'), 'tansiq.sqlite'))).toBe(false);
      expect(full.code).toBe(1);
      expect(full.stderr).toMatch(
        /is not empty \(15 members, 17 users, .*\): restore with --force/,
      );
    }, 300_000);

    it('a head filed earlier catches the log cut back together with its head row', async () => {
      const head = await tansiq(['audit', 'head', '--data', dir('restored')], withKey);
      expect(head.code, head.stderr).toBe(0);
      fs.appendFileSync(heads, head.stdout);
      const db = new Database(path.join(dir('restored'), 'tansiq.sqlite'));
      db.exec('DROP TRIGGER audit_log_no_delete');
      const { seq } = db.prepare('SELECT MAX(seq) AS seq FROM audit_log').get() as { seq: number };
      db.prepare('DELETE FROM audit_log WHERE seq > ?').run(seq - 3);
      const last = db.prepare('SELECT hash FROM audit_log WHERE seq = ?').get(seq - 3) as {
        hash: string;
      };
      db.prepare('UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1').run(seq - 3, last.hash);
      db.close();
      const [plain, against] = await Promise.all([
        tansiq(['audit', 'verify', '--data', dir('restored')], withKey),
        tansiq(['audit', 'verify', '--against', heads, '--data', dir('restored')], withKey),
      ]);
      // The chain alone looks whole; the filed head does not agree.
      expect(plain.code).toBe(0);
      expect(against.code).toBe(1);
      expect(against.stdout).toContain(`the log ends at entry ${seq - 3}, but the head filed at`);
    }, 300_000);
  });

  describe('on PostgreSQL', () => {
    let live = { url: '' };
    let copy = { url: '' };
    const archive = dir('pg.tsq');
    beforeAll(async () => {
      const [a, b] = await Promise.all([database(), database()]);
      databases.push(a, b);
      live = a;
      copy = b;
      const demo = await tansiq(['demo'], { ...withKey, DATABASE_URL: live.url });
      expect(demo.code, demo.stderr).toBe(0);
    }, 180_000);

    it('backs up a running server that keeps writing, restores into another database and into SQLite', async () => {
      const env = { ...withKey, DATABASE_URL: live.url };
      const server = await startServer([], env);
      const writes = writer(server);
      let ackedBefore: string[];
      try {
        while (writes.acked.length < 6) await new Promise((r) => setTimeout(r, 20));
        ackedBefore = [...writes.acked];
        const backup = await tansiq(['backup', archive], env);
        expect(backup.code, backup.stderr).toBe(0);
        expect(backup.stdout).toMatch(/backup written: .*pg\.tsq \(postgres, \d+ tables/);
      } finally {
        await writes.stop();
        await server.stop();
      }
      const [intoPg, intoSqlite] = await Promise.all([
        tansiq(['restore', archive, '--no-index'], { ...withKey, DATABASE_URL: copy.url }),
        tansiq(['restore', archive, '--data', dir('from-pg')], withKey),
      ]);
      expect(intoPg.code, intoPg.stderr).toBe(0);
      expect(intoPg.stdout).toMatch(/restored \d+ rows into PostgreSQL/);
      expect(intoSqlite.code, intoSqlite.stderr).toBe(0);
      expect(intoSqlite.stdout).toMatch(/restored \d+ rows into SQLite .*\(postgres, /);
      const client = new pg.Client({ connectionString: copy.url });
      await client.connect();
      const { rows } = await client.query<{ stix_id: string }>(
        "SELECT stix_id FROM objects WHERE type = 'incident'",
      );
      await client.end();
      const ids = new Set(rows.map((r) => r.stix_id));
      expect(ackedBefore.filter((id) => !ids.has(id))).toEqual([]);
    }, 600_000);

    it('a head filed earlier catches the log cut back together with its head row', async () => {
      const env = { ...withKey, DATABASE_URL: copy.url };
      const head = await tansiq(['audit', 'head'], env);
      expect(head.code, head.stderr).toBe(0);
      const client = new pg.Client({ connectionString: copy.url });
      await client.connect();
      await client.query('DROP TRIGGER audit_log_no_change ON audit_log');
      const { rows } = await client.query<{ seq: number }>(
        'SELECT MAX(seq)::int AS seq FROM audit_log',
      );
      const keep = rows[0]!.seq - 4;
      await client.query('DELETE FROM audit_log WHERE seq > $1', [keep]);
      await client.query(
        'UPDATE audit_head SET seq = $1, hash = (SELECT hash FROM audit_log WHERE seq = $1) WHERE id = 1',
        [keep],
      );
      await client.end();
      const [plain, against, damaged] = await Promise.all([
        tansiq(['audit', 'verify'], env),
        tansiq(['audit', 'verify', '--against', head.stdout.trim()], env),
        (async () => {
          flip(archive, dir('pg-damaged.tsq'));
          return tansiq(['restore', dir('pg-damaged.tsq'), '--force'], env);
        })(),
      ]);
      expect(plain.code).toBe(0);
      expect(against.code).toBe(1);
      expect(against.stdout).toContain(`the log ends at entry ${keep}, but the head filed at`);
      // Even forced, a damaged archive replaces nothing.
      expect(damaged.code).toBe(1);
      expect(damaged.stderr).toContain('nothing restored');
    }, 300_000);
  });
});
