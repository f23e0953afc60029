import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../accounts/users.service.ts';
import {
  DEMO_PASSWORD,
  DIALECTS,
  json,
  reportObject,
  testApp,
  type TestApp,
} from '../../test/helpers.ts';
import { TLP2_MARKING_IDS, type TlpLevel } from '../stix/tlp.ts';
import { collections } from '../../test/taxii.helpers.ts';
import {
  allowed,
  AUDIENCES,
  expectedVisible,
  TLPS,
  VIEWERS,
  type AudienceCase,
} from '../../test/policy-matrix.ts';

/**
 * The access-policy matrix: roles × TLP levels × audience kinds × (list, get, export), on both
 * databases. Objects are owned by Nigeria (NG); viewers cover every role and relation to them.
 */
function matrixReport(id: string, name: string) {
  return reportObject(id, name, { object_refs: [id.replace('report', 'identity')] });
}

describe.each(DIALECTS)('access policy matrix on %s', (dialect) => {
  let t: TestApp;
  type Case = { id: string; tlp: TlpLevel; audience: AudienceCase };
  const objects: Case[] = [];
  const granular: Case[] = [];
  const observables: Case[] = [];

  beforeAll(async () => {
    t = await testApp(dialect);
    await createUser(t.handle.db, null, {
      username: 'observer-unoct',
      password: DEMO_PASSWORD,
      role: 'analyst',
      member: 'UNOCT',
    });
    const ng = await t.login('analyst-ng');
    for (const tlp of TLPS) {
      for (const audience of Object.keys(AUDIENCES) as AudienceCase[]) {
        if (!allowed(tlp, audience)) continue;
        const id = `report--${randomUUID()}`;
        const now = new Date().toISOString();
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/objects',
          headers: ng,
          payload: {
            objects: [
              {
                type: 'report',
                spec_version: '2.1',
                id,
                created: now,
                modified: now,
                name: `matrix ${tlp} ${audience}`,
                published: now,
                object_refs: [id.replace('report', 'identity')],
              },
            ],
            audience: AUDIENCES[audience],
            tlp,
            federate: false,
          },
        });
        expect(res.statusCode, res.body).toBe(200);
        objects.push({ id, tlp, audience });
      }
    }
    // A granular TLP:RED on the description makes the whole object RED for the sharing rules.
    for (const audience of Object.keys(AUDIENCES) as AudienceCase[]) {
      const id = `report--${randomUUID()}`;
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/objects',
        headers: ng,
        payload: {
          objects: [
            {
              ...matrixReport(id, `granular ${audience}`),
              description: 'protected source',
              granular_markings: [
                { marking_ref: TLP2_MARKING_IDS.red, selectors: ['description'] },
              ],
            },
          ],
          audience: AUDIENCES[audience],
        },
      });
      expect(res.statusCode, `${audience}: ${res.body}`).toBe(allowed('red', audience) ? 200 : 422);
      if (res.statusCode === 200) granular.push({ id, tlp: 'red', audience });
    }
    // Observables are shared facts: France holding them first blocks nobody, and its copies stay its own.
    const fr = await t.login('analyst-fr');
    for (const audience of Object.keys(AUDIENCES) as AudienceCase[]) {
      const value = `198.51.100.${observables.length + 10}`;
      const sco = {
        type: 'ipv4-addr',
        spec_version: '2.1',
        id: `ipv4-addr--${randomUUID()}`,
        value,
      };
      for (const [headers, where] of [
        [fr, 'member'],
        [ng, audience],
      ] as const) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/objects',
          headers,
          payload: { objects: [sco], audience: AUDIENCES[where], tlp: 'amber' },
        });
        expect(json<{ stored: number }>(res).stored, res.body).toBe(1);
      }
      observables.push({ id: sco.id, tlp: 'amber', audience });
    }
  });
  afterAll(() => t.close());

  it('stores every allowed TLP/audience pair (16 of 20)', () => {
    expect(objects).toHaveLength(16);
  });

  it('refuses the forbidden pairs with the rule named', async () => {
    const ng = await t.login('analyst-ng');
    for (const tlp of TLPS) {
      for (const audience of Object.keys(AUDIENCES) as AudienceCase[]) {
        if (allowed(tlp, audience)) continue;
        const now = new Date().toISOString();
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/objects',
          headers: ng,
          payload: {
            objects: [
              {
                type: 'incident',
                spec_version: '2.1',
                id: `incident--${randomUUID()}`,
                created: now,
                modified: now,
                name: 'x',
              },
            ],
            audience: AUDIENCES[audience],
            tlp,
          },
        });
        expect(res.statusCode).toBe(422);
        expect(json(res)).toMatchObject({ code: 'tlp_violation', field: 'audience' });
      }
    }
  });

  for (const viewer of VIEWERS) {
    it(`${viewer.username} (${viewer.role}) sees exactly what its member may see: list, get, export`, async () => {
      const headers = await t.login(viewer.username);
      const expected = new Set(
        [...objects, ...granular]
          .filter((o) => expectedVisible(viewer, o.audience))
          .map((o) => o.id),
      );

      const list = await t.app.inject({
        url: '/api/v1/objects?type=report&owner=NG&limit=1000',
        headers,
      });
      expect(list.statusCode).toBe(200);
      const listed = new Set(
        json<{ items: { object: { id: string } }[] }>(list).items.map((i) => i.object.id),
      );
      expect(listed).toEqual(expected);

      const exported = await t.app.inject({ url: '/api/v1/export?type=report&owner=NG', headers });
      expect(exported.statusCode).toBe(200);
      const bundle = json<{ type: string; objects: { id: string }[] }>(exported);
      expect(bundle.type).toBe('bundle');
      expect(new Set(bundle.objects.map((o) => o.id))).toEqual(expected);

      for (const o of objects) {
        const res = await t.app.inject({ url: `/api/v1/objects/${o.id}`, headers });
        // Not allowed and not found look the same.
        expect(res.statusCode, `${viewer.username} GET ${o.tlp}/${o.audience}`).toBe(
          expected.has(o.id) ? 200 : 404,
        );
        if (res.statusCode === 404)
          expect(json(res)).toEqual({ code: 'not_found', message: 'object not found' });
        else expect(json(res)).toMatchObject({ tlp: o.tlp, owner: 'NG' });
      }
      const unknown = await t.app.inject({
        url: `/api/v1/objects/report--${randomUUID()}`,
        headers,
      });
      expect(unknown.statusCode).toBe(404);
      expect(json(unknown)).toEqual({ code: 'not_found', message: 'object not found' });
    });
  }

  it('a reader and a read-scoped token cannot write; an analyst can', async () => {
    const now = new Date().toISOString();
    const payload = () => ({
      objects: [
        {
          type: 'incident',
          spec_version: '2.1',
          id: `incident--${randomUUID()}`,
          created: now,
          modified: now,
          name: 'w',
        },
      ],
      audience: 'member',
    });
    const reader = await t.app.inject({
      method: 'POST',
      url: '/api/v1/objects',
      headers: await t.login('reader-ma'),
      payload: payload(),
    });
    expect(reader.statusCode).toBe(403);
    const ma = await t.login('analyst-ma');
    const tokens = await Promise.all(
      ['read', 'write'].map(
        async (scope) =>
          json<{ token: string }>(
            await t.app.inject({
              method: 'POST',
              url: '/api/v1/tokens',
              headers: ma,
              payload: { name: scope, scope },
            }),
          ).token,
      ),
    );
    const byRead = await t.app.inject({
      method: 'POST',
      url: '/api/v1/objects',
      headers: { authorization: `Bearer ${tokens[0]}` },
      payload: payload(),
    });
    expect(byRead.statusCode).toBe(403);
    const byWrite = await t.app.inject({
      method: 'POST',
      url: '/api/v1/objects',
      headers: { authorization: `Bearer ${tokens[1]}` },
      payload: payload(),
    });
    expect(byWrite.statusCode).toBe(200);
    expect(json(byWrite)).toMatchObject({ stored: 1 });
  });

  it('a federation token receives only what may leave the instance, on REST and TAXII, and never writes', async () => {
    const ne = await t.login('analyst-ne');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: ne,
      payload: { name: 'peer', scope: 'federation' },
    });
    expect(created.statusCode).toBe(201);
    const bearer = { authorization: `Bearer ${json<{ token: string }>(created).token}` };
    type Items = { items: { object: { id: string }; tlp: string; federate: boolean }[] };
    const all = json<Items>(
      await t.app.inject({ url: '/api/v1/objects?limit=1000', headers: ne }),
    ).items;
    const fed = json<Items>(
      await t.app.inject({ url: '/api/v1/objects?limit=1000', headers: bearer }),
    ).items;
    const expected = all
      .filter((i) => i.federate && i.tlp !== 'red')
      .map((i) => i.object.id)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.length);
    expect(fed.map((i) => i.object.id).sort()).toEqual(expected);
    const hidden = all.find((i) => !i.federate)!;
    expect(
      (await t.app.inject({ url: `/api/v1/objects/${hidden.object.id}`, headers: bearer }))
        .statusCode,
    ).toBe(404);
    const exported = json<{ objects: { id: string }[] }>(
      await t.app.inject({ url: '/api/v1/export', headers: bearer }),
    );
    expect(exported.objects.map((o) => o.id).sort()).toEqual(expected);

    const taxii = { ...bearer, accept: 'application/taxii+json;version=2.1' };
    const collections = json<{ collections: { id: string }[] }>(
      await t.app.inject({ url: '/taxii2/api/collections/', headers: taxii }),
    ).collections;
    const seen = new Set<string>();
    for (const c of collections) {
      const page = json<{ objects?: { id: string }[] }>(
        await t.app.inject({
          url: `/taxii2/api/collections/${c.id}/objects/?limit=1000`,
          headers: taxii,
        }),
      );
      for (const o of page.objects ?? []) seen.add(o.id);
    }
    expect([...seen].every((id) => expected.includes(id))).toBe(true);
    expect(seen.has(hidden.object.id)).toBe(false);

    const write = await t.app.inject({
      method: 'POST',
      url: '/api/v1/objects',
      headers: bearer,
      payload: {
        objects: [
          {
            type: 'incident',
            spec_version: '2.1',
            id: `incident--${randomUUID()}`,
            created: '2026-01-01T00:00:00Z',
            modified: '2026-01-01T00:00:00Z',
            name: 'x',
          },
        ],
        audience: 'member',
      },
    });
    expect(write.statusCode).toBe(403);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/tokens',
          headers: bearer,
          payload: { name: 'more', scope: 'write' },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('audits reads of AMBER+STRICT and RED, not of the others', async () => {
    const red = objects.find((o) => o.tlp === 'red')!;
    const green = objects.find((o) => o.tlp === 'green' && o.audience === 'coalition')!;
    const head = await t.handle.db.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow();
    await t.app.inject({
      url: `/api/v1/objects/${green.id}`,
      headers: await t.login('analyst-ne'),
    });
    await t.app.inject({ url: `/api/v1/objects/${red.id}`, headers: await t.login('analyst-ne') });
    const added = await t.handle.db
      .selectFrom('audit_log')
      .select(['action', 'actor', 'subject'])
      .where('seq', '>', head.seq)
      .where('action', '=', 'objects.read')
      .orderBy('seq')
      .execute();
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ actor: 'analyst-ne', subject: red.id });
  });

  it('refuses a marking of the wrong JSON type for every TLP and audience, storing nothing', async () => {
    const ng = await t.login('analyst-ng');
    for (const tlp of TLPS) {
      for (const audience of Object.keys(AUDIENCES) as AudienceCase[]) {
        const id = `report--${randomUUID()}`;
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/objects',
          headers: ng,
          payload: {
            objects: [
              { ...matrixReport(id, 'wrong shape'), object_marking_refs: TLP2_MARKING_IDS[tlp] },
            ],
            audience: AUDIENCES[audience],
            tlp: 'clear',
            federate: true,
          },
        });
        expect(res.statusCode).toBe(422);
        expect(json(res)).toMatchObject({ field: 'objects[0].object_marking_refs' });
      }
    }
  });

  for (const viewer of VIEWERS) {
    it(`${viewer.username} sees granular RED, shared observables and every case alike over TAXII`, async () => {
      const mine = (c: Case) =>
        expectedVisible(viewer, c.audience) || (viewer.member === 'FR' && observables.includes(c));
      const all = [...objects, ...granular, ...observables];
      const expected = new Set(all.filter(mine).map((c) => c.id));
      const seen = new Set<string>();
      for (const c of await collections(t.app, viewer.username)) {
        let next: string | undefined;
        do {
          const res = await t.app.inject({
            url: `/taxii2/api/collections/${c.id}/objects/?limit=1000${next ? `&next=${next}` : ''}`,
            headers: {
              authorization: `Basic ${Buffer.from(`${viewer.username}:${DEMO_PASSWORD}`).toString('base64')}`,
              accept: 'application/taxii+json;version=2.1',
            },
          });
          expect(res.statusCode).toBe(200);
          const page = json<{ objects?: { id: string }[]; next?: string }>(res);
          for (const o of page.objects ?? []) seen.add(o.id);
          next = page.next;
        } while (next);
      }
      const ids = new Set(all.map((c) => c.id));
      expect(new Set([...seen].filter((id) => ids.has(id)))).toEqual(expected);
      const headers = await t.login(viewer.username);
      for (const c of [...granular, ...observables]) {
        const res = await t.app.inject({ url: `/api/v1/objects/${c.id}`, headers });
        expect(res.statusCode, `${viewer.username} ${c.id}`).toBe(expected.has(c.id) ? 200 : 404);
      }
    });
  }
});
