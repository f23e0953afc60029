import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, json, testApp, type TestApp } from '../../test/helpers.ts';
import type { HistoryVersion, ObjectLabel, References, Replies } from '../../contract/knowledge.ts';
import type { ObjectDetail } from '../../contract/exchange.ts';

type Headers = Record<string, string>;

describe.each(DIALECTS)('notes, opinions, versions and revocation on %s', (dialect) => {
  let t: TestApp;
  let ma: Headers, ne: Headers, fr: Headers, us: Headers, sa: Headers, reader: Headers;
  const call = (method: 'GET' | 'POST', url: string, headers: Headers, payload?: object) =>
    t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const replies = async (id: string, headers: Headers) => {
    const res = await call('GET', `/api/v1/objects/${id}/replies`, headers);
    return res.statusCode === 200 ? json<Replies>(res) : null;
  };
  const newReport = async (headers: Headers, audience: unknown, tlp: string, name: string) => {
    const res = await call('POST', '/api/v1/reports', headers, {
      names: { fr: name },
      audience,
      tlp,
    });
    expect(res.statusCode, res.body).toBe(201);
    return json<ObjectDetail>(res).object.id;
  };
  let groupReport = '';
  let redReport = '';

  beforeAll(async () => {
    t = await testApp(dialect);
    ma = await t.login('analyst-ma');
    ne = await t.login('analyst-ne');
    fr = await t.login('analyst-fr');
    us = await t.login('analyst-us');
    sa = await t.login('analyst-sa');
    reader = await t.login('reader-ma');
    groupReport = await newReport(
      ne,
      'group:africa-focus-group',
      'amber',
      '[EXERCICE] Rapport du Niger',
    );
    redReport = await newReport(
      ma,
      { recipients: ['NE', 'US'] },
      'red',
      '[EXERCICE] Rapport rouge du Maroc',
    );
  });
  afterAll(() => t.close());

  it('a note on another member’s report goes, by default, to that report’s audience, marked as strictly', async () => {
    const res = await call('POST', `/api/v1/objects/${groupReport}/notes`, ma, {
      content: 'نلاحظ نفس التحركات في الجنوب (تمرين).',
      lang: 'ar',
    });
    expect(res.statusCode, res.body).toBe(201);
    const note = json<Replies>(res).notes.find((n) => n.owner === 'MA')!;
    expect(note).toMatchObject({
      lang: 'ar',
      audience: 'group:africa-focus-group',
      tlp: 'amber',
      mine: true,
      revocation: false,
    });
    expect((await replies(groupReport, ne))!.notes.map((n) => n.id)).toContain(note.id);
    expect(await replies(groupReport, fr)).toBeNull();
    // Over the plain object API it is a STIX note that refers to the report.
    const stored = json<ObjectDetail>(await call('GET', `/api/v1/objects/${note.id}`, ne));
    expect(stored.object).toMatchObject({ type: 'note', object_refs: [groupReport] });
    expect((await call('GET', `/api/v1/objects/${note.id}`, fr)).statusCode).toBe(404);
  });

  it('a reply to a RED report reaches its other readers only, never further', async () => {
    const res = await call('POST', `/api/v1/objects/${redReport}/notes`, ne, {
      content: 'Vu également à Diffa (exercice).',
      lang: 'fr',
    });
    expect(res.statusCode, res.body).toBe(201);
    const note = json<Replies>(res).notes[0]!;
    expect(note.tlp).toBe('red');
    expect(note.audience).toEqual({ recipients: ['MA', 'US'] });
    expect((await replies(redReport, us))!.notes.map((n) => n.id)).toEqual([note.id]);
    expect(await replies(redReport, sa)).toBeNull();
    expect((await call('GET', `/api/v1/objects/${note.id}`, sa)).statusCode).toBe(404);
    for (const [payload, field, rule] of [
      [{ audience: 'coalition', tlp: 'red' }, 'audience', 'reply_audience_wider'],
      [{ audience: { recipients: ['MA', 'SA'] } }, 'audience', 'reply_audience_wider'],
      [{ tlp: 'amber' }, 'tlp', 'reply_tlp_lower'],
      [{ federate: true }, 'federate', 'reply_federate'],
    ] as const) {
      const wider = await call('POST', `/api/v1/objects/${redReport}/notes`, ne, {
        content: 'x',
        lang: 'fr',
        ...payload,
      });
      expect(wider.statusCode, JSON.stringify(payload)).toBe(422);
      expect(json(wider)).toMatchObject({ code: 'tlp_violation', field, rule });
    }
    // Narrower is allowed: the United States only.
    const narrower = await call('POST', `/api/v1/objects/${redReport}/notes`, ne, {
      content: 'Pour les États-Unis seulement.',
      lang: 'fr',
      audience: { recipients: ['US'] },
    });
    expect(narrower.statusCode, narrower.body).toBe(201);
    expect((await replies(redReport, ma))!.notes).toHaveLength(1);
    expect((await replies(redReport, us))!.notes).toHaveLength(2);
  });

  it('a member holds one opinion per object, revised as a new version; the tally counts members', async () => {
    const post = (headers: Headers, opinion: string) =>
      call('POST', `/api/v1/objects/${groupReport}/opinions`, headers, { opinion, lang: 'fr' });
    expect((await post(ma, 'agree')).statusCode).toBe(201);
    expect((await post(us, 'strongly-agree')).statusCode).toBe(201);
    const revised = await post(ma, 'disagree');
    expect(revised.statusCode).toBe(201);
    const r = json<Replies>(revised);
    expect(r.tally).toMatchObject({ disagree: 1, 'strongly-agree': 1, agree: 0 });
    const moroccan = r.opinions.filter((o) => o.owner === 'MA');
    expect(moroccan).toHaveLength(1);
    expect(moroccan[0]!.opinion).toBe('disagree');
    const versions = json<{ items: unknown[] }>(
      await call('GET', `/api/v1/objects/${moroccan[0]!.id}?versions=all`, ma),
    );
    expect(versions.items).toHaveLength(2);
    const bad = await call('POST', `/api/v1/objects/${groupReport}/opinions`, ma, {
      opinion: 'maybe',
    });
    expect(bad.statusCode).toBe(400);
    expect(json(bad)).toMatchObject({ code: 'validation', field: 'opinion' });
    expect((await post(reader, 'agree')).statusCode).toBe(403);
    expect((await post(fr, 'agree')).statusCode).toBe(404);
  });

  it('the owner writes a new version in three languages; others may not; a stale edit is refused', async () => {
    const before = json<ObjectDetail>(await call('GET', `/api/v1/objects/${groupReport}`, ne));
    const base = before.object.modified!;
    const iswap = json<{ items: ObjectLabel[] }>(
      await call('GET', '/api/v1/objects/lookup?q=iswap&type=intrusion-set', ne),
    ).items[0]!.id;
    const edit = {
      names: { fr: '[EXERCICE] Rapport du Niger, révisé', ar: '[تمرين] تقرير النيجر، منقح' },
      descriptions: { fr: 'Deuxième version.' },
      object_refs: [iswap],
      base,
    };
    expect(
      (await call('POST', `/api/v1/objects/${groupReport}/versions`, ma, edit)).statusCode,
    ).toBe(403);
    const res = await call('POST', `/api/v1/objects/${groupReport}/versions`, ne, edit);
    expect(res.statusCode, res.body).toBe(201);
    const after = json<ObjectDetail>(res);
    expect(after.object).toMatchObject({
      name: '[EXERCICE] Rapport du Niger, révisé',
      description: 'Deuxième version.',
      lang: 'fr',
      object_refs: [iswap],
    });
    expect(after.object.modified! > base).toBe(true);
    expect(after.translations.ar).toEqual({ name: '[تمرين] تقرير النيجر، منقح' });
    expect(after.tlp).toBe('amber');
    expect(after.audience).toBe('group:africa-focus-group');
    const stale = await call('POST', `/api/v1/objects/${groupReport}/versions`, ne, edit);
    expect(stale.statusCode).toBe(409);
    expect(json(stale)).toMatchObject({ code: 'conflict', field: 'base' });
    const history = json<{ items: HistoryVersion[] }>(
      await call('GET', `/api/v1/objects/${groupReport}/history`, ma),
    ).items;
    expect(history).toHaveLength(2);
    expect(history[0]!.translations).toEqual({ fr: { name: '[EXERCICE] Rapport du Niger' } });
    expect(history[1]!.translations).toMatchObject({
      fr: { name: '[EXERCICE] Rapport du Niger, révisé', description: 'Deuxième version.' },
      ar: { name: '[تمرين] تقرير النيجر، منقح' },
    });
    const noName = await call('POST', `/api/v1/objects/${groupReport}/versions`, ne, {
      names: {},
      base: after.object.modified,
    });
    expect(noName.statusCode).toBe(422);
    expect(json(noName)).toMatchObject({ field: 'names' });
    // A translation dropped is withdrawn, not left behind.
    const only = await call('POST', `/api/v1/objects/${groupReport}/versions`, ne, {
      names: { fr: '[EXERCICE] Rapport du Niger, v3' },
      base: after.object.modified,
    });
    expect(only.statusCode).toBe(201);
    expect(json<ObjectDetail>(only).translations).toEqual({
      fr: { name: '[EXERCICE] Rapport du Niger, v3' },
    });
  });

  it('the owner revokes with a reason; the object is marked wherever it appears and takes no new version', async () => {
    const target = await newReport(ne, 'coalition', 'green', '[EXERCICE] À retirer');
    const citing = await newReport(
      ma,
      'coalition',
      'green',
      '[EXERCICE] Cite le rapport à retirer',
    );
    const current = json<ObjectDetail>(await call('GET', `/api/v1/objects/${citing}`, ma));
    await call('POST', `/api/v1/objects/${citing}/versions`, ma, {
      names: { fr: '[EXERCICE] Cite le rapport à retirer' },
      object_refs: [target],
      base: current.object.modified,
    });
    expect(
      (await call('POST', `/api/v1/objects/${target}/revoke`, ma, { reason: 'non', lang: 'fr' }))
        .statusCode,
    ).toBe(403);
    const res = await call('POST', `/api/v1/objects/${target}/revoke`, ne, {
      reason: 'Source retirée : le témoignage n’a pas été confirmé (exercice).',
      lang: 'fr',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(json<ObjectDetail>(res).object.revoked).toBe(true);
    const r = (await replies(target, fr))!;
    expect(r.notes.find((n) => n.revocation)).toMatchObject({
      owner: 'NE',
      content: 'Source retirée : le témoignage n’a pas été confirmé (exercice).',
      tlp: 'green',
      audience: 'coalition',
    });
    const refs = json<References>(await call('GET', `/api/v1/objects/${citing}/references`, fr));
    expect(refs.references.find((x) => x.target.id === target)!.target.revoked).toBe(true);
    const picked = json<{ items: ObjectLabel[] }>(
      await call('GET', `/api/v1/objects/lookup?q=${encodeURIComponent('À retirer')}`, fr),
    ).items;
    expect(picked.find((l) => l.id === target)?.revoked).toBe(true);
    const again = await call('POST', `/api/v1/objects/${target}/revoke`, ne, {
      reason: 'x',
      lang: 'fr',
    });
    expect(again.statusCode).toBe(409);
    const audit = await t.handle.db
      .selectFrom('audit_log')
      .select(['actor', 'detail'])
      .where('action', '=', 'objects.revoke')
      .where('subject', '=', target)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).toBe('analyst-ne');
  });

  it('an unknown or hidden object takes no note (the same 404)', async () => {
    const secret = await newReport(fr, 'member', 'amber', '[EXERCICE] Secret');
    for (const id of [secret, `report--${randomUUID()}`]) {
      const res = await call('POST', `/api/v1/objects/${id}/notes`, ma, {
        content: 'x',
        lang: 'fr',
      });
      expect(res.statusCode).toBe(404);
      expect(json(res)).toEqual({ code: 'not_found', message: 'object not found' });
    }
  });
});
