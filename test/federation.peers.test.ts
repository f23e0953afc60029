import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, json, testApp, type TestApp } from './helpers.ts';
import { basic, indicator } from './taxii.helpers.ts';
import { pullPeer } from '../src/federation/pull.ts';
import { addPeer, requirePeer, resealPeerSecrets } from '../src/federation/peers.service.ts';
import { startScheduledPulls } from '../src/federation/schedule.ts';
import { keyId, loadKeyring } from '../src/secrets/keyring.ts';

const COLLECTION = '11111111-2222-4333-8444-555555555555';

/** A TAXII peer that answers a good first page, then garbage (or nothing at all when `down`). */
function fakePeer(mode: { secondPage: 'garbage' | 'not-an-envelope' }) {
  const first = indicator({ name: 'first page' });
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    const send = (body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(200, { 'content-type': 'application/taxii+json;version=2.1', ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (url.pathname === '/taxii2/') return send({ title: 'fake', api_roots: ['/api/'] });
    if (url.pathname === '/api/collections/')
      return send({
        collections: [{ id: COLLECTION, title: 'Fake', can_read: true, can_write: false }],
      });
    const later = url.searchParams.has('added_after');
    if (url.pathname === `/api/collections/${COLLECTION}/manifest/`) {
      return send({
        more: true,
        objects: [
          { id: first.id, date_added: '2026-01-01T00:00:00.000001Z', version: first.modified },
        ],
      });
    }
    if (url.pathname === `/api/collections/${COLLECTION}/objects/`) {
      if (!later)
        return send(
          { more: true, objects: [first] },
          { 'X-TAXII-Date-Added-Last': '2026-01-01T00:00:00.000001Z' },
        );
      return send(
        mode.secondPage === 'garbage'
          ? '<html>oops</html>'
          : { more: false, objects: [{ no: 'id' }] },
      );
    }
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

describe.each(DIALECTS)('federation peers on %s', (dialect) => {
  let t: TestApp;
  const keyring = () => loadKeyring(t.config);
  beforeAll(async () => {
    t = await testApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  const peer = (name: string, url: string) => ({
    name,
    url,
    username: 'analyst-ne',
    password: 'secret-at-the-peer',
    audience: 'member',
    member: 'NE',
    interval_seconds: 0,
  });

  it('manages peers through /api/v1/peers, for instance admins only, never showing the secret', async () => {
    const analyst = await t.app.inject({
      method: 'GET',
      url: '/api/v1/peers',
      headers: { authorization: basic('analyst-ne').authorization! },
    });
    expect(analyst.statusCode).toBe(403);
    const admin = { authorization: basic('admin').authorization! };
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/peers',
      headers: admin,
      payload: peer('niamey', 'https://tansiq.example.ne/taxii2/'),
    });
    expect(created.statusCode).toBe(201);
    expect(json(created)).toMatchObject({
      name: 'niamey',
      url: 'https://tansiq.example.ne/taxii2/',
      username: 'analyst-ne',
      auth: 'password',
      member: 'NE',
      audience: 'member',
      collections: [],
      interval_seconds: 0,
      checkpoints: [],
    });
    expect(created.body).not.toContain('secret-at-the-peer');
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/peers',
          headers: admin,
          payload: peer('niamey', 'https://x.example/'),
        })
      ).statusCode,
    ).toBe(409);
    const badAudience = await t.app.inject({
      method: 'POST',
      url: '/api/v1/peers',
      headers: admin,
      payload: { ...peer('other', 'https://x.example/'), audience: 'group:nope' },
    });
    expect(badAudience.statusCode).toBe(422);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/peers', headers: admin });
    expect(json<{ peers: { name: string }[] }>(list).peers.map((p) => p.name)).toEqual(['niamey']);
    expect(list.body).not.toContain('secret-at-the-peer');
    expect(
      (await t.app.inject({ method: 'DELETE', url: '/api/v1/peers/niamey', headers: admin }))
        .statusCode,
    ).toBe(204);
    expect(
      (await t.app.inject({ method: 'DELETE', url: '/api/v1/peers/niamey', headers: admin }))
        .statusCode,
    ).toBe(404);
  });

  for (const secondPage of ['garbage', 'not-an-envelope'] as const) {
    it(`a peer answering ${secondPage} on its second page leaves the checkpoint and imports nothing`, async () => {
      const fake = await fakePeer({ secondPage });
      try {
        const admin = { authorization: basic('admin').authorization! };
        const name = `fake-${secondPage}`;
        expect(
          (
            await t.app.inject({
              method: 'POST',
              url: '/api/v1/peers',
              headers: admin,
              payload: peer(name, fake.url),
            })
          ).statusCode,
        ).toBe(201);
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/peers/${name}/pull`,
          headers: admin,
        });
        const report = json<{
          collections: { error?: string; stored: number; checkpoint: string | null }[];
        }>(res);
        expect(report.collections[0]!.error).toMatch(
          secondPage === 'garbage' ? /not JSON/ : /not a STIX object/,
        );
        expect(report.collections[0]).toMatchObject({ stored: 0, checkpoint: null });
        expect(
          await t.handle.db
            .selectFrom('objects')
            .select('added')
            .where('source', '=', 'peer')
            .execute(),
        ).toEqual([]);
        expect(await t.handle.db.selectFrom('peer_checkpoints').selectAll().execute()).toEqual([]);
        expect((await requirePeer(t.handle.db, keyring(), name)).last_error).toBeTruthy();
      } finally {
        await fake.close();
      }
    });
  }

  it('pulls each peer on its interval while the server runs', async () => {
    const fake = await fakePeer({ secondPage: 'garbage' });
    const stop = startScheduledPulls(
      t.handle.db,
      keyring(),
      { info: () => undefined, warn: () => undefined },
      50,
    );
    try {
      await addPeer(t.handle.db, keyring(), null, {
        ...peer('scheduled', fake.url),
        interval_seconds: 1,
      });
      let last: string | null = null;
      for (let i = 0; i < 100 && !last; i += 1) {
        await new Promise((r) => setTimeout(r, 50));
        last = (await requirePeer(t.handle.db, keyring(), 'scheduled')).last_pull_at;
      }
      expect(last).not.toBeNull();
      expect((await requirePeer(t.handle.db, keyring(), 'scheduled')).last_error).toMatch(
        /not JSON/,
      );
    } finally {
      stop();
      await fake.close();
    }
  });

  it('a peer that is down reports the error and keeps its checkpoint', async () => {
    const fake = await fakePeer({ secondPage: 'garbage' });
    await fake.close();
    const admin = { authorization: basic('admin').authorization! };
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/peers',
          headers: admin,
          payload: peer('down', fake.url),
        })
      ).statusCode,
    ).toBe(201);
    const report = await pullPeer(t.handle.db, await requirePeer(t.handle.db, keyring(), 'down'));
    expect(report.error).toMatch(/fetch failed|ECONNREFUSED/);
    expect(await t.handle.db.selectFrom('peer_checkpoints').selectAll().execute()).toEqual([]);
  });

  it('keeps peer credentials sealed at rest, and re-seals them when the key rotates', async () => {
    const fake = await fakePeer({ secondPage: 'garbage' });
    try {
      const admin = { authorization: basic('admin').authorization! };
      const added = await t.app.inject({
        method: 'POST',
        url: '/api/v1/peers',
        headers: admin,
        payload: { ...peer('sealed', fake.url), password: 'peer-password-never-stored-plain' },
      });
      expect(added.statusCode).toBe(201);
      const stored = async () =>
        (
          await t.handle.db
            .selectFrom('peers')
            .select('secret')
            .where('name', '=', 'sealed')
            .executeTakeFirstOrThrow()
        ).secret;
      const first = await stored();
      expect(first).toMatch(/^tsq1:/);
      expect(first).not.toContain('peer-password');
      const old = keyring()!;
      expect((await requirePeer(t.handle.db, old, 'sealed')).secret).toBe(
        'peer-password-never-stored-plain',
      );
      // A new key, the old one kept as previous: everything is sealed again under the new one.
      const rotated = { current: Buffer.alloc(32, 9), previous: [old.current] };
      expect(await resealPeerSecrets(t.handle.db, rotated)).toBeGreaterThanOrEqual(1);
      const second = await stored();
      expect(second.split(':')[1]).toBe(keyId(rotated.current));
      const newOnly = { current: rotated.current, previous: [] };
      expect((await requirePeer(t.handle.db, newOnly, 'sealed')).secret).toBe(
        'peer-password-never-stored-plain',
      );
      // The old key alone no longer opens it: the error says which key is missing.
      await expect(requirePeer(t.handle.db, old, 'sealed')).rejects.toThrow(/not configured/);
    } finally {
      await fake.close();
    }
  });
});
