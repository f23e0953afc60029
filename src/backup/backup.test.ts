import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Migrator, sql } from 'kysely';
import * as OTPAuth from 'otpauth';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_PASSWORD,
  DIALECTS,
  json,
  PG_URL,
  testApp,
  type TestApp,
} from '../../test/helpers.ts';
import { openAndMigrate, openDb, type Db, type DbHandle, type Dialect } from '../db/index.ts';
import { migrations } from '../db/migrations/index.ts';
import { buildApp } from '../server.ts';
import { projectWaiting } from '../exchange/projector.ts';
import { verifyAudit } from '../audit/audit.service.ts';
import { currentHead, formatHead, parseHead, verifyAgainst } from '../audit/head.ts';
import { addPeer } from '../federation/peers.service.ts';
import { kdb } from '../knowledge/knowledge.repository.ts';
import { indexAll } from '../search/search.index.ts';
import { keyId, loadKeyring } from '../secrets/keyring.ts';
import { ArchiveError, readArchive, type ArchiveKey } from './archive.ts';
import { createBackup } from './backup.service.ts';
import { restoreBackup, RestoreError, type RestoreTarget } from './restore.service.ts';
import { isCarried, tableNames, tableRows, tableShape } from './tables.repository.ts';

const other = (d: Dialect): Dialect => (d === 'sqlite' ? 'postgres' : 'sqlite');

/** A fresh place to restore into: an empty folder, or an empty PostgreSQL schema. */
interface Target {
  dialect: Dialect;
  target: RestoreTarget;
  open(): Promise<DbHandle>;
  cleanup(): Promise<void>;
}

async function freshTarget(dialect: Dialect): Promise<Target> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tansiq-restore-'));
  let schema: string | undefined;
  if (dialect === 'postgres') {
    schema = `r_${randomUUID().replace(/-/g, '')}`;
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.end();
  }
  const target: RestoreTarget = {
    databaseUrl: dialect === 'postgres' ? PG_URL : null,
    dataDir,
    ...(schema ? { pgSchema: schema } : {}),
  };
  return {
    dialect,
    target,
    open: () => openAndMigrate(target),
    async cleanup() {
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

/** Every row of a table, engine-neutral (columns by name, bytes in base64), sorted. */
async function dump(db: Db, dialect: Dialect, table: string): Promise<string[]> {
  const shape = await tableShape(db, dialect, table);
  const rows: string[] = [];
  await db.transaction().execute(async (trx) => {
    for await (const page of tableRows(trx, dialect, shape))
      for (const row of page)
        rows.push(
          JSON.stringify(
            shape.columns
              .map((c, i) => {
                const v = row[i];
                return [c, v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v];
              })
              .sort(([a], [b]) => String(a).localeCompare(String(b))),
          ),
        );
  });
  return rows.sort();
}

/** The rows of an archive, as `dump` gives them. */
async function archiveRows(file: string): Promise<Map<string, string[]>> {
  const tables = new Map<string, string[]>();
  let columns: string[] = [];
  let current: string[] = [];
  for await (const e of readArchive(file)) {
    if (e.kind === 'table') {
      columns = e.table.columns;
      current = [];
      tables.set(e.table.table, current);
    } else if (e.kind === 'row')
      current.push(
        JSON.stringify(
          columns.map((c, i) => [c, e.values[i]] as const).sort(([a], [b]) => a.localeCompare(b)),
        ),
      );
  }
  for (const rows of tables.values()) rows.sort();
  return tables;
}

async function backupTo(
  handle: DbHandle,
  file: string,
  key: ArchiveKey | null,
  pagesPerStep?: number,
) {
  return createBackup(
    handle,
    { stream: fs.createWriteStream(file), tmpDir: path.dirname(file) },
    { key, ...(pagesPerStep ? { pagesPerStep } : {}) },
  );
}

const incident = () => {
  const now = new Date().toISOString();
  return {
    type: 'incident',
    spec_version: '2.1',
    id: `incident--${randomUUID()}`,
    created: now,
    modified: now,
    name: '[EXERCISE] written during a backup',
  };
};

/** Tables a writer only adds to: what was there before the backup must be in the restore as it was. */
const APPEND_ONLY = [
  'members',
  'users',
  'api_tokens',
  'recovery_codes',
  'peers',
  'knowledge_files',
  'knowledge_file_chunks',
  'knowledge_artifacts',
  'objects',
  'object_recipients',
];

describe.each(DIALECTS)('backup and restore of %s', (dialect) => {
  let t: TestApp;
  let work: string;
  let archive: string;
  let key: ArchiveKey;
  const targets: Target[] = [];
  const target = async (d: Dialect) => {
    const made = await freshTarget(d);
    targets.push(made);
    return made;
  };
  // What the installation held before the backup started.
  const before = new Map<string, string[]>();
  let ackedBefore: string[] = [];
  let headLine = '';
  let attachment = { id: '', sha256: '' };
  let maToken = '';
  let totpSecret = '';
  let recoveryCodes: string[] = [];
  let reportName = '';

  beforeAll(async () => {
    t = await testApp(dialect);
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'tansiq-backup-'));
    archive = path.join(work, 'tansiq.backup');
    const ring = loadKeyring(t.config)!;
    key = { id: keyId(ring.current), key: ring.current };
    const ne = await t.login('analyst-ne');
    reportName = `[EXERCICE] Sauvegarde ${randomUUID().slice(0, 8)}`;
    const report = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: ne,
      payload: { names: { fr: reportName }, audience: 'group:africa-focus-group', tlp: 'amber' },
    });
    expect(report.statusCode, report.body).toBe(201);
    const reportId = json<{ object: { id: string } }>(report).object.id;
    // Three chunks of bytes (256 KiB each): a file comes along in pieces.
    const bytes = Buffer.from(
      `EXERCISE DATA\n${randomBytes(450 * 1024).toString('base64')}\n`,
      'utf8',
    );
    const upload = await t.app.inject({
      method: 'POST',
      url: `/api/v1/objects/${reportId}/attachments?name=exercise.txt`,
      headers: { ...ne, 'content-type': 'text/plain' },
      payload: bytes,
    });
    expect(upload.statusCode, upload.body).toBe(201);
    attachment = {
      id: json<{ id: string }>(upload).id,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    };
    maToken = json<{ token: string }>(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: await t.login('analyst-ma'),
        payload: { name: 'exercise sync', scope: 'read' },
      }),
    ).token;
    const start = json<{ secret: string }>(
      await t.app.inject({ method: 'POST', url: '/api/v1/me/totp', headers: ne }),
    );
    totpSecret = start.secret;
    const confirm = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/totp/confirm',
      headers: ne,
      payload: {
        code: new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(totpSecret) }).generate(),
      },
    });
    expect(confirm.statusCode, confirm.body).toBe(200);
    recoveryCodes = json<{ recovery_codes: string[] }>(confirm).recovery_codes;
    await addPeer(t.handle.db, ring, null, {
      name: 'exercise-peer',
      url: 'https://peer.example/taxii2/',
      username: 'exercise',
      password: 'a-peer-password-1',
      audience: 'member',
    });
    for (const table of APPEND_ONLY) before.set(table, await dump(t.handle.db, dialect, table));
    before.set('audit_log', await dump(t.handle.db, dialect, 'audit_log'));
    headLine = formatHead(await currentHead(t.handle.db), key);
  });
  afterAll(async () => {
    for (const made of targets) await made.cleanup();
    fs.rmSync(work, { recursive: true, force: true });
    await t.close();
  });

  it('backs up while writers write; the restore holds everything acknowledged before it began, consistently', async () => {
    const headers = await t.login('analyst-ma');
    const acked: string[] = [];
    let backingUp = false;
    let during = 0;
    let stop = false;
    const writer = (async () => {
      while (!stop) {
        const batch = [incident(), incident(), incident()];
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/objects',
          headers,
          payload: { objects: batch, audience: 'member' },
        });
        expect(res.statusCode, res.body).toBe(200);
        acked.push(...batch.map((o) => o.id));
        if (backingUp) during += 1;
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    while (acked.length < 9) await new Promise((r) => setTimeout(r, 10));
    ackedBefore = [...acked];
    // The backup reads through a connection of its own, as `tansiq backup` beside a server does.
    const second = await openAndMigrate({
      databaseUrl: t.config.databaseUrl,
      dataDir: t.config.dataDir,
      ...(t.handle.schema ? { pgSchema: t.handle.schema } : {}),
    });
    backingUp = true;
    // Small steps on SQLite, so the writer's commits restart the online backup along the way.
    const result = await backupTo(second, archive, key, 4).finally(() => {
      backingUp = false;
    });
    stop = true;
    await writer;
    await second.close();
    expect(during, 'writes acknowledged while the backup ran').toBeGreaterThan(0);
    // On SQLite the writer's commits restarted the page copy, which still went through.
    if (dialect === 'sqlite') expect(result.restarts).toBeGreaterThan(0);
    expect(result.rows).toBeGreaterThan(1000);
    expect(result.trailer.summary.sealed_with).toEqual([key.id]);
    expect(result.trailer.mac).toMatch(new RegExp(`^hmac-sha256:${key.id}:[0-9a-f]{64}$`));

    const into = await target(dialect);
    const restored = await restoreBackup(archive, into.target, { keys: [key] });
    expect(restored.macChecked).toBe(true);
    expect(restored.missingKeys).toEqual([]);
    const handle = await into.open();
    try {
      for (const table of APPEND_ONLY) {
        const now = new Set(await dump(handle.db, dialect, table));
        const missing = before.get(table)!.filter((row) => !now.has(row));
        expect(missing, `${table}: rows of before the backup`).toEqual([]);
      }
      // The same chain, entry for entry, up to the head of before the backup, then verifying.
      const chain = new Set(await dump(handle.db, dialect, 'audit_log'));
      expect(before.get('audit_log')!.filter((row) => !chain.has(row))).toEqual([]);
      expect((await verifyAudit(handle.db)).ok).toBe(true);
      expect(await verifyAgainst(handle.db, [parseHead(headLine, [key])])).toMatchObject({
        ok: true,
      });

      const ids = (
        await handle.db
          .selectFrom('objects')
          .select('stix_id')
          .where('type', '=', 'incident')
          .execute()
      ).map((r) => r.stix_id);
      const present = new Set(ids);
      expect(ackedBefore.filter((id) => !present.has(id))).toEqual([]);
      // One moment: whatever the writer got in is whole — its projected name came with it, or the
      // queue row that has the projector write it (as the restored server does at once) — and
      // nothing in it was never acknowledged.
      const written = ids.filter((id) => acked.includes(id));
      expect(written.length).toBeGreaterThanOrEqual(ackedBefore.length);
      await projectWaiting(handle.db);
      const facts = await kdb(handle.db)
        .selectFrom('knowledge_names')
        .select('stix_id')
        .where('stix_id', 'in', written)
        .execute();
      expect(facts.length).toBe(written.length);
      const writes = await handle.db
        .selectFrom('audit_log')
        .select('detail')
        .where('action', '=', 'objects.write')
        .execute();
      const audited = writes.filter((w) => written.some((id) => w.detail.includes(id))).length;
      expect(audited).toBe(written.length / 3);
    } finally {
      await handle.close();
    }
  });

  it('the restored installation serves the same files, passwords, second factors and tokens', async () => {
    const into = await target(dialect);
    await restoreBackup(archive, into.target, { keys: [key] });
    const handle = await into.open();
    const app = await buildApp({
      config: { ...t.config, dataDir: into.target.dataDir, databaseUrl: into.target.databaseUrl },
      handle,
    });
    try {
      const login = (payload: Record<string, string>) =>
        app.inject({ method: 'POST', url: '/api/v1/session', payload });
      expect((await login({ username: 'analyst-ma', password: DEMO_PASSWORD })).statusCode).toBe(
        200,
      );
      expect((await login({ username: 'analyst-ne', password: DEMO_PASSWORD })).statusCode).toBe(
        401,
      );
      const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(totpSecret) });
      // The enrolment's code was spent before the backup: the next period's code opens the session.
      const next = totp.generate({ timestamp: Date.now() + 30_000 });
      const withCode = await login({ username: 'analyst-ne', password: DEMO_PASSWORD, totp: next });
      expect(withCode.statusCode, withCode.body).toBe(200);
      const recovery = await login({
        username: 'analyst-ne',
        password: DEMO_PASSWORD,
        totp: recoveryCodes[0]!,
      });
      expect(recovery.statusCode, recovery.body).toBe(200);
      const cookie = withCode.cookies.find((c) => c.name === 'tansiq_session')!;
      const file = await app.inject({
        url: `/api/v1/attachments/${attachment.id}`,
        headers: { cookie: `tansiq_session=${cookie.value}` },
      });
      expect(file.statusCode).toBe(200);
      expect(createHash('sha256').update(file.rawPayload).digest('hex')).toBe(attachment.sha256);
      const me = await app.inject({
        url: '/api/v1/me',
        headers: { authorization: `Bearer ${maToken}` },
      });
      expect(me.statusCode).toBe(200);
      expect(json<{ username: string }>(me).username).toBe('analyst-ma');
      // The search index is not in the archive: it is built again from the restored versions.
      await indexAll(handle.db);
      const found = await app.inject({
        url: `/api/v1/search?q=${encodeURIComponent(reportName)}`,
        headers: { cookie: `tansiq_session=${cookie.value}` },
      });
      expect(found.statusCode, found.body).toBe(200);
      expect(json<{ items: { name: string }[] }>(found).items.map((i) => i.name)).toContain(
        reportName,
      );
    } finally {
      await app.close();
      await handle.close();
    }
  });

  it(`restores into ${other(dialect)}: every carried table holds the same rows`, async () => {
    const into = await target(other(dialect));
    const result = await restoreBackup(archive, into.target, { keys: [key] });
    expect(result.engine).toBe(other(dialect));
    const rows = await archiveRows(archive);
    const handle = await into.open();
    try {
      const carried = (await tableNames(handle.db, other(dialect))).filter(isCarried);
      expect(new Set(carried)).toEqual(new Set(rows.keys()));
      for (const [table, expected] of rows) {
        if (table === 'audit_head') continue;
        const got = await dump(handle.db, other(dialect), table);
        if (table === 'audit_log') {
          // The restore adds its own entry at the end of the same chain.
          expect(got.length).toBe(expected.length + 1);
          expect(expected.filter((r) => !got.includes(r))).toEqual([]);
        } else expect(got, table).toEqual(expected);
      }
      expect((await verifyAudit(handle.db)).ok).toBe(true);
    } finally {
      await handle.close();
    }
  });

  it('refuses a damaged, truncated, altered or re-hashed archive with a clear message, leaving the target untouched', async () => {
    const into = await target(dialect);
    const bytes = fs.readFileSync(archive);
    const damaged = path.join(work, 'damaged.backup');
    const flip = Buffer.from(bytes);
    flip[Math.floor(flip.length / 2)]! ^= 0xff;
    fs.writeFileSync(damaged, flip);
    await expect(restoreBackup(damaged, into.target, { keys: [key] })).rejects.toThrow(
      ArchiveError,
    );

    fs.writeFileSync(damaged, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
    await expect(restoreBackup(damaged, into.target, { keys: [key] })).rejects.toThrow(
      'the archive is truncated',
    );

    // A valid gzip whose content was changed: one value of one row.
    const lines = zlib.gunzipSync(bytes).toString('utf8').split('\n');
    const i = lines.findIndex((l) => l.includes('"exercise-peer"'));
    expect(i).toBeGreaterThan(0);
    const altered = [...lines];
    altered[i] = altered[i]!.replace('exercise-peer', 'mallory-peer');
    fs.writeFileSync(damaged, zlib.gzipSync(altered.join('\n')));
    await expect(restoreBackup(damaged, into.target, { keys: [key] })).rejects.toThrow(
      'the archive does not match its sha256',
    );

    // The same change with the sha256 computed again: only the MAC, under the key, shows it.
    const trailer = JSON.parse(altered[altered.length - 2]!) as { sha256: string };
    const body = altered
      .slice(0, -2)
      .map((l) => `${l}\n`)
      .join('');
    trailer.sha256 = createHash('sha256').update(body).digest('hex');
    altered[altered.length - 2] = JSON.stringify(trailer);
    fs.writeFileSync(damaged, zlib.gzipSync(altered.join('\n')));
    await expect(restoreBackup(damaged, into.target, { keys: [key] })).rejects.toThrow(
      "the archive's MAC does not match",
    );

    fs.writeFileSync(damaged, zlib.gzipSync('{"hello":"world"}\n'));
    await expect(restoreBackup(damaged, into.target, { keys: [key] })).rejects.toThrow(
      'not a Tansiq backup',
    );
    // Nothing was created where the restore would have gone.
    if (dialect === 'sqlite') expect(fs.readdirSync(into.target.dataDir)).toEqual([]);
    else {
      const handle = openDb(into.target);
      expect(await tableNames(handle.db, 'postgres')).toEqual([]);
      await handle.close();
    }
  });

  it('refuses a target that holds data unless forced; forced, it replaces it whole', async () => {
    const into = await target(dialect);
    await restoreBackup(archive, into.target, { keys: [key] });
    // The target now holds data: a second restore is refused and changes nothing.
    await expect(restoreBackup(archive, into.target, { keys: [key] })).rejects.toThrow(
      RestoreError,
    );
    await expect(restoreBackup(archive, into.target, { keys: [key] })).rejects.toThrow(
      /is not empty \(15 members, 17 users, \d+ objects, \d+ audit entries\): restore with --force/,
    );
    let handle = await into.open();
    await handle.db
      .updateTable('members')
      .set({ name_en: 'changed after the restore' })
      .where('code', '=', 'MA')
      .execute();
    await handle.close();
    const forced = await restoreBackup(archive, into.target, { keys: [key], force: true });
    expect(forced.auditEntries).toBeGreaterThan(0);
    handle = await into.open();
    try {
      const ma = await handle.db
        .selectFrom('members')
        .select('name_en')
        .where('code', '=', 'MA')
        .executeTakeFirstOrThrow();
      expect(ma.name_en).not.toBe('changed after the restore');
      const restores = await handle.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'instance.restore')
        .execute();
      // The forced restore replaced the first one's database, its entry included.
      expect(restores).toHaveLength(1);
      expect((await verifyAudit(handle.db)).ok).toBe(true);
    } finally {
      await handle.close();
    }
    if (dialect === 'postgres') {
      // A schema of another application is never dropped, forced or not.
      const foreign = await target('postgres');
      const other = openDb(foreign.target);
      await sql`CREATE TABLE invoices (id integer)`.execute(other.db);
      await expect(
        restoreBackup(archive, foreign.target, { keys: [key], force: true }),
      ).rejects.toThrow("holds tables that are not a Tansiq installation's (invoices)");
      expect(await tableNames(other.db, 'postgres')).toEqual(['invoices']);
      await other.close();
    }
  });

  it('restores an archive of an older schema and runs the migrations that came after it', async () => {
    const old = await freshTarget(dialect);
    targets.push(old);
    const handle = openDb(old.target);
    const all = migrations(dialect);
    const { error } = await new Migrator({
      db: handle.db,
      provider: { getMigrations: async () => all },
      ...(old.target.pgSchema ? { migrationTableSchema: old.target.pgSchema } : {}),
    }).migrateTo('050_knowledge');
    expect(error).toBeUndefined();
    await sql`INSERT INTO members (id, code, iso2, kind, name_ar, name_fr, name_en, identity_id, created_at)
      VALUES ('m1', 'NE', 'NE', 'state', 'النيجر', 'Niger', 'Niger', 'identity--1', '2025-01-01')`.execute(
      handle.db,
    );
    const file = path.join(work, 'old.backup');
    const made = await backupTo(handle, file, null);
    await handle.close();
    expect(made.migrations[made.migrations.length - 1]).toBe('050_knowledge');
    const into = await target(dialect);
    const restored = await restoreBackup(file, into.target, { keys: [] });
    expect(restored.migrated).toEqual(
      Object.keys(migrations(dialect)).filter((name) => name > '050_knowledge'),
    );
    expect(restored.migrated[0]).toBe('060_reliability');
    expect(restored.macChecked).toBe(false);
    const now = await into.open();
    try {
      expect(await now.db.selectFrom('members').select('code').execute()).toEqual([{ code: 'NE' }]);
      // 060 added the recovery codes' table and the sessions' new columns.
      expect(await tableNames(now.db, dialect)).toContain('recovery_codes');
      expect((await verifyAudit(now.db)).ok).toBe(true);
    } finally {
      await now.close();
    }
  });
});
