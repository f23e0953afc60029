import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Correlation,
  GroupList,
  GroupProfile,
  IncidentPage,
  IncidentWritten,
  MapFigures,
  Overview,
  Trend,
} from '../../contract/picture.ts';
import { DIALECTS, json, testApp, type TestApp } from '../../test/helpers.ts';
import { collectionOf, taxii } from '../../test/taxii.helpers.ts';
import { INCIDENT_EXTENSION_ID, TANSIQ_IDENTITY_ID } from '../stix/extensions.ts';
import { demoGroupIds } from './picture.demo.ts';

let ISWAP = '';
let GROUP_IDS: Record<string, string> = {};
const AFG = 'group:africa-focus-group';

function incident(overrides: Record<string, unknown> = {}, facts: Record<string, unknown> = {}) {
  return {
    name: '[EXERCISE] test incident',
    facts: {
      event_date: '2025-06-01',
      event_type: 'battles',
      sub_event_type: 'armed_clash',
      actors: [ISWAP],
      country: 'NG',
      admin1: 'Borno',
      location: 'Test village',
      latitude: 11.4321,
      longitude: 13.2468,
      geo_precision: 1,
      fatalities: 5,
      ...facts,
    },
    audience: AFG,
    tlp: 'amber',
    ...overrides,
  };
}

describe.each(DIALECTS)('threat picture on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(dialect);
    GROUP_IDS = await demoGroupIds(t.handle.db, 'africa-focus-group');
    ISWAP = GROUP_IDS.iswap!;
  });
  afterAll(() => t.close());

  const get = async <T>(username: string, url: string) => {
    const res = await t.app.inject({ url, headers: await t.login(username) });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return json<T>(res);
  };
  const post = async (
    username: string,
    url: string,
    payload: unknown,
    method: 'POST' | 'PUT' = 'POST',
  ) => t.app.inject({ method, url, headers: await t.login(username), payload: payload as object });

  it('publishes the extension definition, with its JSON schema, and its author, over REST and TAXII', async () => {
    const def = await get<{ object: Record<string, unknown>; tlp: string; audience: string }>(
      'analyst-fr',
      `/api/v1/objects/${INCIDENT_EXTENSION_ID}`,
    );
    expect(def.object).toMatchObject({
      type: 'extension-definition',
      created_by_ref: TANSIQ_IDENTITY_ID,
      extension_types: ['property-extension'],
    });
    expect(def).toMatchObject({ tlp: 'clear', audience: 'coalition' });
    const schema = JSON.parse(def.object.schema as string) as {
      properties: Record<string, { enum?: string[] }>;
      required: string[];
    };
    expect(schema.required).toEqual(
      expect.arrayContaining(['extension_type', 'event_date', 'event_type', 'country']),
    );
    expect(schema.properties.event_type!.enum).toHaveLength(6);
    expect(schema.properties.sub_event_type!.enum).toContain('remote_explosive_landmine_ied');
    await get('analyst-fr', `/api/v1/objects/${TANSIQ_IDENTITY_ID}`);

    const collection = await collectionOf(t.app, 'analyst-ne', 'coalition');
    const res = await taxii(
      t.app,
      'analyst-ne',
      'GET',
      `/taxii2/api/collections/${collection}/objects/?match[type]=extension-definition`,
    );
    expect(res.statusCode).toBe(200);
    expect(json<{ objects: { id: string }[] }>(res).objects.map((o) => o.id)).toContain(
      INCIDENT_EXTENSION_ID,
    );
  });

  it('the demo holds at least 500 exercise incidents across the Sahel, Lake Chad, Somalia and Mozambique', async () => {
    const page = await get<IncidentPage>('analyst-ne', '/api/v1/picture/incidents?limit=5');
    expect(page.total).toBeGreaterThanOrEqual(500);
    for (const item of page.items) expect(item.name).toMatch(/^\[EXERCISE\]/);
    const map = await get<MapFigures>('analyst-ne', '/api/v1/picture/map?from=2021-01-01');
    const countries = map.countries.map((c) => c.country);
    expect(countries).toEqual(
      expect.arrayContaining(['ML', 'BF', 'NE', 'NG', 'TD', 'CM', 'SO', 'MZ']),
    );
    const one = await get<{ labels: string[] }>(
      'analyst-ne',
      `/api/v1/picture/incidents/${page.items[0]!.id}`,
    );
    expect(one.labels).toContain('exercise');
    const trend = await get<Trend>('analyst-ne', '/api/v1/picture/trend?interval=month');
    expect(trend.buckets[0]!.period <= '2021-02').toBe(true);
    expect(trend.buckets[trend.buckets.length - 1]!.period >= '2026-01').toBe(true);
  });

  it('records an incident and a new version; validation names the field', async () => {
    const created = await post('analyst-ng', '/api/v1/picture/incidents', incident());
    expect(created.statusCode, created.body).toBe(201);
    const written = json<IncidentWritten>(created);
    expect(written.warnings).toEqual([]);
    expect(written.incident).toMatchObject({ owner: 'NG', tlp: 'amber', audience: AFG });
    expect(written.incident.facts).toMatchObject({ fatalities: 5, country: 'NG' });
    expect(written.incident.actor_names[ISWAP]!.ar).toMatch(/[\u0600-\u06FF]/);
    const stix = await get<{ object: Record<string, unknown> }>(
      'analyst-ng',
      `/api/v1/objects/${written.incident.id}`,
    );
    expect(
      (stix.object.extensions as Record<string, unknown>)[INCIDENT_EXTENSION_ID],
    ).toMatchObject({
      extension_type: 'property-extension',
      event_type: 'battles',
    });

    const edited = await post(
      'analyst-ng',
      `/api/v1/picture/incidents/${written.incident.id}`,
      incident({}, { fatalities: 9 }),
      'PUT',
    );
    expect(edited.statusCode, edited.body).toBe(200);
    const versions = await get<{ items: unknown[] }>(
      'analyst-ng',
      `/api/v1/objects/${written.incident.id}?versions=all`,
    );
    expect(versions.items).toHaveLength(2);
    const list = await get<IncidentPage>(
      'analyst-ng',
      '/api/v1/picture/incidents?latitude=11.4321&longitude=13.2468',
    );
    expect(list.items.map((i) => i.fatalities)).toEqual([9]);

    const notOwner = await post(
      'analyst-ne',
      `/api/v1/picture/incidents/${written.incident.id}`,
      incident(),
      'PUT',
    );
    expect(notOwner.statusCode).toBe(403);

    const future = await post(
      'analyst-ng',
      '/api/v1/picture/incidents',
      incident({}, { event_date: '2099-01-01' }),
    );
    expect(future.statusCode).toBe(422);
    expect(json(future)).toMatchObject({ field: 'facts.event_date' });
    const negative = await post(
      'analyst-ng',
      '/api/v1/picture/incidents',
      incident({}, { fatalities: -1 }),
    );
    expect(negative.statusCode).toBe(400);
    expect(json(negative)).toMatchObject({ code: 'validation', field: 'facts.fatalities' });
    const wrongSub = await post(
      'analyst-ng',
      '/api/v1/picture/incidents',
      incident({}, { sub_event_type: 'suicide_bomb' }),
    );
    expect(wrongSub.statusCode).toBe(422);
    expect(json(wrongSub)).toMatchObject({ field: 'facts.sub_event_type' });
    const notADay = await post(
      'analyst-ng',
      '/api/v1/picture/incidents',
      incident({}, { event_date: '2025-02-30' }),
    );
    expect(notADay.statusCode).toBe(400);
    expect(json(notADay)).toMatchObject({ field: 'facts.event_date' });
    const asString = await post(
      'analyst-ng',
      '/api/v1/picture/incidents',
      incident({}, { fatalities: '5' }),
    );
    expect(asString.statusCode).toBe(400);

    const outside = await post(
      'analyst-ng',
      '/api/v1/picture/incidents',
      incident({}, { latitude: 14.7, longitude: -17.4 }),
    );
    expect(outside.statusCode).toBe(201);
    expect(json<IncidentWritten>(outside).warnings).toEqual([
      expect.objectContaining({ field: 'latitude', code: 'outside_country' }),
    ]);
    const reader = await post('reader-ma', '/api/v1/picture/incidents', incident());
    expect(reader.statusCode).toBe(403);
  });

  it('an incident the viewer may not see changes no count, shade, point, trend, group figure or correlation', async () => {
    const urls = [
      '/api/v1/picture/map',
      '/api/v1/picture/trend?interval=week&by=group',
      '/api/v1/picture/trend?by=country',
      `/api/v1/picture/groups`,
      `/api/v1/picture/incidents?country=NE&limit=200`,
      `/api/v1/picture/correlations?kind=ref&value=${ISWAP}`,
      `/api/v1/picture/correlations?kind=place&value=NE/Diffa`,
      `/api/v1/picture/groups/${ISWAP}`,
    ];
    const snapshot = async (username: string) =>
      Promise.all(urls.map((url) => get(username, url).then((b) => JSON.stringify(b))));
    // Outside the group, a member of it (as analyst, reader and instance admin), a recipient.
    const viewers = ['analyst-fr', 'analyst-ma', 'reader-ma', 'admin', 'analyst-ng'];
    const before = await Promise.all(viewers.map(snapshot));

    // Niger writes: one for itself only, one RED for Nigeria by name.
    const own = await post(
      'analyst-ne',
      '/api/v1/picture/incidents',
      incident(
        { audience: 'member' },
        { country: 'NE', admin1: 'Diffa', latitude: 13.3, longitude: 12.6, fatalities: 40 },
      ),
    );
    expect(own.statusCode, own.body).toBe(201);
    const red = await post(
      'analyst-ne',
      '/api/v1/picture/incidents',
      incident(
        { audience: { recipients: ['NG'] }, tlp: 'red' },
        { country: 'NE', admin1: 'Diffa', latitude: 13.31, longitude: 12.61, fatalities: 30 },
      ),
    );
    expect(red.statusCode, red.body).toBe(201);

    const after = await Promise.all(viewers.map(snapshot));
    // France and Morocco (whatever the role) see neither: every answer is the same, byte for byte.
    for (const i of [0, 1, 2, 3]) expect(after[i], viewers[i]).toEqual(before[i]);
    // Nigeria, a named recipient of the RED one, sees that one (and only that one) everywhere.
    const map = (s: string[]) => JSON.parse(s[0]!) as MapFigures;
    const ne = (s: string[]) => map(s).countries.find((c) => c.country === 'NE')!;
    expect(ne(after[4]!).incidents).toBe(ne(before[4]!).incidents + 1);
    expect(ne(after[4]!).fatalities).toBe(ne(before[4]!).fatalities + 30);
    expect(map(after[4]!).points.some((p) => p.latitude === 13.31)).toBe(true);
    expect(map(after[4]!).points.some((p) => p.latitude === 13.3)).toBe(false);
    const corr = (s: string[]) => JSON.parse(s[6]!) as Correlation;
    expect(corr(after[4]!).total).toBe(corr(before[4]!).total + 1);

    // Niger itself sees both.
    const neMap = await get<MapFigures>(
      'analyst-ne',
      '/api/v1/picture/map?country=NE&from=2025-06-01&to=2025-06-01',
    );
    expect(neMap.total).toEqual({ incidents: 2, fatalities: 70 });

    // A newer version for Niger only: others keep counting the version they may see.
    const id = json<IncidentWritten>(red).incident.id;
    const narrowed = await post(
      'analyst-ne',
      `/api/v1/picture/incidents/${id}`,
      incident(
        { audience: { recipients: ['NG'] }, tlp: 'red' },
        { country: 'NE', admin1: 'Diffa', latitude: 13.31, longitude: 12.61, fatalities: 31 },
      ),
      'PUT',
    );
    expect(narrowed.statusCode, narrowed.body).toBe(200);
    const ngMap = await get<MapFigures>(
      'analyst-ng',
      '/api/v1/picture/map?country=NE&from=2025-06-01&to=2025-06-01',
    );
    expect(ngMap.total).toEqual({ incidents: 1, fatalities: 31 });
  });

  it('a federation token reads no RED incident and nothing not federable in any aggregate', async () => {
    const token = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: await t.login('analyst-ng'),
      payload: { name: 'peer', scope: 'federation' },
    });
    expect(token.statusCode, token.body).toBe(201);
    const bearer = { authorization: `Bearer ${json<{ token: string }>(token).token}` };
    const res = await t.app.inject({
      url: '/api/v1/picture/map?country=NE&from=2025-06-01&to=2025-06-01',
      headers: bearer,
    });
    expect(res.statusCode).toBe(200);
    expect(json<MapFigures>(res).total.incidents).toBe(0);
    const all = await t.app.inject({ url: '/api/v1/picture/map', headers: bearer });
    const session = await get<MapFigures>('analyst-ng', '/api/v1/picture/map');
    // Only coalition-wide GREEN demo incidents are federable.
    expect(json<MapFigures>(all).total.incidents).toBeLessThan(session.total.incidents);
    expect(json<MapFigures>(all).total.incidents).toBeGreaterThan(0);
  });

  it('filters by group, event type, country and period; trends by week and month; CSV export', async () => {
    const all = await get<MapFigures>('analyst-ne', '/api/v1/picture/map');
    const iswap = await get<MapFigures>('analyst-ne', `/api/v1/picture/map?group=${ISWAP}`);
    expect(iswap.total.incidents).toBeLessThan(all.total.incidents);
    expect(iswap.countries.every((c) => ['NG', 'NE', 'TD', 'CM'].includes(c.country))).toBe(true);
    const vac = await get<MapFigures>(
      'analyst-ne',
      '/api/v1/picture/map?event_type=violence_against_civilians&country=ML',
    );
    expect(vac.countries.map((c) => c.country)).toEqual(['ML']);
    const period = await get<MapFigures>(
      'analyst-ne',
      '/api/v1/picture/map?from=2024-01-01&to=2024-12-31',
    );
    const byMonth = await get<Trend>(
      'analyst-ne',
      '/api/v1/picture/trend?from=2024-01-01&to=2024-12-31',
    );
    expect(byMonth.buckets.map((b) => b.period)).toHaveLength(12);
    expect(byMonth.buckets.reduce((n, b) => n + b.values[0]!.incidents, 0)).toBe(
      period.total.incidents,
    );
    const byWeek = await get<Trend>(
      'analyst-ne',
      '/api/v1/picture/trend?interval=week&by=event_type&from=2024-01-01&to=2024-03-31',
    );
    expect(byWeek.buckets[0]!.period).toBe('2024-01-01');
    expect(byWeek.series.length).toBeGreaterThan(1);
    const byGroup = await get<Trend>('analyst-ne', '/api/v1/picture/trend?by=group');
    expect(byGroup.names[byGroup.series[0]!.key]).toHaveProperty('ar');

    const csv = await t.app.inject({
      url: '/api/v1/picture/trend.csv?from=2024-01-01&to=2024-12-31',
      headers: await t.login('analyst-ne'),
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('period,series,incidents,fatalities');
    expect(lines).toHaveLength(13);

    const bad = await t.app.inject({
      url: '/api/v1/picture/map?from=2024-13-01',
      headers: await t.login('analyst-ne'),
    });
    expect(bad.statusCode).toBe(400);
    expect(json(bad)).toMatchObject({ field: 'from' });
    const badGroup = await t.app.inject({
      url: '/api/v1/picture/map?group=x',
      headers: await t.login('analyst-ne'),
    });
    expect(badGroup.statusCode).toBe(400);
  });

  it('an incident of two groups counts once for each of them, in the trend by group and the groups', async () => {
    const JNIM = GROUP_IDS.jnim!;
    const place = { country: 'NE', admin1: 'Diffa', latitude: 13.3, longitude: 12.6 };
    const both = await post(
      'analyst-ne',
      '/api/v1/picture/incidents',
      incident({}, { ...place, event_date: '2019-03-13', actors: [JNIM, ISWAP], fatalities: 7 }),
    );
    expect(both.statusCode, both.body).toBe(201);
    const one = await post(
      'analyst-ne',
      '/api/v1/picture/incidents',
      incident({}, { ...place, event_date: '2019-03-14', actors: [ISWAP], fatalities: 2 }),
    );
    expect(one.statusCode, one.body).toBe(201);
    const week = '/api/v1/picture/trend?interval=week&by=group&from=2019-03-11&to=2019-03-17';
    const trend = await get<Trend>('analyst-ne', week);
    expect(trend.buckets.map((b) => b.period)).toEqual(['2019-03-11']);
    const value = (key: string) =>
      trend.buckets[0]!.values[trend.series.findIndex((s) => s.key === key)];
    expect(value(ISWAP)).toEqual({ incidents: 2, fatalities: 9 });
    expect(value(JNIM)).toEqual({ incidents: 1, fatalities: 7 });
    const groups = await get<GroupList>(
      'analyst-ne',
      '/api/v1/picture/groups?from=2019-03-11&to=2019-03-17',
    );
    expect(groups.items.find((g) => g.id === ISWAP)).toMatchObject({
      incidents: 2,
      fatalities: 9,
      last_event: '2019-03-14',
    });
    expect(groups.items.find((g) => g.id === JNIM)).toMatchObject({
      incidents: 1,
      fatalities: 7,
      last_event: '2019-03-13',
    });
    // France, outside the Africa Focus Group, counts neither.
    expect((await get<Trend>('analyst-fr', week)).series).toEqual([]);
  });

  it('groups: names in three languages, a profile with relationships and who reported on it', async () => {
    const groups = await get<GroupList>('analyst-ne', '/api/v1/picture/groups');
    expect(groups.items.length).toBeGreaterThanOrEqual(8);
    const iswap = groups.items.find((g) => g.id === ISWAP)!;
    expect(iswap.names).toMatchObject({
      en: expect.stringContaining('ISWAP'),
      fr: expect.stringContaining('EIAO'),
    });
    expect(iswap.aliases.ar!.length).toBeGreaterThan(0);
    const profile = await get<GroupProfile>('analyst-ne', `/api/v1/picture/groups/${ISWAP}`);
    expect(profile.related.map((r) => r.id)).toEqual(
      expect.arrayContaining([GROUP_IDS.jas, GROUP_IDS['is-sahel']]),
    );
    expect(profile.correlation.by_type.report).toBeGreaterThanOrEqual(2);
    expect(profile.correlation.members.length).toBeGreaterThanOrEqual(2);
    expect(profile.group.incidents).toBeGreaterThan(0);
    const missing = await t.app.inject({
      url: '/api/v1/picture/groups/intrusion-set--00000000-0000-4000-8000-000000000000',
      headers: await t.login('analyst-ne'),
    });
    expect(missing.statusCode).toBe(404);
  });

  it('correlates an indicator value across members', async () => {
    const value = '203.0.113.77';
    for (const [user, audience] of [
      ['analyst-ne', AFG],
      ['analyst-ma', 'coalition'],
      ['analyst-fr', 'member'],
    ] as const) {
      const now = new Date().toISOString();
      const res = await post(user, '/api/v1/objects', {
        objects: [
          {
            type: 'indicator',
            spec_version: '2.1',
            id: `indicator--${crypto.randomUUID()}`,
            created: now,
            modified: now,
            name: 'exercise C2',
            pattern: `[ipv4-addr:value = '${value}']`,
            pattern_type: 'stix',
            valid_from: now,
          },
        ],
        audience,
        tlp: 'green',
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const ne = await get<Correlation>(
      'analyst-ne',
      `/api/v1/picture/correlations?kind=value&value=${value}`,
    );
    expect(ne.members.map((m) => m.member).sort()).toEqual(['MA', 'NE']);
    const fr = await get<Correlation>(
      'analyst-fr',
      `/api/v1/picture/correlations?kind=value&value=${value}`,
    );
    expect(fr.members.map((m) => m.member).sort()).toEqual(['FR', 'MA']);
  });

  it('the overview lists what is new since the last visit', async () => {
    const first = await get<Overview>('analyst-ma', '/api/v1/picture/overview');
    expect(first.since).toBeNull();
    expect(first.new_items.length).toBeGreaterThan(0);
    expect(first.top_groups.length).toBeGreaterThan(0);
    expect(first.period.to).toBe(new Date().toISOString().slice(0, 10));
    // The demo's meetings were recorded today: new, and counted among what is new.
    expect(first.meetings.length).toBeGreaterThan(0);
    expect(first.meetings.every((m) => m.new && m.group === 'africa-focus-group')).toBe(true);
    expect(first.new_counts.meeting).toBeGreaterThanOrEqual(first.meetings.length);
  });

  it('the overview shows the next meetings the reader may see, and no other member’s own', async () => {
    const post = async (username: string, title: string, audience: unknown, start: string) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/meetings',
        headers: await t.login(username),
        payload: {
          group: 'africa-focus-group',
          title: { ar: title },
          start,
          end: start.replace('T09', 'T11'),
          time_zone: 'Africa/Niamey',
          place: 'Niamey',
          modality: 'online',
          audience,
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      return json<{ id: string }>(res).id;
    };
    const shared = await post(
      'analyst-ne',
      '[تمرين] اجتماع قادم',
      'group:africa-focus-group',
      '2031-01-05T09:00',
    );
    const own = await post('analyst-ne', '[تمرين] اجتماع داخلي', 'member', '2031-01-04T09:00');
    const ma = await get<Overview>('analyst-ma', '/api/v1/picture/overview');
    expect(ma.meetings.map((m) => m.id)).toContain(shared);
    expect(ma.meetings.map((m) => m.id)).not.toContain(own);
    expect(ma.meetings.find((m) => m.id === shared)).toMatchObject({
      upcoming: true,
      new: true,
      owner: 'NE',
      title: { ar: '[تمرين] اجتماع قادم', fr: '', en: '' },
    });
    const ne = await get<Overview>('analyst-ne', '/api/v1/picture/overview');
    // Soonest first among those to come.
    const mine = ne.meetings.filter((m) => m.id === own || m.id === shared);
    expect(mine.map((m) => [m.id, m.upcoming])).toEqual([
      [own, true],
      [shared, true],
    ]);
  });
});
