import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Action, CalendarFeed, Meeting, MeetingSummary } from '../../contract/coordination.ts';
import { DIALECTS, json, testApp, type TestApp } from '../../test/helpers.ts';

/** Meetings, action items and calendars through the API, on both databases. */

const meeting = {
  group: 'africa-focus-group',
  title: { fr: 'Réunion de coordination à Dakar', en: 'Coordination meeting in Dakar' },
  start: '2031-03-10T09:00',
  end: '2031-03-10T17:30',
  time_zone: 'Africa/Dakar',
  place: 'Dakar',
  modality: 'hybrid',
  agenda: [
    { title: { en: 'Opening' }, presenter: 'MA' },
    {
      title: { en: 'Border security in the Sahel' },
      presenter: 'NE',
      presenter_name: 'Director of border police',
    },
  ],
  participants: [
    { member: 'MA', person: 'Political director', role: 'chair', presence: 'in_person' },
    { member: 'US', person: 'Deputy coordinator', role: 'chair', presence: 'video' },
    { member: 'NE', person: 'Director of border police', role: 'speaker', presence: 'in_person' },
  ],
  minutes: { en: 'Minutes in English.', ar: 'محضر بالعربية.' },
  decisions: [{ text: { en: 'A workshop is held in June.', fr: 'Un atelier se tient en juin.' } }],
  actions: [
    { text: { en: 'Host the workshop' }, owner: 'NE', due_on: '2031-06-30' },
    { text: { en: 'Send the agenda' }, owner: 'MA', due_on: '2031-03-20' },
  ],
  audience: 'group:africa-focus-group',
  tlp: 'amber',
};

describe.each(DIALECTS)('meetings, actions and calendars on %s', (dialect) => {
  let t: TestApp;
  let created: Meeting;
  beforeAll(async () => {
    t = await testApp(dialect);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/meetings',
      headers: await t.login('analyst-ng'),
      payload: meeting,
    });
    expect(res.statusCode, res.body).toBe(201);
    created = json<Meeting>(res);
  });
  afterAll(() => t.close());

  it('records the meeting with its time zone, agenda, participants, minutes, decisions and actions', () => {
    expect(created).toMatchObject({
      group: 'africa-focus-group',
      start: '2031-03-10T09:00',
      time_zone: 'Africa/Dakar',
      starts_at: '2031-03-10T09:00:00.000Z',
      ends_at: '2031-03-10T17:30:00.000Z',
      modality: 'hybrid',
      owner: 'NG',
      minutes: { en: 'Minutes in English.', ar: 'محضر بالعربية.', fr: '' },
      decisions: [
        { text: { en: 'A workshop is held in June.', fr: 'Un atelier se tient en juin.', ar: '' } },
      ],
      may_edit: true,
      open_actions: 2,
    });
    expect(created.agenda.map((a) => a.presenter)).toEqual(['MA', 'NE']);
    expect(created.participants.map((p) => `${p.member}:${p.role}:${p.presence}`)).toEqual([
      'MA:chair:in_person',
      'US:chair:video',
      'NE:speaker:in_person',
    ]);
    expect(created.actions.map((a) => `${a.owner}:${a.due_on}:${a.status}`)).toEqual([
      'NE:2031-06-30:open',
      'MA:2031-03-20:open',
    ]);
  });

  it('converts wall-clock times with the zone rules (summer time in Brussels)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/meetings',
      headers: await t.login('analyst-ng'),
      payload: {
        ...meeting,
        start: '2031-07-01T10:00',
        end: '2031-07-01T12:00',
        time_zone: 'Europe/Brussels',
        actions: [],
      },
    });
    expect(json<Meeting>(res).starts_at).toBe('2031-07-01T08:00:00.000Z');
  });

  it('refuses bad input with a clear 4xx and writes nothing', async () => {
    const ng = await t.login('analyst-ng');
    const before = json<{ items: MeetingSummary[] }>(
      await t.app.inject({ url: '/api/v1/meetings', headers: ng }),
    ).items.length;
    const cases: [Record<string, unknown>, number, string, RegExp][] = [
      [{ end: '2031-03-10T08:00' }, 422, 'end', /ends .* before it starts/],
      [
        { actions: [{ text: { en: 'x' }, owner: 'NE', due_on: '2031-03-09' }] },
        422,
        'actions[0].due_on',
        /before the meeting/,
      ],
      [{ group: 'no-such-group' }, 422, 'group', /no working group/],
      [{ time_zone: 'Mars/Olympus' }, 422, 'time_zone', /IANA/],
      [
        {
          start: '2031-03-30T02:30',
          end: '2031-03-30T04:00',
          time_zone: 'Europe/Brussels',
          actions: [],
        },
        422,
        'start',
        /does not exist/,
      ],
      [
        { participants: [{ member: 'XX', person: 'A', role: 'chair', presence: 'video' }] },
        422,
        'participants[0].member',
        /no member/,
      ],
      [
        { participants: [{ member: 'MA', person: 'A', role: 'chair', presence: 'by pigeon' }] },
        400,
        'participants.0.presence',
        /./,
      ],
      [
        { reports: ['report--00000000-0000-4000-8000-000000000000'] },
        422,
        'reports[0]',
        /no report/,
      ],
      [
        { actions: [{ text: { en: 'x' }, owner: 'FR', due_on: '2031-04-01' }] },
        422,
        'actions[0].owner',
        /may not read the meeting/,
      ],
    ];
    for (const [change, status, field, message] of cases) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/meetings',
        headers: ng,
        payload: { ...meeting, ...change },
      });
      expect(res.statusCode, `${JSON.stringify(change)}: ${res.body}`).toBe(status);
      expect(json<{ field: string; message: string }>(res)).toMatchObject({ field });
      expect(json<{ message: string }>(res).message).toMatch(message);
    }
    const outsider = await t.app.inject({
      method: 'POST',
      url: '/api/v1/meetings',
      headers: await t.login('analyst-fr'),
      payload: meeting,
    });
    expect(outsider.statusCode).toBe(403);
    const after = json<{ items: MeetingSummary[] }>(
      await t.app.inject({ url: '/api/v1/meetings', headers: ng }),
    ).items.length;
    expect(after).toBe(before);
  });

  it('lists upcoming meetings soonest first; France outside the group sees none of them', async () => {
    const upcoming = json<{ items: MeetingSummary[] }>(
      await t.app.inject({
        url: '/api/v1/meetings?when=upcoming',
        headers: await t.login('analyst-ne'),
      }),
    ).items;
    expect(upcoming.length).toBeGreaterThanOrEqual(2);
    expect(upcoming.map((m) => m.starts_at)).toEqual([...upcoming.map((m) => m.starts_at)].sort());
    expect(upcoming.some((m) => m.id === created.id)).toBe(true);
    const past = json<{ items: MeetingSummary[] }>(
      await t.app.inject({
        url: '/api/v1/meetings?when=past',
        headers: await t.login('analyst-ne'),
      }),
    ).items;
    // The demo: Brussels 2021, Rome, Marrakech, Niamey, after the co-chairs changed in 2023-11.
    expect(past.map((m) => m.start.slice(0, 7))).toEqual([
      '2024-01',
      '2023-03',
      '2022-05',
      '2022-03',
      '2021-12',
    ]);
    expect(past.every((m) => m.exercise && m.title.en.startsWith('[EXERCISE]'))).toBe(true);
    const fr = json<{ items: MeetingSummary[] }>(
      await t.app.inject({ url: '/api/v1/meetings', headers: await t.login('analyst-fr') }),
    ).items;
    expect(fr).toEqual([]);
    expect(
      (
        await t.app.inject({
          url: `/api/v1/meetings/${created.id}`,
          headers: await t.login('analyst-fr'),
        })
      ).statusCode,
    ).toBe(404);
  });

  it('answers one meeting as iCalendar (RFC 5545), in the reader’s language, and audits it', async () => {
    const res = await t.app.inject({
      url: `/api/v1/meetings/${created.id}.ics?lang=fr`,
      headers: await t.login('analyst-ma'),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const ics = res.body.replace(/\r\n /g, '');
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\nVERSION:2.0\r\n/);
    expect(ics).toContain(`UID:${created.id}@tansiq`);
    expect(ics).toContain('DTSTART:20310310T090000Z');
    expect(ics).toContain('DTEND:20310310T173000Z');
    expect(ics).toContain('SUMMARY:Réunion de coordination à Dakar');
    expect(ics).toContain('LOCATION:Dakar');
    expect(ics).toContain('TLP:AMBER');
    expect(ics).toMatch(/END:VEVENT\r\nEND:VCALENDAR/);
    const audited = await t.handle.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject', '=', created.id)
      .where('action', '=', 'meetings.export')
      .execute();
    expect(audited).toHaveLength(1);
    expect(
      (
        await t.app.inject({
          url: `/api/v1/meetings/${created.id}.ics`,
          headers: await t.login('analyst-fr'),
        })
      ).statusCode,
    ).toBe(404);
  });

  it('a secret calendar address serves the upcoming meetings of the user’s groups, until revoked', async () => {
    const ne = await t.login('analyst-ne');
    expect(
      json<CalendarFeed>(await t.app.inject({ url: '/api/v1/calendar-feed', headers: ne })),
    ).toEqual({ active: false, created_at: null });
    const made = await t.app.inject({ method: 'POST', url: '/api/v1/calendar-feed', headers: ne });
    expect(made.statusCode).toBe(201);
    const url = new URL(json<CalendarFeed>(made).url!);
    expect(url.pathname).toBe('/api/v1/meetings/feed.ics');
    const feed = await t.app.inject({ url: `${url.pathname}${url.search}` });
    expect(feed.statusCode).toBe(200);
    expect(feed.body).toContain(`UID:${created.id}@tansiq`);
    // Past meetings are not in a feed of upcoming ones.
    expect(feed.body).not.toContain('20211202');
    // An API token cannot mint calendar addresses.
    const token = json<{ token: string }>(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: ne,
        payload: { name: 'r', scope: 'write' },
      }),
    ).token;
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/calendar-feed',
          headers: { authorization: `Bearer ${token}` },
        })
      ).statusCode,
    ).toBe(403);
    // Basic authentication works too (calendar apps that can send it).
    const basic = await t.app.inject({
      url: '/api/v1/meetings/feed.ics',
      headers: { authorization: `Basic ${Buffer.from(`analyst-ne:${token}`).toString('base64')}` },
    });
    expect(basic.statusCode).toBe(200);
    expect(
      (await t.app.inject({ method: 'DELETE', url: '/api/v1/calendar-feed', headers: ne }))
        .statusCode,
    ).toBe(204);
    const revoked = await t.app.inject({ url: `${url.pathname}${url.search}` });
    expect(revoked.statusCode).toBe(401);
    expect(
      (
        await t.app.inject({
          url: '/api/v1/meetings/feed.ics?token=cal_guessed_guessed_guessed_guessed',
        })
      ).statusCode,
    ).toBe(401);
    expect((await t.app.inject({ url: '/api/v1/meetings/feed.ics' })).statusCode).toBe(401);
  });

  it('my member’s open actions come overdue first; the owner marks one done; others may not', async () => {
    const ne = await t.login('analyst-ne');
    const mine = json<{ items: Action[] }>(
      await t.app.inject({ url: '/api/v1/actions', headers: ne }),
    ).items;
    expect(mine.every((a) => a.owner === 'NE' && a.status === 'open')).toBe(true);
    const overdue = mine.filter((a) => a.overdue);
    expect(overdue.length).toBeGreaterThan(0);
    expect(mine.slice(0, overdue.length).every((a) => a.overdue)).toBe(true);
    const workshop = mine.find((a) => a.text.en === 'Host the workshop')!;
    expect(workshop).toMatchObject({ overdue: false, may_mark: true, may_edit: false });

    const byCm = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/actions/${workshop.id}`,
      headers: await t.login('analyst-cm'),
      payload: { status: 'done' },
    });
    expect(byCm.statusCode).toBe(403);
    const reword = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/actions/${workshop.id}`,
      headers: ne,
      payload: { due_on: '2032-01-01' },
    });
    expect(reword.statusCode).toBe(403);
    const done = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/actions/${workshop.id}`,
      headers: ne,
      payload: { status: 'done' },
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(json<Action>(done)).toMatchObject({ status: 'done', overdue: false });
    expect(json<Action>(done).done_at).not.toBeNull();
    const after = json<{ items: Action[] }>(
      await t.app.inject({ url: '/api/v1/actions', headers: ne }),
    ).items;
    expect(after.some((a) => a.id === workshop.id)).toBe(false);
    const audit = await t.handle.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject', '=', workshop.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['action.done']);
  });

  it('the meeting’s owner adds and changes actions; a due date before the meeting is refused', async () => {
    const ng = await t.login('analyst-ng');
    const early = await t.app.inject({
      method: 'POST',
      url: `/api/v1/meetings/${created.id}/actions`,
      headers: ng,
      payload: { text: { en: 'Too early' }, owner: 'TD', due_on: '2031-01-01' },
    });
    expect(early.statusCode).toBe(422);
    expect(json<{ field: string }>(early).field).toBe('.due_on');
    const added = await t.app.inject({
      method: 'POST',
      url: `/api/v1/meetings/${created.id}/actions`,
      headers: ng,
      payload: { text: { ar: 'إعداد تقرير' }, owner: 'TD', due_on: '2031-04-15' },
    });
    expect(added.statusCode, added.body).toBe(201);
    const action = json<Action>(added);
    const moved = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/actions/${action.id}`,
      headers: ng,
      payload: { due_on: '2031-05-15', owner: 'CM' },
    });
    expect(json<Action>(moved)).toMatchObject({ due_on: '2031-05-15', owner: 'CM' });
    const dropped = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/actions/${action.id}`,
      headers: ng,
      payload: { status: 'dropped' },
    });
    expect(json<Action>(dropped).status).toBe('dropped');
  });

  it('all of a group’s actions are for its co-chairs of the day only', async () => {
    // Since 2023-11-15 the co-chairs are Italy, Morocco, Saudi Arabia and the United States.
    const sa = await t.app.inject({
      url: '/api/v1/actions?group=africa-focus-group&status=all',
      headers: await t.login('analyst-sa'),
    });
    expect(sa.statusCode).toBe(200);
    const all = json<{ items: Action[] }>(sa).items;
    expect(new Set(all.map((a) => a.owner)).size).toBeGreaterThan(3);
    expect(all.every((a) => a.may_edit)).toBe(true);
    // Niger co-chaired until 2023-11-15: no longer.
    const ne = await t.app.inject({
      url: '/api/v1/actions?group=africa-focus-group',
      headers: await t.login('analyst-ne'),
    });
    expect(ne.statusCode).toBe(403);
    expect(json(ne)).toMatchObject({ code: 'not_co_chair' });
  });

  it('edits by the owner or a co-chair of the day; others may not', async () => {
    const change = { ...meeting, place: 'Dakar, Ministry of Foreign Affairs' } as Record<
      string,
      unknown
    >;
    delete change.group;
    delete change.actions;
    delete change.audience;
    delete change.tlp;
    const byNe = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/meetings/${created.id}`,
      headers: await t.login('analyst-ne'),
      payload: change,
    });
    expect(byNe.statusCode).toBe(403);
    const bySa = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/meetings/${created.id}`,
      headers: await t.login('analyst-sa'),
      payload: change,
    });
    expect(bySa.statusCode, bySa.body).toBe(200);
    expect(json<Meeting>(bySa).place).toBe('Dakar, Ministry of Foreign Affairs');
    const later = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/meetings/${created.id}`,
      headers: await t.login('analyst-ng'),
      payload: { ...change, start: '2031-08-01T09:00', end: '2031-08-01T10:00' },
    });
    expect(later.statusCode).toBe(422);
    expect(json<{ field: string }>(later).field).toBe('start');
  });
});
