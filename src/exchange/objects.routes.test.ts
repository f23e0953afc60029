import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, FIXTURES, json, testApp, type TestApp } from '../../test/helpers.ts';
import { TLP2_MARKING_IDS } from '../stix/tlp.ts';

const now = () => new Date().toISOString();
const incident = (extra: Record<string, unknown> = {}) => {
  const t = now();
  return {
    type: 'incident',
    spec_version: '2.1',
    id: `incident--${randomUUID()}`,
    created: t,
    modified: t,
    name: 'Exercise incident',
    ...extra,
  };
};

interface Outcome {
  stored: number;
  duplicates: number;
  rejected: number;
  results: {
    status: string;
    id: string;
    code?: string;
    errors?: { path: string; reason: string }[];
  }[];
}

describe.each(DIALECTS)('objects API on %s', (dialect) => {
  let t: TestApp;
  let ma: Record<string, string>;
  const post = async (payload: unknown, headers = ma) =>
    t.app.inject({ method: 'POST', url: '/api/v1/objects', headers, payload: payload as object });
  const count = async () =>
    Number(
      (
        await t.handle.db
          .selectFrom('objects')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await testApp(dialect, { configure: { bundleLimitBytes: 64 * 1024 } });
    ma = await t.login('analyst-ma');
  });
  afterAll(() => t.close());

  it('stores what the reference validator accepts: MITRE ATT&CK with an empty custom _ref, warned, byte for byte', async () => {
    const bundle = JSON.parse(
      fs.readFileSync(path.join(FIXTURES, 'stix/mitre-attack/attack-18-excerpt.json'), 'utf8'),
    ) as { objects: { id: string; type: string }[] };
    const res = await post({ objects: bundle.objects, audience: 'coalition', tlp: 'clear' });
    expect(res.statusCode, res.body).toBe(200);
    const outcome = json<Outcome & { results: { warnings?: { path: string }[] }[] }>(res);
    expect(outcome.stored).toBe(3);
    expect(outcome.results[2]!.warnings).toEqual([
      expect.objectContaining({ path: 'x_mitre_data_source_ref' }),
    ]);
    // What leaves is what came in: the stored text is the object's own JSON, property for property.
    const exported = await t.app.inject({
      url: '/api/v1/export?type=x-mitre-data-component',
      headers: ma,
    });
    const component = bundle.objects[2]!;
    expect(exported.body).toContain(JSON.stringify(component));
    // A standard reference that is not an identifier is still refused.
    const broken = await post({
      objects: [{ ...incident(), created_by_ref: '' }],
      audience: 'member',
    });
    expect(broken.statusCode).toBe(422);
  });

  it("Tansiq's own additions travel in published extension definitions a strict consumer can read", async () => {
    // A fresh installation: everything in it was written by Tansiq (the demo, identities, a report).
    const fresh = await testApp(dialect);
    const headers = await fresh.login('analyst-ma');
    await fresh.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers,
      payload: { names: { ar: 'تمرين', fr: 'Exercice' }, audience: 'coalition', tlp: 'green' },
    });
    const exported = json<{ objects: Record<string, unknown>[] }>(
      await fresh.app.inject({ url: '/api/v1/export', headers }),
    );
    await fresh.close();
    const ours = exported.objects;
    const definitions = new Set(
      exported.objects.filter((o) => o.type === 'extension-definition').map((o) => o.id),
    );
    const identities = ours.filter(
      (o) => o.type === 'identity' && o.identity_class === 'organization',
    );
    expect(identities.length).toBeGreaterThan(10);
    for (const o of ours) {
      expect(
        Object.keys(o).filter((k) => k.startsWith('x_')),
        String(o.id),
      ).toEqual([]);
      for (const key of Object.keys((o.extensions as Record<string, unknown>) ?? {}))
        if (key.startsWith('extension-definition--'))
          expect(definitions.has(key), `${String(o.id)} uses ${key}`).toBe(true);
    }
    const niger = identities.find((i) => i.name === 'Niger')!;
    expect(Object.values(niger.extensions as Record<string, unknown>)[0]).toMatchObject({
      code: 'NE',
      country: 'NE',
      names: { ar: 'النيجر', fr: 'Niger', en: 'Niger' },
    });
  });

  it('keeps every property exactly: a real bundle goes in and comes out deep-equal', async () => {
    const bundle = JSON.parse(
      fs.readFileSync(
        path.join(FIXTURES, 'stix/cti-stix2-json-schemas/examples/indicators-for-C2-with-COA.json'),
        'utf8',
      ),
    ) as { objects: { id: string }[] };
    const res = await post({ objects: bundle.objects, audience: 'coalition', tlp: 'green' });
    expect(res.statusCode).toBe(200);
    expect(json<Outcome>(res).stored).toBe(bundle.objects.length);
    for (const original of bundle.objects) {
      const got = await t.app.inject({ url: `/api/v1/objects/${original.id}`, headers: ma });
      expect(got.statusCode).toBe(200);
      expect(json<{ object: unknown }>(got).object).toEqual(original);
    }
    // Custom properties and custom objects are kept too.
    const custom = {
      type: 'x-exercise-thing',
      id: `x-exercise-thing--${randomUUID()}`,
      created: now(),
      modified: now(),
      x_detail: { nested: [1, 'ب', null] },
    };
    const withCustom = incident({
      x_tansiq_note: 'ملاحظة',
      extensions: {
        'extension-definition--00000000-0000-4000-8000-000000000001': {
          extension_type: 'property-extension',
          depth: 3,
        },
      },
    });
    expect(
      json<Outcome>(await post({ objects: [custom, withCustom], audience: 'member' })).stored,
    ).toBe(2);
    expect(
      json<{ object: unknown }>(
        await t.app.inject({ url: `/api/v1/objects/${custom.id}`, headers: ma }),
      ).object,
    ).toEqual(custom);
    expect(
      json<{ object: unknown }>(
        await t.app.inject({ url: `/api/v1/objects/${withCustom.id}`, headers: ma }),
      ).object,
    ).toEqual(withCustom);
  });

  it('versions by modified: a repeat is a no-op, a newer version is the latest, all on request, revocation', async () => {
    const v1 = incident({
      created: '2026-01-01T00:00:00.000Z',
      modified: '2026-01-01T00:00:00.000Z',
    });
    expect(json<Outcome>(await post({ objects: [v1], audience: 'coalition' })).stored).toBe(1);
    const again = json<Outcome>(await post({ objects: [v1], audience: 'coalition' }));
    expect(again).toMatchObject({ stored: 0, duplicates: 1, rejected: 0 });
    const v2 = { ...v1, modified: '2026-02-01T00:00:00.5Z', name: 'Exercise incident, updated' };
    const v3 = { ...v1, modified: '2026-03-01T00:00:00Z', revoked: true };
    expect(json<Outcome>(await post({ objects: [v3, v2], audience: 'coalition' })).stored).toBe(2);
    const latest = json<{ object: { modified: string; revoked?: boolean } }>(
      await t.app.inject({ url: `/api/v1/objects/${v1.id}`, headers: ma }),
    );
    expect(latest.object).toEqual(v3);
    const all = json<{ items: { object: { modified: string } }[] }>(
      await t.app.inject({ url: `/api/v1/objects/${v1.id}?versions=all`, headers: ma }),
    );
    expect(all.items.map((i) => i.object.modified)).toEqual([
      v1.modified,
      v2.modified,
      v3.modified,
    ]);
  });

  it('only the owner member adds versions', async () => {
    const o = incident();
    await post({ objects: [o], audience: 'coalition' });
    const res = await post(
      {
        objects: [{ ...o, modified: '2099-01-01T00:00:00Z', name: 'hijack' }],
        audience: 'coalition',
      },
      await t.login('analyst-ne'),
    );
    expect(res.statusCode).toBe(422);
    expect(json<Outcome>(res).results[0]).toMatchObject({ status: 'rejected', code: 'not_owner' });
  });

  it('records date_added strictly increasing with microsecond precision', async () => {
    const batch = Array.from({ length: 50 }, () => incident());
    await post({ objects: batch, audience: 'member' });
    const res = json<{ items: { date_added: string }[] }>(
      await t.app.inject({ url: '/api/v1/objects?limit=1000', headers: ma }),
    );
    const stamps = res.items.map((i) => i.date_added);
    for (const s of stamps) expect(s).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]! > stamps[i - 1]!).toBe(true);
  });

  it('keeps the TLP an object carries, never lowers it, and records the upload level otherwise', async () => {
    const marked = incident({ object_marking_refs: [TLP2_MARKING_IDS.amber] });
    const lowered = await post({ objects: [marked], audience: 'coalition', tlp: 'green' });
    expect(lowered.statusCode).toBe(422);
    expect(json<Outcome>(lowered).results[0]?.errors?.[0]?.reason).toMatch(/never lowered/);
    expect(json<Outcome>(await post({ objects: [marked], audience: 'coalition' })).stored).toBe(1);
    const got = json<{ tlp: string; object: unknown }>(
      await t.app.inject({ url: `/api/v1/objects/${marked.id}`, headers: ma }),
    );
    expect(got.tlp).toBe('amber');
    expect(got.object).toEqual(marked);
    const unmarked = incident();
    await post({ objects: [unmarked], audience: 'coalition' });
    const dflt = json<{ tlp: string; object: Record<string, unknown> }>(
      await t.app.inject({ url: `/api/v1/objects/${unmarked.id}`, headers: ma }),
    );
    expect(dflt.tlp).toBe('amber');
    expect(dflt.object.object_marking_refs).toBeUndefined();
    // An object marked RED cannot go to a group: the rule is named.
    const red = await post({
      objects: [incident({ object_marking_refs: [TLP2_MARKING_IDS.red] })],
      audience: 'group:africa-focus-group',
    });
    expect(red.statusCode).toBe(422);
    expect(json<Outcome>(red).results[0]?.errors?.[0]?.reason).toMatch(
      /TLP:RED needs an explicit list/,
    );
  });

  it('RED is never federated', async () => {
    const res = await post({
      objects: [incident()],
      audience: { recipients: ['NE'] },
      tlp: 'red',
      federate: true,
    });
    expect(res.statusCode).toBe(422);
    expect(json(res)).toMatchObject({ code: 'tlp_violation', field: 'federate' });
  });

  it('rejects bad input with a clear 4xx naming the field, and stores nothing of it', async () => {
    const before = await count();
    const cases: [unknown, number, Record<string, unknown>][] = [
      ['{"objects": [', 400, { code: 'invalid_json' }],
      [{ objects: 'nope', audience: 'member' }, 400, { code: 'validation', field: 'objects' }],
      [{ objects: [incident()], audience: 42 }, 400, { code: 'validation' }],
      [{ objects: [incident()] }, 400, { code: 'validation', field: 'audience' }],
      [
        { objects: [incident()], audience: 'group:no-such-group' },
        422,
        { code: 'unknown_audience', field: 'audience' },
      ],
      [
        { objects: [incident()], audience: 'everyone' },
        422,
        { code: 'unknown_audience', field: 'audience' },
      ],
      [
        { objects: [incident()], audience: { recipients: ['ZZ'] } },
        422,
        { code: 'unknown_member', field: 'audience.recipients' },
      ],
      [
        { objects: [incident()], audience: 'coalition', tlp: 'amber+strict' },
        422,
        { code: 'tlp_violation', field: 'audience' },
      ],
      [
        { objects: [incident()], audience: 'coalition', tlp: 'purple' },
        400,
        { code: 'validation', field: 'tlp' },
      ],
      [
        { objects: [incident({ created: '2026-13-01T00:00:00Z' })], audience: 'member' },
        422,
        { code: 'invalid_objects', field: 'objects[0].created' },
      ],
      [
        { objects: [incident({ modified: '2020-01-01 00:00:00' })], audience: 'member' },
        422,
        { code: 'invalid_objects', field: 'objects[0].modified' },
      ],
      [
        { objects: [{ type: 'report', id: 'report--not-a-uuid' }], audience: 'member' },
        422,
        { code: 'invalid_objects', field: 'objects[0].id' },
      ],
      [
        { objects: [incident({ created_by_ref: 'nobody' })], audience: 'member' },
        422,
        { code: 'invalid_objects', field: 'objects[0].created_by_ref' },
      ],
      [
        { objects: [{ ...incident(), name: undefined }], audience: 'member' },
        422,
        { code: 'invalid_objects', field: 'objects[0].name' },
      ],
      [
        {
          objects: [incident({ object_marking_refs: [`marking-definition--${randomUUID()}`] })],
          audience: 'member',
        },
        422,
        { code: 'invalid_objects', field: 'objects[0].object_marking_refs' },
      ],
    ];
    for (const [payload, status, body] of cases) {
      const res =
        typeof payload === 'string'
          ? await t.app.inject({
              method: 'POST',
              url: '/api/v1/objects',
              headers: { ...ma, 'content-type': 'application/json' },
              payload,
            })
          : await post(payload);
      expect(res.statusCode, JSON.stringify(payload).slice(0, 120)).toBe(status);
      expect(json(res), res.body).toMatchObject(body);
      expect(typeof json(res).message).toBe('string');
    }
    const dup = incident();
    const dupRes = await post({ objects: [incident(), dup, dup], audience: 'member' });
    expect(dupRes.statusCode).toBe(400);
    expect(json(dupRes)).toMatchObject({ code: 'duplicate_object', field: 'objects[2].id' });
    const big = await post({
      objects: [incident({ description: 'x'.repeat(70 * 1024) })],
      audience: 'member',
    });
    expect(big.statusCode).toBe(413);
    expect(json(big)).toMatchObject({ code: 'payload_too_large' });
    expect(await count()).toBe(before);
  });

  it('a mixed batch stores the valid objects and reports each rejected one', async () => {
    const good = incident();
    const res = await post({
      objects: [good, { type: 'incident', id: `incident--${randomUUID()}` }],
      audience: 'member',
    });
    expect(res.statusCode).toBe(200);
    const outcome = json<Outcome>(res);
    expect(outcome).toMatchObject({ stored: 1, rejected: 1 });
    expect(outcome.results[1]!.errors!.map((e) => e.path)).toEqual(
      expect.arrayContaining(['spec_version', 'created', 'modified', 'name']),
    );
  });

  it('lists with filters and cursor pagination, and exports a bundle', async () => {
    const mine = Array.from({ length: 7 }, () => incident({ name: 'paging' }));
    await post({ objects: mine, audience: 'member', tlp: 'amber' });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/api/v1/objects?type=incident&owner=MA&tlp=amber&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = json<{ items: { object: { id: string } }[]; next: string | null }>(
        await t.app.inject({ url: q, headers: ma }),
      );
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((i) => i.object.id));
      cursor = page.next;
    } while (cursor);
    expect(seen).toEqual(expect.arrayContaining(mine.map((m) => m.id)));
    expect(new Set(seen).size).toBe(seen.length);
    const bad = await t.app.inject({ url: '/api/v1/objects?added_after=yesterday', headers: ma });
    expect(bad.statusCode).toBe(400);
    expect(json(bad)).toMatchObject({ field: 'added_after' });
    const exp = await t.app.inject({ url: '/api/v1/export?type=incident&owner=MA', headers: ma });
    expect(exp.headers['content-type']).toContain('application/stix+json');
    const bundle = json<{ type: string; id: string; objects: { id: string }[] }>(exp);
    expect(bundle.id).toMatch(/^bundle--/);
    expect(bundle.objects.map((o) => o.id)).toEqual(expect.arrayContaining(mine.map((m) => m.id)));
    const audit = await t.handle.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'objects.export')
      .execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it('writes a trilingual report: STIX report in its first language and a language-content for the others', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: ma,
      payload: {
        names: { ar: '[تمرين] تقرير', fr: '[EXERCICE] Rapport' },
        descriptions: { ar: 'وصف', fr: 'Description' },
        tlp: 'amber',
        audience: 'group:africa-focus-group',
        federate: true,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const item = json<{
      object: Record<string, unknown>;
      translations: Record<string, { name: string }>;
      tlp: string;
      audience: string;
    }>(res);
    expect(item.object).toMatchObject({
      type: 'report',
      lang: 'ar',
      name: '[تمرين] تقرير',
      object_marking_refs: [TLP2_MARKING_IDS.amber],
    });
    expect(item.translations.fr?.name).toBe('[EXERCICE] Rapport');
    expect(item).toMatchObject({ tlp: 'amber', audience: 'group:africa-focus-group' });
    const noName = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: ma,
      payload: { names: {}, audience: 'member' },
    });
    expect(noName.statusCode).toBe(422);
    expect(json(noName)).toMatchObject({ field: 'names' });
  });
});
