import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchPage } from '../../contract/search.ts';
import { createUser } from '../accounts/users.service.ts';
import type { TlpLevel } from '../stix/tlp.ts';
import { DEMO_PASSWORD, DIALECTS, json, testApp, type TestApp } from '../../test/helpers.ts';

/**
 * The access-policy matrix for search, on both databases: every viewer of the policy matrix
 * (src/policy/policy.test.ts) and a federation token, against reports of Nigeria at every allowed
 * TLP level and audience. A search may reveal nothing its reader may not read: not by a result, a
 * total, a facet count, a snippet, a translation, an older or newer version, or the alias of a
 * group it may not see.
 */
type AudienceCase = 'member' | 'group' | 'coalition' | 'recipients';
const AUDIENCES: Record<AudienceCase, unknown> = {
  member: 'member',
  group: 'group:africa-focus-group',
  coalition: 'coalition',
  recipients: { recipients: ['NE'] },
};
const TLPS: TlpLevel[] = ['clear', 'green', 'amber', 'amber+strict', 'red'];
const allowed = (tlp: TlpLevel, audience: AudienceCase) =>
  tlp === 'red'
    ? audience === 'recipients'
    : tlp === 'amber+strict'
      ? audience !== 'coalition'
      : true;

interface Viewer {
  username: string;
  member: string;
  inGroup: boolean;
  /** A peer instance's federation token (of the member) instead of a session. */
  federation?: boolean;
}
const VIEWERS: Viewer[] = [
  { username: 'analyst-ng', member: 'NG', inGroup: true },
  { username: 'analyst-ne', member: 'NE', inGroup: true },
  { username: 'admin-ne', member: 'NE', inGroup: true },
  { username: 'analyst-ma', member: 'MA', inGroup: true },
  { username: 'reader-ma', member: 'MA', inGroup: true },
  { username: 'admin', member: 'MA', inGroup: true },
  { username: 'analyst-fr', member: 'FR', inGroup: false },
  { username: 'observer-unoct', member: 'UNOCT', inGroup: false },
  { username: 'analyst-ne', member: 'NE', inGroup: true, federation: true },
];

function mayRead(v: Viewer, audience: AudienceCase): boolean {
  if (v.member === 'NG') return true;
  if (audience === 'coalition') return true;
  if (audience === 'group') return v.inGroup;
  if (audience === 'recipients') return v.member === 'NE';
  return false;
}

const now = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString();
const name = (v: Viewer) => `${v.username}${v.federation ? ' (federation token)' : ''}`;

describe.each(DIALECTS)('search access policy matrix on %s', (dialect) => {
  let t: TestApp;
  const reports: { id: string; tlp: TlpLevel; audience: AudienceCase; federate: boolean }[] = [];
  const headers = new Map<Viewer, Record<string, string>>();

  async function store(
    username: string,
    objects: unknown[],
    audience: unknown,
    tlp: TlpLevel,
    federate = false,
  ) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/objects',
      headers: await t.login(username),
      payload: { objects, audience, tlp, federate },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(json<{ stored: number }>(res).stored).toBe(objects.length);
  }
  async function search(v: Viewer, q: string): Promise<SearchPage> {
    const res = await t.app.inject({
      url: `/api/v1/search?q=${encodeURIComponent(q)}&limit=100`,
      headers: headers.get(v)!,
    });
    expect(res.statusCode, res.body).toBe(200);
    return json<SearchPage>(res);
  }
  const report = (id: string, name: string, more: Record<string, unknown> = {}) => ({
    type: 'report',
    spec_version: '2.1',
    id,
    created: now(),
    modified: now(),
    name,
    published: now(),
    object_refs: [`identity--${randomUUID()}`],
    ...more,
  });

  // Records of the scenarios beyond the matrix.
  const R = {
    coalition: `report--${randomUUID()}`,
    group: `report--${randomUUID()}`,
    hidden: `report--${randomUUID()}`,
    versioned: `report--${randomUUID()}`,
    revoked: `report--${randomUUID()}`,
    mention: `report--${randomUUID()}`,
    group_set: `intrusion-set--${randomUUID()}`,
  };

  beforeAll(async () => {
    t = await testApp(dialect);
    await createUser(t.handle.db, null, {
      username: 'observer-unoct',
      password: DEMO_PASSWORD,
      role: 'analyst',
      member: 'UNOCT',
    });
    for (const v of VIEWERS) {
      if (!v.federation) {
        headers.set(v, await t.login(v.username));
        continue;
      }
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: await t.login(v.username),
        payload: { name: 'peer', scope: 'federation' },
      });
      expect(created.statusCode).toBe(201);
      headers.set(v, { authorization: `Bearer ${json<{ token: string }>(created).token}` });
    }

    for (const tlp of TLPS) {
      for (const audience of Object.keys(AUDIENCES) as AudienceCase[]) {
        if (!allowed(tlp, audience)) continue;
        const federate = tlp !== 'red' && audience !== 'member';
        const id = `report--${randomUUID()}`;
        await store(
          'analyst-ng',
          [
            report(id, `matrixword ${tlp} ${audience}`, {
              description: `Exercise snipword ${tlp}.`,
            }),
          ],
          AUDIENCES[audience],
          tlp,
          federate,
        );
        reports.push({ id, tlp, audience, federate });
      }
    }

    // Translations: Nigeria's own, narrower than its report; Morocco's contribution, for Morocco
    // only; and Morocco's translation (for everyone) of a report only Nigeria may read.
    await store(
      'analyst-ng',
      [report(R.coalition, 'coalition report')],
      'coalition',
      'green',
      true,
    );
    await store('analyst-ng', [report(R.group, 'group report')], AUDIENCES.group, 'amber');
    await store('analyst-ng', [report(R.hidden, 'member report')], 'member', 'amber');
    const lc = (ref: string, word: string) => ({
      type: 'language-content',
      spec_version: '2.1',
      id: `language-content--${randomUUID()}`,
      created: now(),
      modified: now(),
      object_ref: ref,
      object_modified: now(),
      contents: { fr: { name: `rapport ${word}` } },
    });
    await store('analyst-ng', [lc(R.group, 'ownertransword')], 'member', 'amber');
    await store('analyst-ma', [lc(R.coalition, 'contribword')], 'member', 'amber');
    await store('analyst-ma', [lc(R.hidden, 'orphanword')], 'coalition', 'green');

    // Versions: the first for the coalition, the next for Nigeria alone.
    const v1 = report(R.versioned, 'versionword1 assessment');
    await store('analyst-ng', [v1], 'coalition', 'green', true);
    await store(
      'analyst-ng',
      [{ ...v1, modified: now(1000), name: 'versionword2 assessment' }],
      'member',
      'amber',
    );
    // Revocation, by a newer version only the group sees.
    const r1 = report(R.revoked, 'revokeword assessment');
    await store('analyst-ng', [r1], 'coalition', 'green', true);
    await store(
      'analyst-ng',
      [{ ...r1, modified: now(1000), revoked: true }],
      AUDIENCES.group,
      'amber',
    );

    // A group profile only Nigeria may read, with an alias, and a report anyone reads naming it.
    await store(
      'analyst-ng',
      [
        {
          type: 'intrusion-set',
          spec_version: '2.1',
          id: R.group_set,
          created: now(),
          modified: now(),
          name: 'Qwertgroup',
          aliases: ['secretaliasword'],
        },
      ],
      'member',
      'amber',
    );
    await store(
      'analyst-ng',
      [report(R.mention, 'Qwertgroup seen at the market')],
      'coalition',
      'green',
      true,
    );
  });
  afterAll(() => t.close());

  it('stores every allowed TLP/audience pair (16 of 20)', () => {
    expect(reports).toHaveLength(16);
  });

  for (const v of VIEWERS) {
    it(`${name(v)}: results, total, facets and snippets hold exactly what it may read`, async () => {
      const visible = reports.filter(
        (r) => mayRead(v, r.audience) && (!v.federation || (r.federate && r.tlp !== 'red')),
      );
      const page = await search(v, 'matrixword');
      expect(new Set(page.items.map((i) => i.id))).toEqual(new Set(visible.map((r) => r.id)));
      expect(page.total).toBe(visible.length);
      const byTlp = new Map<string, number>();
      for (const r of visible) byTlp.set(r.tlp, (byTlp.get(r.tlp) ?? 0) + 1);
      expect(new Map(page.facets!.tlp.map((f) => [f.value, f.count]))).toEqual(byTlp);
      expect(page.facets!.owner).toEqual(
        visible.length ? [{ value: 'NG', count: visible.length }] : [],
      );
      expect(page.facets!.type).toEqual(
        visible.length ? [{ value: 'report', count: visible.length }] : [],
      );
      expect(page.facets!.year.reduce((n, f) => n + f.count, 0)).toBe(visible.length);
      for (const item of page.items) {
        const r = reports.find((x) => x.id === item.id)!;
        expect(item).toMatchObject({
          owner: 'NG',
          tlp: r.tlp,
          name: `matrixword ${r.tlp} ${r.audience}`,
        });
      }

      const snippets = await search(v, 'snipword');
      expect(snippets.total).toBe(visible.length);
      for (const item of snippets.items) {
        const r = reports.find((x) => x.id === item.id)!;
        expect(item.snippet?.parts.map((p) => p.text).join('')).toBe(`Exercise snipword ${r.tlp}.`);
      }
    });

    it(`${name(v)}: finds by a translation only where it may read both the translation and the object`, async () => {
      const ng = v.member === 'NG';
      const ma = v.member === 'MA' && !v.federation;
      const found = async (q: string) => (await search(v, q)).items.map((i) => i.id);
      expect(await found('ownertransword')).toEqual(ng && !v.federation ? [R.group] : []);
      expect(await found('contribword')).toEqual(ma ? [R.coalition] : []);
      expect(await found('orphanword')).toEqual(ng && !v.federation ? [R.hidden] : []);
      // Anyone who reads the coalition report finds it by its own name, once.
      expect(await found('coalition report')).toEqual([R.coalition]);
    });

    it(`${name(v)}: finds the latest version it may read, by that version's text only; nothing revoked`, async () => {
      const ng = v.member === 'NG' && !v.federation;
      const found = async (q: string) => (await search(v, q)).items.map((i) => i.id);
      expect(await found('versionword1')).toEqual(ng ? [] : [R.versioned]);
      expect(await found('versionword2')).toEqual(ng ? [R.versioned] : []);
      const seesRevocation = v.inGroup && !v.federation;
      expect(await found('revokeword')).toEqual(seesRevocation ? [] : [R.revoked]);
    });

    it(`${name(v)}: a group's alias connects spellings only for readers of the group's profile`, async () => {
      const ng = v.member === 'NG' && !v.federation;
      const page = await search(v, 'secretaliasword');
      expect(page.items.map((i) => i.id).sort()).toEqual(ng ? [R.group_set, R.mention].sort() : []);
      expect(page.total).toBe(ng ? 2 : 0);
      expect(page.facets!.type).toEqual(
        ng
          ? [
              { value: 'intrusion-set', count: 1 },
              { value: 'report', count: 1 },
            ]
          : [],
      );
    });
  }
});
