import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type DbHandle } from '../src/db/index.ts';
import { visibleObjectsQuery } from '../src/exchange/objects.repository.ts';
import { indicator } from './taxii.helpers.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin/tansiq.js');
const PASSWORD = 'exercise-password-2';
const ENV = { ...process.env, TANSIQ_DEMO_PASSWORD: PASSWORD, LOG_LEVEL: 'warn', DATABASE_URL: '' };

function cli(...args: string[]) {
  return run(process.execPath, [BIN, ...args], { cwd: ROOT, env: ENV });
}

/** A real `tansiq serve` process on a free loopback port (port 0: the system picks one). */
async function serve(dataDir: string): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, [BIN, 'serve', '--demo', '--data', dataDir, '--port', '0'], {
    cwd: ROOT,
    env: ENV,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!.replace('localhost', '127.0.0.1'));
    });
    proc.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    proc.once('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
  return { proc, url };
}

const basic = (user: string) => `Basic ${Buffer.from(`${user}:${PASSWORD}`).toString('base64')}`;

async function api(
  base: string,
  user: string,
  method: string,
  url: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: {
      authorization: basic(user),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

describe('federation between two Tansiq servers (two processes, two databases)', () => {
  const dirA = fs.mkdtempSync(path.join(os.tmpdir(), 'tansiq-fed-a-'));
  const dirB = fs.mkdtempSync(path.join(os.tmpdir(), 'tansiq-fed-b-'));
  let a: { proc: ChildProcess; url: string };
  let b: { proc: ChildProcess; url: string };
  let dbA: DbHandle;
  let dbB: DbHandle;
  const versioned = indicator({
    name: 'versioned',
    object_marking_refs: ['marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb'],
  });

  beforeAll(async () => {
    [a, b] = await Promise.all([serve(dirA), serve(dirB)]);
    dbA = openDb({ databaseUrl: null, dataDir: dirA });
    dbB = openDb({ databaseUrl: null, dataDir: dirB });
    // A holds objects of every TLP level and audience, federable or not (plus the demo's).
    const put = async (
      user: string,
      objects: unknown[],
      audience: unknown,
      tlp: string,
      federate: boolean,
    ) => {
      const res = await api(a.url, user, 'POST', '/api/v1/objects', {
        objects,
        audience,
        tlp,
        federate,
      });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
    };
    await put('analyst-ma', [versioned], 'coalition', 'green', true);
    await put(
      'analyst-ma',
      [indicator({ name: 'group amber+strict' })],
      'group:africa-focus-group',
      'amber+strict',
      true,
    );
    await put(
      'analyst-us',
      [indicator({ name: 'group amber' })],
      'group:africa-focus-group',
      'amber',
      true,
    );
    await put(
      'analyst-ma',
      [indicator({ name: 'for Niger' })],
      { recipients: ['NE'] },
      'amber',
      true,
    );
    await put(
      'analyst-ma',
      [indicator({ name: 'for Italy' })],
      { recipients: ['IT'] },
      'amber',
      true,
    );
    await put(
      'analyst-ma',
      [indicator({ name: 'red for Niger' })],
      { recipients: ['NE'] },
      'red',
      false,
    );
    await put('analyst-fr', [indicator({ name: 'French own' })], 'member', 'amber', true);
    await put('analyst-ne', [indicator({ name: 'Niger own' })], 'member', 'amber+strict', true);
    await put('analyst-it', [indicator({ name: 'not federable' })], 'coalition', 'clear', false);
    await put('analyst-it', [indicator({ name: 'clear federable' })], 'coalition', 'clear', true);
    // B pulls with the account of A's member Niger, into Niger's own audience on B.
    await cli(
      'peer',
      'add',
      '--name',
      'a',
      '--url',
      `${a.url}/taxii2/`,
      '--user',
      'analyst-ne',
      '--password',
      PASSWORD,
      '--audience',
      'member',
      '--member',
      'NE',
      '--interval',
      '0',
      '--data',
      dirB,
    );
  }, 120_000);

  afterAll(async () => {
    a?.proc.kill('SIGTERM');
    b?.proc.kill('SIGTERM');
    await dbA?.close();
    await dbB?.close();
    fs.rmSync(dirA, { recursive: true, force: true });
    fs.rmSync(dirB, { recursive: true, force: true });
  });

  async function expectedOnA(): Promise<Map<string, string>> {
    const ne = await dbA.db
      .selectFrom('members')
      .select('id')
      .where('code', '=', 'NE')
      .executeTakeFirstOrThrow();
    const rows = await visibleObjectsQuery(
      dbA.db,
      { memberId: ne.id, federableOnly: true },
      { versions: 'all' },
    )
      .select(['o.stix_id', 'o.version', 'o.tlp'])
      .execute();
    return new Map(rows.map((r) => [`${r.stix_id}|${r.version}`, r.tlp]));
  }

  async function pulledOnB(): Promise<Map<string, string>> {
    const rows = await dbB.db
      .selectFrom('objects')
      .select(['stix_id', 'version', 'tlp'])
      .where('source', '=', 'peer')
      .execute();
    return new Map(rows.map((r) => [`${r.stix_id}|${r.version}`, r.tlp]));
  }

  async function pull(): Promise<{
    collections: { stored: number; error?: string }[];
    error?: string;
  }> {
    const res = await api(b.url, 'admin', 'POST', '/api/v1/peers/a/pull');
    expect(res.status).toBe(200);
    return res.json as never;
  }

  it('B ends with exactly what Niger may see on A and may be federated, at the same TLP', async () => {
    const report = await pull();
    expect(report.error).toBeUndefined();
    expect(report.collections.every((c) => !c.error)).toBe(true);
    const expected = await expectedOnA();
    const got = await pulledOnB();
    expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [k, tlp] of expected) expect(got.get(k), k).toBe(tlp);
    const names = (
      await dbB.db.selectFrom('objects').select('body').where('source', '=', 'peer').execute()
    ).map((r) => (JSON.parse(r.body) as { name?: string }).name);
    for (const n of [
      'group amber+strict',
      'group amber',
      'for Niger',
      'Niger own',
      'clear federable',
      'versioned',
    ])
      expect(names).toContain(n);
    for (const n of ['for Italy', 'red for Niger', 'French own', 'not federable'])
      expect(names).not.toContain(n);
    expect(
      await dbB.db
        .selectFrom('objects')
        .select('tlp')
        .where('source', '=', 'peer')
        .where('tlp', '=', 'red')
        .execute(),
    ).toEqual([]);
    // Provenance: the peer and the original date_added.
    const one = await dbB.db
      .selectFrom('objects')
      .select('provenance')
      .where('stix_id', '=', versioned.id as string)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(one.provenance!)).toMatchObject({
      peer: 'a',
      date_added: expect.stringMatching(/^\d{4}-.*Z$/),
    });
  });

  it('a second pull changes nothing', async () => {
    const before = await dbB.db.selectFrom('objects').select('added').execute();
    const report = await pull();
    expect(report.collections.reduce((n, c) => n + c.stored, 0)).toBe(0);
    expect(await dbB.db.selectFrom('objects').select('added').execute()).toEqual(before);
  });

  it('a new version and then a revocation on A arrive with the next pulls', async () => {
    const v2 = { ...versioned, modified: '2025-06-01T00:00:00.000Z', name: 'versioned v2' };
    expect(
      (
        await api(a.url, 'analyst-ma', 'POST', '/api/v1/objects', {
          objects: [v2],
          audience: 'coalition',
          tlp: 'green',
          federate: true,
        })
      ).status,
    ).toBe(200);
    await pull();
    const versions = await dbB.db
      .selectFrom('objects')
      .select(['version', 'revoked'])
      .where('stix_id', '=', versioned.id as string)
      .orderBy('version')
      .execute();
    expect(versions.map((v) => v.version)).toEqual([
      '2024-01-01T00:00:00.000000000Z',
      '2025-06-01T00:00:00.000000000Z',
    ]);
    const v3 = { ...v2, modified: '2025-07-01T00:00:00.000Z', revoked: true };
    expect(
      (
        await api(a.url, 'analyst-ma', 'POST', '/api/v1/objects', {
          objects: [v3],
          audience: 'coalition',
          tlp: 'green',
          federate: true,
        })
      ).status,
    ).toBe(200);
    await pull();
    const latest = await dbB.db
      .selectFrom('objects')
      .select(['version', 'revoked'])
      .where('stix_id', '=', versioned.id as string)
      .orderBy('version', 'desc')
      .executeTakeFirstOrThrow();
    expect(latest).toEqual({ version: '2025-07-01T00:00:00.000000000Z', revoked: 1 });
    expect([...(await pulledOnB()).keys()].sort()).toEqual(
      [...(await expectedOnA()).keys()].sort(),
    );
  });

  it('lists the peer with its checkpoints from the CLI, never its password', async () => {
    const { stdout } = await cli('peer', 'list', '--data', dirB);
    expect(stdout).toContain('analyst-ne (password)');
    expect(stdout).toMatch(/pull [0-9a-f-]{36} after \d{4}-/);
    expect(stdout).not.toContain(PASSWORD);
  });

  it('pushes Niger’s own federable objects from B to A, never RED or non-federable ones', async () => {
    const own = indicator({ name: `pushed from B ${randomUUID()}` });
    const secret = indicator({ name: 'B not federable' });
    expect(
      (
        await api(b.url, 'analyst-ne', 'POST', '/api/v1/objects', {
          objects: [own],
          audience: 'member',
          tlp: 'amber',
          federate: true,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await api(b.url, 'analyst-ne', 'POST', '/api/v1/objects', {
          objects: [secret],
          audience: 'member',
          tlp: 'amber',
          federate: false,
        })
      ).status,
    ).toBe(200);
    const { stdout } = await cli('peer', 'push', 'a', '--data', dirB);
    expect(stdout).toMatch(/stored/);
    const onA = await dbA.db
      .selectFrom('objects')
      .select(['stix_id', 'source'])
      .where('stix_id', 'in', [own.id as string, secret.id as string])
      .execute();
    expect(onA).toEqual([{ stix_id: own.id, source: 'taxii' }]);
    // What went to A is B's own federable writing of Niger (its identity, its demo report, the new one); nothing pulled from A goes back.
    const arrived = (
      await dbA.db.selectFrom('objects').select('stix_id').where('source', '=', 'taxii').execute()
    ).map((r) => r.stix_id);
    const ne = await dbB.db
      .selectFrom('members')
      .select('id')
      .where('code', '=', 'NE')
      .executeTakeFirstOrThrow();
    const local = await dbB.db
      .selectFrom('objects')
      .select('stix_id')
      .distinct()
      .where('owner_id', '=', ne.id)
      .where('federate', '=', 1)
      .where('source', '!=', 'peer')
      .execute();
    expect(arrived.sort()).toEqual(local.map((r) => r.stix_id).sort());
    const pulled = (
      await dbB.db.selectFrom('objects').select('stix_id').where('source', '=', 'peer').execute()
    ).map((r) => r.stix_id);
    expect(arrived.filter((id) => pulled.includes(id))).toEqual([]);
  });
});
