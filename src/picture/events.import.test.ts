import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportJob, Incident, IncidentPage } from '../../contract/picture.ts';
import {
  DEMO_PASSWORD,
  DIALECTS,
  FIXTURES,
  json,
  testApp,
  type TestApp,
} from '../../test/helpers.ts';
import { memberByCode } from '../members/members.repository.ts';
import { userByUsername } from '../accounts/users.repository.ts';
import type { Actor } from '../policy/viewer.ts';
import { importEvents, incidentIdFor, type ImportOptions } from './events.import.ts';
import { parseDay } from './events.parse.ts';
import { demoGroupIds } from './picture.demo.ts';

const EVENTS = path.join(FIXTURES, 'events');
const file = (name: string) => path.join(EVENTS, name);
const open = (name: string) => () => fs.createReadStream(file(name));
const fromText = (text: string) => () => Readable.from([Buffer.from(text)]);

describe('dates as spreadsheets write them', () => {
  it.each([
    ['2022-12-28', '2022-12-28'],
    ['2021-03-15 00:00:00.000', '2021-03-15'],
    ['28 December 2022', '2022-12-28'],
    ['9-May-20', '2020-05-09'],
    ['09-May-1998', '1998-05-09'],
    ['December 28, 2022', '2022-12-28'],
    ['28/12/2022', '2022-12-28'],
    ['2022/12/28', '2022-12-28'],
    ['44923', '2022-12-28'],
    ['3 févr. 2023', '2023-02-03'],
  ])('%s', (text, day) => expect(parseDay(text, 'dmy', 2026)).toBe(day));
  it('reads 12/28/2022 in a file that writes months first, and refuses what is no day', () => {
    expect(parseDay('12/28/2022', 'mdy')).toBe('2022-12-28');
    expect(parseDay('31 February 2023', 'dmy')).toBeNull();
    expect(parseDay('soon', 'dmy')).toBeNull();
  });
});

describe.each(DIALECTS)('importing ACLED and UCDP GED on %s', (dialect) => {
  let t: TestApp;
  let ne: Actor;
  let options: ImportOptions;
  let DEMO_GROUP_IDS: Record<string, string> = {};
  beforeAll(async () => {
    t = await testApp(dialect);
    DEMO_GROUP_IDS = await demoGroupIds(t.handle.db, 'africa-focus-group');
    const user = (await userByUsername(t.handle.db, 'analyst-ne'))!;
    const member = (await memberByCode(t.handle.db, 'NE'))!;
    ne = {
      userId: user.id,
      username: user.username,
      memberId: member.id,
      memberCode: 'NE',
      role: 'analyst',
      via: 'cli',
    };
    const group = await t.handle.db
      .selectFrom('working_groups')
      .select('id')
      .executeTakeFirstOrThrow();
    options = {
      audience: { kind: 'group', groupId: group.id, slug: 'africa-focus-group' },
      tlp: 'green',
      federate: false,
    };
  });
  afterAll(() => t.close());

  const incident = async (dataset: string, eventId: string) => {
    const res = await t.app.inject({
      url: `/api/v1/picture/incidents/${incidentIdFor(dataset, eventId)}`,
      headers: await t.login('analyst-ng'),
    });
    expect(res.statusCode, res.body).toBe(200);
    return json<Incident>(res);
  };

  it('reads the current ACLED export; bad rows are reported by line and the rest go in', async () => {
    const result = await importEvents(t.handle.db, ne, open('acled-2023.csv'), options);
    expect(result).toMatchObject({ dataset: 'ACLED', rows: 6, stored: 5, rejected: 1, updated: 0 });
    // The row with 31 February is on line 7 (the note of line 4 runs over two lines).
    expect(result.errors).toEqual([
      { line: 7, reason: 'event_date: "31 February 2023" is not a date' },
    ]);
    expect([...result.unknownActors.keys()]).toEqual(
      expect.arrayContaining(['Military Forces of Nigeria (2015-2023)', 'Civilians (Nigeria)']),
    );
    const clash = await incident('ACLED', 'NIG90001');
    expect(clash.facts).toMatchObject({
      event_date: '2022-12-28',
      event_type: 'battles',
      sub_event_type: 'armed_clash',
      actors: [DEMO_GROUP_IDS.iswap],
      country: 'NG',
      admin1: 'Borno',
      location: 'Bama',
      latitude: 11.52,
      longitude: 13.69,
      fatalities: 7,
      dataset: { name: 'ACLED', event_id: 'NIG90001' },
    });
    expect(clash.owner).toBe('NE');
    expect((await incident('ACLED', 'NIG90002')).facts.actors).toEqual([DEMO_GROUP_IDS.jas]);
    expect((await incident('ACLED', 'NIG90002')).facts.notes).toContain('"quotes"');
    expect((await incident('ACLED', 'NIG90003')).facts).toMatchObject({
      sub_event_type: 'remote_explosive_landmine_ied',
      time_precision: 2,
      notes: 'EXERCISE: a note\nthat runs over two lines.',
    });
    expect((await incident('ACLED', 'BFO90004')).facts.actors).toEqual([DEMO_GROUP_IDS.jnim]);
    const somalia = await incident('ACLED', 'SOM90006');
    expect(somalia.facts.fatalities).toBeUndefined();
    expect(somalia.facts.actors).toEqual([DEMO_GROUP_IDS['al-shabaab']]);
  });

  it('re-importing changes nothing; a changed row becomes a new version', async () => {
    const again = await importEvents(t.handle.db, ne, open('acled-2023.csv'), options);
    expect(again).toMatchObject({ stored: 0, updated: 0, unchanged: 5, rejected: 1 });
    const changed = fs
      .readFileSync(file('acled-2023.csv'), 'utf8')
      .replace(
        '"1","Exercise source","National","EXERCISE: invented.","12"',
        '"1","Exercise source","National","EXERCISE: invented.","14"',
      );
    const text = changed.includes(',"14",')
      ? changed
      : changed.replace('EXERCISE: invented.,12,', 'EXERCISE: invented.,14,');
    const third = await importEvents(t.handle.db, ne, fromText(text), options);
    expect(third).toMatchObject({ stored: 0, updated: 1, unchanged: 4 });
    const res = await t.app.inject({
      url: `/api/v1/objects/${incidentIdFor('ACLED', 'BFO90004')}?versions=all`,
      headers: await t.login('analyst-ne'),
    });
    expect(json<{ items: unknown[] }>(res).items).toHaveLength(2);
    expect((await incident('ACLED', 'BFO90004')).facts.fatalities).toBe(14);
    // Another member holds these incidents: its re-import is reported, not stored.
    const ma = (await memberByCode(t.handle.db, 'MA'))!;
    const other = await importEvents(
      t.handle.db,
      { ...ne, memberId: ma.id, memberCode: 'MA' },
      open('acled-2023.csv'),
      { ...options, audience: { kind: 'coalition' } },
    );
    expect(other).toMatchObject({ stored: 0, not_owner: 5 });
  });

  it('reads ACLED before 2019: upper-case columns, older event types mapped onto today’s', async () => {
    const result = await importEvents(t.handle.db, ne, open('acled-1997-2018.csv'), options);
    expect(result).toMatchObject({ stored: 5, rejected: 1 });
    expect(result.errors[0]).toEqual({
      line: 7,
      reason: 'event_type: "Looting" is not an ACLED event type',
    });
    expect((await incident('ACLED', 'NIG80001')).facts).toMatchObject({
      event_date: '2018-05-09',
      event_type: 'explosions_remote_violence',
      actors: [DEMO_GROUP_IDS.jas],
    });
    expect((await incident('ACLED', 'NIG80002')).facts).toMatchObject({
      event_type: 'battles',
      sub_event_type: 'armed_clash',
    });
    expect((await incident('ACLED', 'NIG80003')).facts.event_type).toBe('riots');
    expect((await incident('ACLED', 'NIG80004')).facts).toMatchObject({
      event_type: 'strategic_developments',
      sub_event_type: 'headquarters_or_base_established',
    });
    expect((await incident('ACLED', 'NIR80005')).facts).toMatchObject({
      country: 'NE',
      actors: [DEMO_GROUP_IDS['is-sahel']],
    });
  });

  it('reads UCDP GED as pandas writes it: fatalities from best with low and high, "IS" told apart by country', async () => {
    const result = await importEvents(t.handle.db, ne, open('ucdp-ged-pandas.csv'), options);
    expect(result).toMatchObject({ dataset: 'UCDP GED', rows: 5, stored: 4, rejected: 1 });
    expect(result.errors[0]!.reason).toMatch(/date_start: 2031-06-01 is in the future/);
    const damboa = await incident('UCDP GED', '198390');
    expect(damboa.facts).toMatchObject({
      event_date: '2021-03-15',
      event_type: 'battles',
      country: 'NG',
      fatalities: 12,
      fatalities_low: 10,
      fatalities_high: 15,
      actors: [DEMO_GROUP_IDS.iswap],
      dataset: { name: 'UCDP GED', event_id: '198390' },
    });
    expect((await incident('UCDP GED', '198391')).facts).toMatchObject({
      event_type: 'violence_against_civilians',
      country: 'MZ',
      actors: [DEMO_GROUP_IDS['is-mozambique']],
    });
    const mali = await incident('UCDP GED', '198392');
    expect(new Set(mali.facts.actors)).toEqual(
      new Set([DEMO_GROUP_IDS.jnim, DEMO_GROUP_IDS['is-sahel']]),
    );
    expect(mali.facts).toMatchObject({ time_precision: 3, geo_precision: 3 });
    expect((await incident('UCDP GED', '198393')).facts).toMatchObject({
      country: 'CD',
      actors: [DEMO_GROUP_IDS.adf],
    });
  });

  it('reads a file saved by a French spreadsheet (semicolons, dd/mm/yyyy, decimal commas)', async () => {
    const result = await importEvents(t.handle.db, ne, open('acled-excel-fr.csv'), options);
    expect(result).toMatchObject({ stored: 3, rejected: 0 });
    expect((await incident('ACLED', 'MLI90001')).facts).toMatchObject({
      event_date: '2024-01-25',
      latitude: 15.08,
      longitude: -1.82,
      sub_event_type: 'abduction_forced_disappearance',
    });
  });

  it('refuses a file that is neither dataset, naming the first line', async () => {
    await expect(
      importEvents(t.handle.db, ne, fromText('a,b,c\n1,2,3\n'), options),
    ).rejects.toThrow(/file: the first line is neither/);
  });

  it('uploads through the API and follows the job to its summary', async () => {
    const headers = await t.login('analyst-ng');
    const start = await t.app.inject({
      method: 'POST',
      url: '/api/v1/picture/imports?file_name=acled-excel-fr.csv&audience=coalition&tlp=green',
      headers: { ...headers, 'content-type': 'text/csv' },
      payload: fs.readFileSync(file('acled-excel-fr.csv')),
    });
    expect(start.statusCode, start.body).toBe(202);
    const id = json<ImportJob>(start).id;
    let job = json<ImportJob>(start);
    for (let i = 0; i < 100 && job.state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = json<ImportJob>(await t.app.inject({ url: `/api/v1/picture/imports/${id}`, headers }));
    }
    // NE imported these events first: Nigeria's upload finds them held by another member.
    expect(job).toMatchObject({
      state: 'done',
      dataset: 'ACLED',
      rows: 3,
      processed: 3,
      not_owner: 3,
    });
    const other = await t.app.inject({
      url: `/api/v1/picture/imports/${id}`,
      headers: await t.login('analyst-ne'),
    });
    expect(other.statusCode).toBe(404);
    const red = await t.app.inject({
      method: 'POST',
      url: '/api/v1/picture/imports?file_name=x.csv&audience=coalition&tlp=red',
      headers: { ...headers, 'content-type': 'text/csv' },
      payload: 'x',
    });
    expect(red.statusCode).toBe(422);
    expect(json(red)).toMatchObject({ code: 'tlp_violation', field: 'audience' });
    const reader = await t.app.inject({
      method: 'POST',
      url: '/api/v1/picture/imports?file_name=x.csv&audience=member',
      headers: { ...(await t.login('reader-ma')), 'content-type': 'text/csv' },
      payload: 'x',
    });
    expect(reader.statusCode).toBe(403);
  });

  it('imported incidents are in the picture', async () => {
    const page = await t.app.inject({
      url: '/api/v1/picture/incidents?country=NG&from=2018-01-01&to=2018-12-31',
      headers: await t.login('analyst-ng'),
    });
    expect(json<IncidentPage>(page).items.every((i) => i.dataset === 'ACLED')).toBe(true);
    expect(json<IncidentPage>(page).total).toBe(4);
  });
});

describe('tansiq import-events', () => {
  const BIN = path.resolve(import.meta.dirname, '../../bin/tansiq.js');
  const run = promisify(execFile);
  const tansiq = async (args: string[]) => {
    try {
      const { stdout, stderr } = await run('node', [BIN, ...args], {
        env: { ...process.env, DATABASE_URL: '', TANSIQ_DEMO_PASSWORD: DEMO_PASSWORD },
      });
      return { code: 0, stdout, stderr };
    } catch (e) {
      return e as { code: number; stdout: string; stderr: string };
    }
  };
  let data: string;
  beforeAll(async () => {
    data = fs.mkdtempSync(path.join(os.tmpdir(), 'tansiq-events-'));
    expect((await tansiq(['demo', '--data', data])).code).toBe(0);
  });
  afterAll(() => fs.rmSync(data, { recursive: true, force: true }));

  it('imports with a progress bar and a summary; a re-import changes nothing', async () => {
    const args = [
      'import-events',
      file('acled-2023.csv'),
      '--as',
      'analyst-ng',
      '--audience',
      'group:africa-focus-group',
      '--tlp',
      'green',
      '--data',
      data,
    ];
    const first = await tansiq(args);
    expect(first.code).toBe(1); // one row could not be read
    expect(first.stdout).toMatch(
      /ACLED: 6 rows in [\d.]+ s — 5 new incidents, 0 new versions, 0 unchanged, 1 rejected/,
    );
    expect(first.stdout).toContain('line 7: event_date: "31 February 2023" is not a date');
    expect(first.stdout).toContain('Military Forces of Nigeria (2015-2023)');
    const again = await tansiq(args);
    expect(again.stdout).toMatch(/0 new incidents, 0 new versions, 5 unchanged, 1 rejected/);
    const bad = await tansiq([
      'import-events',
      file('acled-2023.csv'),
      '--as',
      'analyst-ng',
      '--audience',
      'coalition',
      '--tlp',
      'red',
      '--data',
      data,
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('TLP:RED needs an explicit list of recipient members');
  });
});
