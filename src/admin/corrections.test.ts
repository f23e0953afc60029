import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DIALECTS, json, testApp, type TestApp } from '../../test/helpers.ts';
import type { HistoryItem } from '../../contract/audit.ts';
import type { Group, Member } from '../../contract/members.ts';

/**
 * Administration that corrects itself, through the API on both databases: members and groups
 * edited, retired or closed and brought back, chair terms corrected, ended early and withdrawn;
 * every change audited with its earlier values, which the record's history shows.
 */
const today = () => new Date().toISOString().slice(0, 10);
const AFG = 'africa-focus-group';

const incident = () => {
  const at = new Date().toISOString();
  return {
    type: 'incident',
    spec_version: '2.1',
    id: `incident--${randomUUID()}`,
    created: at,
    modified: at,
    name: 'Exercise incident',
  };
};

describe.each(DIALECTS)('administration corrections on %s', (dialect) => {
  let t: TestApp;
  let admin: Record<string, string>;

  beforeAll(async () => {
    t = await testApp(dialect);
    admin = await t.login('admin');
  });
  afterAll(() => t.close());

  const call = async (method: string, url: string, payload?: object, headers = admin) =>
    t.app.inject({ method: method as 'GET', url: `/api/v1${url}`, headers, payload });
  const group = async (slug: string, date = today()) =>
    json<{ items: Group[] }>(await call('GET', `/groups?date=${date}`)).items.find(
      (g) => g.slug === slug,
    )!;
  const history = async (path: string) =>
    json<{ items: HistoryItem[] }>(await call('GET', `${path}/history`)).items;
  const auditCount = async () =>
    Number(
      (
        await t.handle.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('renames a member in one language: a new identity version, an audit entry, the history', async () => {
    const before = await auditCount();
    const res = await call('PATCH', '/members/NE', { names: { ar: 'جمهورية النيجر' } });
    expect(res.statusCode, res.body).toBe(200);
    const member = json<Member>(res);
    expect(member.names).toEqual({ ar: 'جمهورية النيجر', fr: 'Niger', en: 'Niger' });
    // In the same transaction: the change, and the identity's new version written by the system.
    const written = await t.handle.db
      .selectFrom('audit_log')
      .select(['action', 'actor', 'member', 'about', 'subject'])
      .where('seq', '>', before)
      .orderBy('seq')
      .execute();
    expect(written).toEqual([
      expect.objectContaining({ action: 'objects.write', actor: 'system', member: 'NE' }),
      { action: 'member.update', actor: 'admin', member: 'MA', about: 'NE', subject: 'NE' },
    ]);

    // The STIX identity follows: a second version with the new Arabic name in its extension.
    const versions = await t.handle.db
      .selectFrom('objects')
      .select('body')
      .where('stix_id', '=', member.identity_id)
      .orderBy('version')
      .execute();
    expect(versions).toHaveLength(2);
    expect(versions[1]!.body).toContain('جمهورية النيجر');

    const items = await history('/members/NE');
    expect(items[0]).toMatchObject({
      action: 'member.update',
      actor: 'admin',
      changes: [{ field: 'names.ar', before: 'النيجر', after: 'جمهورية النيجر' }],
    });
    expect(items.at(-1)).toMatchObject({ action: 'member.create' });
    expect(items.at(-1)!.changes).toContainEqual({
      field: 'names.ar',
      before: null,
      after: 'النيجر',
    });

    // The same names again change nothing and write nothing.
    const count = await auditCount();
    expect(
      (await call('PATCH', '/members/NE', { names: { ar: 'جمهورية النيجر' } })).statusCode,
    ).toBe(200);
    expect(await auditCount()).toBe(count);
  });

  it('refuses bad corrections with a code naming the field, and other roles', async () => {
    const cases: [string, string, object | undefined, number, object][] = [
      [
        'PATCH',
        '/members/NE',
        { names: { fr: '   ' } },
        422,
        { code: 'validation', field: 'names.fr' },
      ],
      ['PATCH', '/members/NE', { names: { fr: '' } }, 400, { code: 'validation' }],
      ['PATCH', '/members/NE', { names: { de: 'Niger' } }, 400, { code: 'validation' }],
      ['PATCH', '/members/NE', { iso2: 'N1' }, 422, { code: 'validation', field: 'iso2' }],
      ['PATCH', '/members/ZZ', { names: { fr: 'Z' } }, 404, { code: 'not_found', field: 'code' }],
      [
        'POST',
        '/members/NE/retire',
        { on: '2025-02-30' },
        422,
        { code: 'validation', field: 'on' },
      ],
      [
        'POST',
        '/members/NE/retire',
        { on: '2999-01-01' },
        422,
        { code: 'validation', field: 'on' },
      ],
      ['POST', '/members/MA/retire', {}, 422, { code: 'validation', field: 'code' }],
      ['POST', '/members/NE/restore', undefined, 409, { code: 'conflict', field: 'code' }],
      ['POST', `/groups/${AFG}/reopen`, undefined, 409, { code: 'conflict', field: 'slug' }],
      [
        'PATCH',
        `/groups/${AFG}/chairs/nope`,
        { to: null },
        404,
        { code: 'not_found', field: 'id' },
      ],
      ['GET', '/members/ZZ/history', undefined, 404, { code: 'not_found' }],
    ];
    for (const [method, url, payload, status, body] of cases) {
      const res = await call(method, url, payload);
      expect(res.statusCode, `${method} ${url} ${res.body}`).toBe(status);
      expect(json(res)).toMatchObject(body);
    }
    for (const username of ['admin-ne', 'analyst-ma']) {
      const res = await call(
        'PATCH',
        '/members/NE',
        { names: { fr: 'X' } },
        await t.login(username),
      );
      expect(res.statusCode).toBe(403);
      expect(json(res)).toMatchObject({ code: 'forbidden' });
      expect(
        (await call('GET', '/members/NE/history', undefined, await t.login(username))).statusCode,
      ).toBe(403);
    }
  });

  it('retires a member: its terms end, its people cannot sign in, it is chosen for nothing new; restore undoes it', async () => {
    expect(
      (
        await call('POST', '/members', {
          code: 'SN',
          iso2: 'SN',
          kind: 'state',
          names: { ar: 'السنغال', fr: 'Sénégal', en: 'Senegal' },
        })
      ).statusCode,
    ).toBe(201);
    expect((await call('PUT', `/groups/${AFG}/members/SN`, { role: 'member' })).statusCode).toBe(
      204,
    );
    expect(
      (await call('POST', `/groups/${AFG}/chairs`, { member: 'SN', from: '2024-01-01' }))
        .statusCode,
    ).toBe(201);
    expect(
      (
        await call('POST', '/users', {
          username: 'analyst-sn',
          password: DEMO_PASSWORD,
          role: 'analyst',
          member: 'SN',
        })
      ).statusCode,
    ).toBe(201);
    const sn = await t.login('analyst-sn');

    const retired = await call('POST', '/members/SN/retire', {});
    expect(retired.statusCode, retired.body).toBe(200);
    expect(json<Member>(retired).retired_on).toBe(today());
    const term = (await group(AFG)).chairTerms.find((c) => c.member === 'SN')!;
    expect(term).toMatchObject({ from: '2024-01-01', to: today() });
    expect((await group(AFG)).chairs).not.toContain('SN');

    // Its people: the open session ends, a new sign-in is refused.
    expect((await call('GET', '/me', undefined, sn)).statusCode).toBe(401);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: 'analyst-sn', password: DEMO_PASSWORD },
    });
    expect(login.statusCode).toBe(401);
    expect(json(login)).toMatchObject({ code: 'account_disabled' });

    // Offered for nothing new: recipients, memberships, chair terms, accounts.
    const ma = await t.login('analyst-ma');
    const report = await call(
      'POST',
      '/objects',
      { objects: [incident()], audience: { recipients: ['SN', 'NE'] } },
      ma,
    );
    expect(json(report)).toMatchObject({ code: 'retired', field: 'audience.recipients' });
    expect(
      json(await call('PUT', `/groups/${AFG}/members/SN`, { role: 'observer' })),
    ).toMatchObject({
      code: 'retired',
    });
    expect(
      json(await call('POST', `/groups/${AFG}/chairs`, { member: 'SN', from: '2030-01-01' })),
    ).toMatchObject({ code: 'retired', field: 'member' });
    expect(
      json(
        await call('POST', '/users', {
          username: 'analyst-sn2',
          password: DEMO_PASSWORD,
          role: 'analyst',
          member: 'SN',
        }),
      ),
    ).toMatchObject({ code: 'retired', field: 'member' });
    // Nor in a meeting held from today; the record of one held before keeps it.
    const meeting = (start: string, end: string) => ({
      group: AFG,
      title: { en: '[EXERCISE] Coordination meeting' },
      start,
      end,
      time_zone: 'Africa/Dakar',
      place: 'Dakar',
      modality: 'in_person',
      agenda: [{ title: { en: 'Border security' }, presenter: 'SN' }],
      participants: [{ member: 'SN', person: 'Delegate', role: 'speaker', presence: 'in_person' }],
      audience: `group:${AFG}`,
      tlp: 'green',
    });
    const ng = await t.login('analyst-ng');
    const ahead = await call(
      'POST',
      '/meetings',
      meeting('2031-03-10T09:00', '2031-03-10T12:00'),
      ng,
    );
    expect(ahead.statusCode).toBe(422);
    expect(json(ahead)).toMatchObject({ code: 'retired', field: 'agenda[0].presenter' });
    const past = await call(
      'POST',
      '/meetings',
      meeting('2024-03-10T09:00', '2024-03-10T12:00'),
      ng,
    );
    expect(past.statusCode, past.body).toBe(201);
    expect(json(await call('POST', '/members/SN/retire', {}))).toMatchObject({ code: 'conflict' });

    // Still readable: listed, with its memberships and its names.
    const listed = json<{ items: Member[] }>(await call('GET', '/members')).items.find(
      (m) => m.code === 'SN',
    )!;
    expect(listed).toMatchObject({ retired_on: today(), names: { fr: 'Sénégal' } });
    expect((await group(AFG)).members).toContain('SN');

    const restored = await call('POST', '/members/SN/restore');
    expect(json<Member>(restored).retired_on).toBeNull();
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/session',
          payload: { username: 'analyst-sn', password: DEMO_PASSWORD },
        })
      ).statusCode,
    ).toBe(200);

    const items = await history('/members/SN');
    expect(items.map((h) => h.action)).toEqual([
      'member.restore',
      'group.chair.end',
      'member.retire',
      'group.chair.add',
      'group.member.set',
      'member.create',
    ]);
    expect(items[1]).toMatchObject({
      because: 'member.retire',
      member: 'SN',
      term: term.id,
      changes: [{ field: 'to', before: null, after: today() }],
    });
    expect(items[2]!.changes).toEqual([{ field: 'retired_on', before: null, after: today() }]);
  });

  it('closes a group: its terms end or are withdrawn, it is addressed no more, its members stay; reopen and rename', async () => {
    expect(
      (
        await call('POST', '/groups', {
          slug: 'sahel-cell',
          names: { ar: 'خلية الساحل', fr: 'Cellule Sahel', en: 'Sahel cell' },
        })
      ).statusCode,
    ).toBe(201);
    for (const code of ['NE', 'NG'])
      expect(
        (await call('PUT', `/groups/sahel-cell/members/${code}`, { role: 'member' })).statusCode,
      ).toBe(204);
    await call('POST', '/groups/sahel-cell/chairs', { member: 'NE', from: '2020-01-01' });
    await call('POST', '/groups/sahel-cell/chairs', { member: 'NG', from: '2099-01-01' });

    const closed = await call('POST', '/groups/sahel-cell/close', {});
    expect(closed.statusCode, closed.body).toBe(200);
    const g = json<Group>(closed);
    expect(g.closed_on).toBe(today());
    expect(g.chairTerms).toEqual([
      expect.objectContaining({ member: 'NE', from: '2020-01-01', to: today() }),
    ]);
    expect(g.members).toEqual(['NE', 'NG']);

    const ne = await t.login('analyst-ne');
    expect(
      json(
        await call('POST', '/objects', { objects: [incident()], audience: 'group:sahel-cell' }, ne),
      ),
    ).toMatchObject({ code: 'retired', field: 'audience' });
    expect(
      json(await call('PUT', '/groups/sahel-cell/members/MA', { role: 'member' })),
    ).toMatchObject({
      code: 'retired',
      field: 'slug',
    });
    expect(
      json(await call('POST', '/groups/sahel-cell/chairs', { member: 'NE', from: '2030-01-01' })),
    ).toMatchObject({ code: 'retired' });

    // Nor does it take a new meeting or communiqué.
    const meeting = await call(
      'POST',
      '/meetings',
      {
        group: 'sahel-cell',
        title: { en: 'Exercise meeting' },
        start: '2031-03-10T09:00',
        end: '2031-03-10T10:00',
        time_zone: 'Africa/Niamey',
        place: 'Niamey',
        modality: 'hybrid',
        audience: 'group:sahel-cell',
        tlp: 'amber',
      },
      ne,
    );
    expect(json(meeting), meeting.body).toMatchObject({ code: 'retired', field: 'group' });
    const communique = await call(
      'POST',
      '/communiques',
      {
        group: 'sahel-cell',
        title: { ar: '[تمرين] بيان', fr: '[EXERCICE] Communiqué', en: '[EXERCISE] Communiqué' },
        body: { ar: 'تمرين.', fr: 'Exercice.', en: 'Exercise.' },
      },
      ne,
    );
    expect(json(communique), communique.body).toMatchObject({ code: 'retired', field: 'group' });

    const renamed = await call('PATCH', '/groups/sahel-cell', {
      names: { fr: 'Cellule du Sahel' },
    });
    expect(json<Group>(renamed).names).toEqual({
      ar: 'خلية الساحل',
      fr: 'Cellule du Sahel',
      en: 'Sahel cell',
    });
    expect(json<Group>(await call('POST', '/groups/sahel-cell/reopen')).closed_on).toBeNull();
    expect(
      (await call('POST', '/objects', { objects: [incident()], audience: 'group:sahel-cell' }, ne))
        .statusCode,
    ).toBe(200);

    const items = await history('/groups/sahel-cell');
    expect(items.slice(0, 5).map((h) => [h.action, h.member, h.because])).toEqual([
      ['group.reopen', null, null],
      ['group.update', null, null],
      ['group.chair.withdraw', 'NG', 'group.close'],
      ['group.chair.end', 'NE', 'group.close'],
      ['group.close', null, null],
    ]);
    expect(items[1]!.changes).toEqual([
      { field: 'names.fr', before: 'Cellule Sahel', after: 'Cellule du Sahel' },
    ]);
    // The withdrawn term's values stay readable (an open end stays open: nothing to show).
    expect(items[2]!.changes).toEqual([{ field: 'from', before: '2099-01-01', after: null }]);
  });

  it('chair terms: corrected, ended early, withdrawn; ending a co-chairmanship ends the open terms', async () => {
    await call('POST', `/groups/${AFG}/chairs`, { member: 'NE', from: '2024-01-01' });
    await call('POST', `/groups/${AFG}/chairs`, {
      member: 'NE',
      from: '2030-01-01',
      to: '2031-01-01',
    });
    const ended = await call('POST', `/groups/${AFG}/co-chairs/NE/end`, { on: '2025-06-01' });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(json(ended)).toEqual({ ended: 2 });
    const neTerms = (await group(AFG)).chairTerms.filter((c) => c.member === 'NE');
    expect(neTerms.map((c) => [c.from, c.to])).toEqual([
      ['2021-12-02', '2023-11-15'],
      ['2024-01-01', '2025-06-01'],
    ]);
    expect((await group(AFG, '2025-07-01')).chairs).not.toContain('NE');
    expect(json(await call('POST', `/groups/${AFG}/co-chairs/NE/end`, {}))).toMatchObject({
      code: 'validation',
      field: 'code',
    });

    const terms = (await group(AFG)).chairTerms;
    const us2021 = terms.find((c) => c.member === 'US' && c.from === '2021-12-02')!;
    const corrected = await call('PATCH', `/groups/${AFG}/chairs/${us2021.id}`, {
      to: '2023-11-14',
    });
    expect(json(corrected)).toEqual({ ...us2021, to: '2023-11-14' });
    expect(
      json(await call('PATCH', `/groups/${AFG}/chairs/${us2021.id}`, { to: '2020-01-01' })),
    ).toMatchObject({ code: 'validation', field: 'to' });

    const sa = terms.find((c) => c.member === 'SA')!;
    expect(
      json(await call('POST', `/groups/${AFG}/chairs/${sa.id}/end`, { on: '2023-11-15' })),
    ).toMatchObject({
      code: 'validation',
      field: 'on',
    });
    const saEnded = await call('POST', `/groups/${AFG}/chairs/${sa.id}/end`, { on: '2024-06-01' });
    expect(json(saEnded)).toEqual({ ...sa, to: '2024-06-01' });
    expect(
      json(await call('POST', `/groups/${AFG}/chairs/${sa.id}/end`, { on: '2025-01-01' })),
    ).toMatchObject({ code: 'validation', field: 'on' });
    expect((await group(AFG, '2024-07-01')).chairs).not.toContain('SA');

    const it2021 = terms.find((c) => c.member === 'IT' && c.from === '2021-12-02')!;
    expect((await call('DELETE', `/groups/${AFG}/chairs/${it2021.id}`)).statusCode).toBe(204);
    expect((await group(AFG)).chairTerms.some((c) => c.id === it2021.id)).toBe(false);

    // Only members co-chair: leaving the group, or becoming an observer, ends the running terms.
    expect((await call('DELETE', `/groups/${AFG}/members/IT`)).statusCode).toBe(204);
    expect((await call('PUT', `/groups/${AFG}/members/US`, { role: 'observer' })).statusCode).toBe(
      204,
    );
    const after = (await group(AFG)).chairTerms;
    expect(after.find((c) => c.member === 'IT' && c.from === '2023-11-15')!.to).toBe(today());
    expect(after.find((c) => c.member === 'US' && c.from === '2023-11-15')!.to).toBe(today());

    const items = await history(`/groups/${AFG}`);
    const byAction = (action: string) => items.filter((h) => h.action === action);
    expect(byAction('group.chair.withdraw').map((h) => [h.member, h.because])).toEqual(
      expect.arrayContaining([
        ['IT', 'mistake'],
        ['NE', 'co-chair.end'],
      ]),
    );
    const withdrawn = items.find((h) => h.term === it2021.id)!;
    expect(withdrawn.changes).toEqual([
      { field: 'from', before: '2021-12-02', after: null },
      { field: 'to', before: '2023-11-15', after: null },
    ]);
    expect(items.find((h) => h.action === 'group.chair.correct')!.changes).toEqual([
      { field: 'to', before: '2023-11-15', after: '2023-11-14' },
    ]);
    expect(byAction('group.chair.end').map((h) => h.because)).toEqual(
      expect.arrayContaining([
        'early',
        'co-chair.end',
        'group.member.remove',
        'group.member.observer',
      ]),
    );

    // Every one of these entries is about the member whose term it is.
    const rows = await t.handle.db
      .selectFrom('audit_log')
      .select(['action', 'about'])
      .where('action', 'like', 'group.chair.%')
      .execute();
    expect(rows.every((r) => r.about && r.about !== '*')).toBe(true);
  });
});
