import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Notification,
  NotificationCount,
  NotificationSettings,
} from '../../contract/notifications.ts';
import { DIALECTS, json, testApp, type TestApp, reportObject } from '../../test/helpers.ts';

/**
 * Notifications through the real app on both databases: what another member's writing makes new
 * for my member (a new object, a new version, a note or an opinion on my objects, a mention of my
 * member), never my own member's writing, never what I may not read; counts, filters, pages,
 * marking one or all read; the digest setting.
 */
describe.each(DIALECTS)('notifications on %s', (dialect) => {
  let t: TestApp;
  const ids = { neReport: '', ngReport: '', ngSecret: '', note: '', mention: '' };
  const neIdentity = { id: '' };

  const list = async (username: string, query = '') =>
    json<{ items: Notification[]; next: string | null }>(
      await t.as(username, 'GET', `/api/v1/notifications${query}`),
    );
  const count = async (username: string) =>
    json<NotificationCount>(await t.as(username, 'GET', '/api/v1/notifications/count'));

  const store = async (
    username: string,
    objects: unknown[],
    audience: unknown = 'coalition',
    tlp = 'green',
  ) => {
    const res = await t.as(username, 'POST', '/api/v1/objects', { objects, audience, tlp });
    expect(res.statusCode, res.body).toBe(200);
  };

  beforeAll(async () => {
    t = await testApp(dialect);
    const members = json<{ items: { code: string; identity_id: string }[] }>(
      await t.as('analyst-ne', 'GET', '/api/v1/members'),
    );
    neIdentity.id = members.items.find((m) => m.code === 'NE')!.identity_id;
  });
  afterAll(() => t.close());

  it('starts with nothing unread: the demo’s own content is not news', async () => {
    expect(await count('analyst-ne')).toMatchObject({ unread: 0, capped: false, newest: null });
    // … but it is there to look back on.
    expect((await list('analyst-ne')).items.length).toBeGreaterThan(0);
  });

  it('another member’s new object is news; my own member’s is not', async () => {
    ids.neReport = `report--${randomUUID()}`;
    await store('analyst-ne', [reportObject(ids.neReport, '[EXERCICE] Rapport du Niger')]);
    ids.ngReport = `report--${randomUUID()}`;
    await store('analyst-ng', [reportObject(ids.ngReport, '[EXERCISE] Nigeria report')]);

    const ne = await list('analyst-ne', '?unread=true');
    expect(ne.items.map((n) => [n.kind, n.object.id, n.owner, n.unread])).toEqual([
      ['object', ids.ngReport, 'NG', true],
    ]);
    expect(ne.items[0]!.object.name).toBe('[EXERCISE] Nigeria report');
    expect(ne.items[0]!.tlp).toBe('green');
    // A colleague of the same member is not told of it either.
    expect((await list('admin-ne', '?unread=true')).items.map((n) => n.object.id)).toEqual([
      ids.ngReport,
    ]);
    const c = await count('analyst-ne');
    expect(c).toMatchObject({ unread: 1, by_kind: { object: 1, note: 0 } });
    expect(c.newest).toBe(ne.items[0]!.id);
  });

  it('a note and an opinion on my member’s object, with what they answer', async () => {
    const note = await t.as('analyst-ma', 'POST', `/api/v1/objects/${ids.neReport}/notes`, {
      content: '[تمرين] نلاحظ التحركات نفسها شمال مالي.',
      lang: 'ar',
    });
    expect(note.statusCode, note.body).toBe(201);
    const opinion = await t.as('analyst-fr', 'POST', `/api/v1/objects/${ids.neReport}/opinions`, {
      opinion: 'strongly-agree',
    });
    expect(opinion.statusCode, opinion.body).toBe(201);

    const ne = await list('analyst-ne', '?kind=note,opinion&unread=true');
    expect(ne.items.map((n) => [n.kind, n.owner])).toEqual([
      ['opinion', 'FR'],
      ['note', 'MA'],
    ]);
    const n = ne.items[1]!;
    expect(n.about.map((a) => a.id)).toEqual([ids.neReport]);
    expect(n.excerpt).toContain('شمال مالي');
    expect(n.excerpt_lang).toBe('ar');
    expect(ne.items[0]!.opinion).toBe('strongly-agree');
    ids.note = n.object.id;
    // Nigeria's analysts are not told of replies to Niger's report.
    expect((await list('analyst-ng', '?kind=note,opinion')).items).toEqual([]);
    expect(await count('analyst-ne')).toMatchObject({
      unread: 3,
      by_kind: { object: 1, note: 1, opinion: 1 },
    });
  });

  it('a mention of my member or of its objects; a new version', async () => {
    ids.mention = `report--${randomUUID()}`;
    await store('analyst-ng', [
      reportObject(ids.mention, '[EXERCISE] Cross-border report', {
        object_refs: [ids.neReport, neIdentity.id],
      }),
    ]);
    const later = new Date(Date.now() + 1000).toISOString();
    await store('analyst-ng', [
      { ...reportObject(ids.ngReport, '[EXERCISE] Nigeria report, revised'), modified: later },
    ]);
    const ne = await list('analyst-ne', '?kind=mention,version&unread=true');
    expect(ne.items.map((n) => [n.kind, n.object.id])).toEqual([
      ['version', ids.ngReport],
      ['mention', ids.mention],
    ]);
    expect(new Set(ne.items[1]!.about.map((a) => a.id))).toEqual(
      new Set([ids.neReport, neIdentity.id]),
    );
    // The object reads as it is now.
    expect(ne.items[0]!.object.name).toBe('[EXERCISE] Nigeria report, revised');
    // A revocation is a new version, said so.
    const revoked = await t.as('analyst-ng', 'POST', `/api/v1/objects/${ids.ngReport}/revoke`, {
      reason: '[EXERCISE] Source withdrawn.',
      lang: 'en',
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    const latest = (await list('analyst-ne', '?kind=version&unread=true&limit=1')).items[0]!;
    expect([latest.object.id, latest.revoked, latest.object.revoked]).toEqual([
      ids.ngReport,
      true,
      true,
    ]);
    // For Morocco, the cross-border report is only a new object.
    const ma = await list('analyst-ma', '?unread=true');
    expect(ma.items.find((n) => n.object.id === ids.mention)?.kind).toBe('object');
  });

  it('never what I may not read; a version that widens the sharing is new to me then', async () => {
    ids.ngSecret = `report--${randomUUID()}`;
    await store(
      'analyst-ng',
      [reportObject(ids.ngSecret, '[EXERCISE] Nigeria only', { object_refs: [ids.neReport] })],
      'member',
      'amber',
    );
    const before = await list('analyst-ne');
    expect(before.items.some((n) => n.object.id === ids.ngSecret)).toBe(false);
    const unread = (await count('analyst-ne')).unread;
    expect(unread).toBe(6);

    await store(
      'analyst-ng',
      [
        {
          ...reportObject(ids.ngSecret, '[EXERCISE] Nigeria, now for Niger'),
          modified: new Date(Date.now() + 2000).toISOString(),
        },
      ],
      { recipients: ['NE'] },
      'amber',
    );
    const after = await list('analyst-ne', '?kind=object');
    expect(after.items[0]!.object.id).toBe(ids.ngSecret);
    expect(after.items[0]!.object.name).toBe('[EXERCISE] Nigeria, now for Niger');
    // France may still not read it: nothing of it reaches France.
    const fr = await list('analyst-fr', '?limit=100');
    expect(fr.items.some((n) => n.object.id === ids.ngSecret)).toBe(false);
  });

  it('pages, filters, and says which field is wrong', async () => {
    const first = await list('analyst-ne', '?unread=true&limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.next).not.toBeNull();
    const second = await list('analyst-ne', `?unread=true&limit=2&cursor=${first.next}`);
    expect(second.items.map((n) => n.id)).not.toContain(first.items[0]!.id);
    expect(Number(second.items[0]!.id)).toBeLessThan(Number(first.items[1]!.id));

    const bad = await t.as('analyst-ne', 'GET', '/api/v1/notifications?kind=gossip');
    expect(bad.statusCode).toBe(400);
    expect(json(bad)).toMatchObject({ code: 'validation', field: 'kind' });
    const badCursor = await t.as('analyst-ne', 'GET', '/api/v1/notifications?cursor=zzzz');
    expect(badCursor.statusCode).toBe(400);
    const badIds = await t.as('analyst-ne', 'POST', '/api/v1/notifications/read', {
      ids: ['x'],
    });
    expect(badIds.statusCode).toBe(400);
    for (const [method, url, payload, field] of [
      ['GET', '/api/v1/notifications?limit=0', undefined, 'limit'],
      ['GET', '/api/v1/notifications?limit=5000', undefined, 'limit'],
      ['GET', '/api/v1/notifications?unread=maybe', undefined, 'unread'],
      ['GET', `/api/v1/notifications?kind=${'note,'.repeat(40)}`, undefined, 'kind'],
      ['POST', '/api/v1/notifications/read', { ids: [] }, 'ids'],
      ['POST', '/api/v1/notifications/read', { ids: Array(201).fill('1') }, 'ids'],
      ['POST', '/api/v1/notifications/read', { ids: ['1'], all: true }, 'all'],
      ['POST', '/api/v1/notifications/read-all', { upto: '12a' }, 'upto'],
      ['PUT', '/api/v1/notifications/settings', { digest: 'hourly' }, 'digest'],
      ['PUT', '/api/v1/notifications/settings', { digest: 'off', email: 'x'.repeat(300) }, 'email'],
    ] as const) {
      const res = await t.as('analyst-ne', method, url, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(400);
      expect(json<{ field?: string; message: string }>(res).message, url).toContain(field);
    }
  });

  it('marks one read, then all read up to the newest shown', async () => {
    const unread = await list('analyst-ne', '?unread=true');
    const total = unread.items.length;
    const opened = unread.items.find((n) => n.kind === 'note')!;
    const res = await t.as('analyst-ne', 'POST', '/api/v1/notifications/read', {
      ids: [opened.id],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(json<NotificationCount>(res).unread).toBe(total - 1);
    const all = await list('analyst-ne');
    expect(all.items.find((n) => n.id === opened.id)?.unread).toBe(false);
    // A colleague's reading is their own.
    expect((await count('admin-ne')).unread).toBeGreaterThanOrEqual(total - 1);

    const newest = (await count('analyst-ne')).newest!;
    // Something new arrives after the list was shown: "mark all read" leaves it unread.
    await store('analyst-ma', [reportObject(`report--${randomUUID()}`, '[تمرين] تقرير مغربي')]);
    const marked = await t.as('analyst-ne', 'POST', '/api/v1/notifications/read-all', {
      upto: newest,
    });
    expect(marked.statusCode, marked.body).toBe(200);
    expect(json<NotificationCount>(marked)).toMatchObject({ unread: 1, by_kind: { object: 1 } });
    const all2 = await t.as('analyst-ne', 'POST', '/api/v1/notifications/read-all', {});
    expect(json<NotificationCount>(all2).unread).toBe(0);
    expect((await list('analyst-ne', '?unread=true')).items).toEqual([]);
  });

  it('the digest is off by default; on needs mail on the installation and a session', async () => {
    const settings = json<NotificationSettings>(
      await t.as('analyst-ne', 'GET', '/api/v1/notifications/settings'),
    );
    expect(settings).toEqual({
      digest: 'off',
      email: null,
      mail_available: false,
      last_digest: null,
    });
    const refused = await t.as('analyst-ne', 'PUT', '/api/v1/notifications/settings', {
      digest: 'daily',
      email: 'analyste@ne.example',
    });
    expect(refused.statusCode).toBe(422);
    expect(json(refused)).toMatchObject({ code: 'validation', field: 'digest' });
    const badEmail = await t.as('analyst-ne', 'PUT', '/api/v1/notifications/settings', {
      digest: 'off',
      email: 'not an address',
    });
    expect(badEmail.statusCode).toBe(400);
    expect(json(badEmail)).toMatchObject({ field: 'email' });

    const token = json<{ token: string }>(
      await t.as('analyst-ne', 'POST', '/api/v1/tokens', { name: 'n', scope: 'write' }),
    ).token;
    const byToken = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/notifications/settings',
      headers: { authorization: `Bearer ${token}` },
      payload: { digest: 'off' },
    });
    expect(byToken.statusCode).toBe(403);
    expect(json(byToken)).toMatchObject({ code: 'session_required' });
  });
});
