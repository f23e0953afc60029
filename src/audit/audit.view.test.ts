import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DIALECTS, json, testApp, type TestApp } from '../../test/helpers.ts';
import type { AuditEntry, AuditPage, AuditVerification } from '../../contract/audit.ts';
import { appendAudit } from './audit.repository.ts';
import { verifyAudit } from './audit.service.ts';
import { auditCheck } from './verification.ts';

/**
 * The audit view through the API on both databases: who reads which entries, the filters, the
 * cursor, the bounds, the hash-chain check shown with it, and reads recorded without spam.
 */
const today = () => new Date().toISOString().slice(0, 10);
const dayOffset = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Member admin of M reads: entries about M, and M's own entries about nobody else. */
const memberReads = (code: string) => (e: AuditEntry) =>
  e.about === code || (e.member === code && e.about === null);

describe.each(DIALECTS)('the audit view on %s', (dialect) => {
  let t: TestApp;
  let admin: Record<string, string>;

  beforeAll(async () => {
    t = await testApp(dialect);
    admin = await t.login('admin');
    const post = (url: string, payload: object, headers = admin) =>
      t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers, payload });
    // A member admin of Nigeria, beside the demo's member admin of Niger.
    expect(
      (
        await post('/users', {
          username: 'admin-ng',
          password: DEMO_PASSWORD,
          role: 'member_admin',
          member: 'NG',
        })
      ).statusCode,
    ).toBe(201);
    // Activity of several members, and administration about them.
    await t.login('analyst-ne');
    await t.login('analyst-ng');
    await t.login('admin-ne');
    await t.login('admin-ng');
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: 'analyst-ne', password: 'not-the-password' },
    });
    await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/members/NE',
      headers: admin,
      payload: { names: { fr: 'République du Niger' } },
    });
    await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/groups/africa-focus-group',
      headers: admin,
      payload: { names: { fr: 'Groupe Afrique' } },
    });
    await post(
      '/users',
      { username: 'reader-ne', password: DEMO_PASSWORD, role: 'reader', member: 'NE' },
      await t.login('admin-ne'),
    );
    await post('/users', {
      username: 'reader-ng',
      password: DEMO_PASSWORD,
      role: 'reader',
      member: 'NG',
    });
  });
  afterAll(() => t.close());

  const read = async (who: string | Record<string, string>, query = '') =>
    t.app.inject({
      url: `/api/v1/audit${query}`,
      headers: typeof who === 'string' ? await t.login(who) : who,
    });
  const page = async (who: string, query = '') => {
    const res = await read(who, query);
    expect(res.statusCode, res.body).toBe(200);
    return json<AuditPage>(res);
  };
  /** Every entry a reader may read, following the cursor. */
  const all = async (who: string, query = '') => {
    const items: AuditEntry[] = [];
    let cursor = '';
    for (;;) {
      const p = await page(who, `?limit=200${query}${cursor ? `&cursor=${cursor}` : ''}`);
      items.push(...p.items);
      if (!p.next) return items;
      cursor = p.next;
    }
  };

  it('an instance admin reads the whole log; each member admin only its own member', async () => {
    const total = await t.handle.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    // (Reading records the read after its first page: it is not on the pages that follow.)
    const everything = await all('admin');
    expect(everything.length).toBe(Number(total.n));
    expect((await page('admin')).scope).toBe('instance');

    const ne = await all('admin-ne');
    expect((await page('admin-ne')).scope).toBe('NE');
    expect(ne.length).toBeGreaterThan(0);
    expect(ne.every(memberReads('NE'))).toBe(true);
    // What the instance admin did about Niger, a failed login to a Nigerien account, Niger's own.
    expect(ne).toContainEqual(
      expect.objectContaining({
        action: 'member.update',
        actor: 'admin',
        member: 'MA',
        about: 'NE',
      }),
    );
    expect(ne).toContainEqual(
      expect.objectContaining({ action: 'login.failure', actor: 'analyst-ne', member: null }),
    );
    expect(ne).toContainEqual(
      expect.objectContaining({ action: 'user.create', actor: 'admin-ne', subject: 'reader-ne' }),
    );
    expect(ne).toContainEqual(
      expect.objectContaining({ action: 'login.success', actor: 'analyst-ne' }),
    );
    // Never Nigeria's, nor what the instance admin did about the group or another member.
    expect(ne.some((e) => e.member === 'NG' || e.about === 'NG' || e.about === '*')).toBe(false);
    expect(ne.some((e) => e.action === 'group.update')).toBe(false);

    const ng = await all('admin-ng');
    expect(ng.every(memberReads('NG'))).toBe(true);
    expect(ng).toContainEqual(
      expect.objectContaining({ action: 'user.create', actor: 'admin', subject: 'reader-ng' }),
    );
    expect(ng.some((e) => e.member === 'NE' || e.about === 'NE')).toBe(false);
    // Exactly the rule: of the entries the instance admin read, the member admin reads those
    // and only those the rule gives it (later entries are its own reads).
    const last = everything[0]!.seq;
    expect(ng.filter((e) => e.seq <= last).map((e) => e.seq)).toEqual(
      everything.filter(memberReads('NG')).map((e) => e.seq),
    );
  });

  it('other roles and credentials are refused with a stable code', async () => {
    for (const username of ['analyst-ma', 'reader-ma', 'analyst-ng']) {
      const res = await read(username);
      expect(res.statusCode).toBe(403);
      expect(json(res)).toMatchObject({ code: 'forbidden', field: 'audit' });
      const check = await t.app.inject({
        url: '/api/v1/audit/verification',
        headers: await t.login(username),
      });
      expect(check.statusCode).toBe(403);
    }
    expect((await t.app.inject({ url: '/api/v1/audit' })).statusCode).toBe(401);
    const token = json<{ token: string }>(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: admin,
        payload: { name: 'audit reader', scope: 'read' },
      }),
    ).token;
    const byToken = await read({ authorization: `Bearer ${token}` });
    expect(byToken.statusCode).toBe(403);
    expect(json(byToken)).toMatchObject({ code: 'session_required' });
  });

  it('filters by user, action (and the actions under it), object and dates', async () => {
    const byUser = await page('admin', '?user=analyst-ne');
    expect(byUser.items.length).toBeGreaterThan(0);
    expect(byUser.items.every((e) => e.actor === 'analyst-ne')).toBe(true);

    const logins = await page('admin', '?action=login');
    expect(new Set(logins.items.map((e) => e.action))).toEqual(
      new Set(['login.success', 'login.failure']),
    );
    const exact = await page('admin', '?action=member.update');
    expect(exact.items.map((e) => e.subject)).toEqual(['NE']);
    expect(exact.items[0]!.detail).toEqual({
      before: { names: { fr: 'Niger' } },
      after: { names: { fr: 'République du Niger' } },
    });
    // `member` does not find `members.x`: a prefix stops at a dot.
    expect((await page('admin', '?action=membe')).items).toEqual([]);

    const aboutNe = await page('admin', '?object=NE');
    expect(aboutNe.items.length).toBeGreaterThan(0);
    expect(aboutNe.items.every((e) => e.subject === 'NE')).toBe(true);

    // A member admin's filters stay inside its member.
    expect((await page('admin-ne', '?user=analyst-ng')).items).toEqual([]);
    expect((await page('admin-ne', '?action=group.update')).items).toEqual([]);

    expect((await page('admin', `?from=${today()}&to=${today()}`)).items.length).toBeGreaterThan(0);
    expect((await page('admin', `?from=${dayOffset(1)}`)).items).toEqual([]);
    expect((await page('admin', `?to=${dayOffset(-1)}`)).items).toEqual([]);
  });

  it('pages with a cursor, newest first, bounded; bad input is a 400 naming the field', async () => {
    const whole = await page('admin', '?limit=200&action=login');
    const seen: number[] = [];
    let cursor = '';
    let pages = 0;
    for (;;) {
      const p = await page('admin', `?limit=2&action=login${cursor ? `&cursor=${cursor}` : ''}`);
      expect(p.items.length).toBeLessThanOrEqual(2);
      seen.push(...p.items.map((e) => e.seq));
      pages += 1;
      if (!p.next) break;
      cursor = p.next;
    }
    expect(pages).toBeGreaterThan(2);
    expect(seen).toEqual(whole.items.map((e) => e.seq));
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);

    const bad: [string, string][] = [
      ['?limit=500', 'limit'],
      ['?limit=0', 'limit'],
      ['?cursor=zzz', 'cursor'],
      ['?action=Member%25', 'action'],
      ['?from=2025-13-01', 'from'],
      [`?from=${today()}&to=${dayOffset(-3)}`, 'to'],
      ['?colour=red', 'colour'],
      [`?object=${'x'.repeat(301)}`, 'object'],
    ];
    for (const [query, field] of bad) {
      const res = await read('admin', query);
      expect(res.statusCode, `${query} ${res.body}`).toBe(400);
      expect(json(res)).toMatchObject({ code: 'validation' });
      expect(json<{ message: string }>(res).message).toContain(field);
    }
  });

  it('records a person reading the log, once for a set of filters, not every page', async () => {
    const reads = async () =>
      (
        await t.handle.db
          .selectFrom('audit_log')
          .selectAll()
          .where('action', '=', 'audit.read')
          .where('actor', '=', 'admin-ng')
          .execute()
      ).length;
    const before = await reads();
    const first = await page('admin-ng', '?limit=1&action=user');
    expect(await reads()).toBe(before + 1);
    await page('admin-ng', '?limit=1&action=user');
    await page('admin-ng', `?limit=1&action=user&cursor=${first.next}`);
    expect(await reads()).toBe(before + 1);
    await page('admin-ng', '?limit=1&action=login');
    expect(await reads()).toBe(before + 2);
    // Its own reads are the member admin's own activity; the instance admin's are the instance's.
    const mine = await page('admin-ng', '?action=audit.read');
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((e) => e.actor === 'admin-ng')).toBe(true);
    await page('admin', '?action=audit');
    const adminReads = await t.handle.db
      .selectFrom('audit_log')
      .select('about')
      .where('action', '=', 'audit.read')
      .where('actor', '=', 'admin')
      .execute();
    expect(adminReads.length).toBeGreaterThan(0);
    expect(adminReads.every((r) => r.about === '*')).toBe(true);
  });

  it('shows the hash chain check: its result and time; where it breaks only to instance admins', async () => {
    const intact = json<AuditVerification>(
      await t.app.inject({ url: '/api/v1/audit/verification', headers: admin }),
    );
    expect(intact).toMatchObject({ ok: true, checking: false });
    expect(intact.entries).toBeGreaterThan(10);
    expect(Date.parse(intact.checked_at!)).toBeLessThanOrEqual(Date.now());
    const forMember = json<AuditVerification>(
      await t.app.inject({ url: '/api/v1/audit/verification', headers: await t.login('admin-ne') }),
    );
    expect(forMember).toEqual({ ok: true, checked_at: intact.checked_at, checking: false });

    // Someone with the database's keys alters an entry; the next check names it.
    if (dialect === 'sqlite') await sql`DROP TRIGGER audit_log_no_update`.execute(t.handle.db);
    else await sql`DROP TRIGGER audit_log_no_change ON audit_log`.execute(t.handle.db);
    await t.handle.db
      .updateTable('audit_log')
      .set({ detail: '{"forged":true}' })
      .where('seq', '=', 7)
      .execute();
    await auditCheck(t.handle.db, true, { maxAgeMs: 0, minAgeMs: 0, waitMs: 10_000 });
    const broken = json<AuditVerification>(
      await t.app.inject({ url: '/api/v1/audit/verification', headers: admin }),
    );
    expect(broken).toMatchObject({ ok: false, bad_seq: 7, problem: 'content', checking: false });
    const brokenForMember = json<AuditVerification>(
      await t.app.inject({ url: '/api/v1/audit/verification', headers: await t.login('admin-ng') }),
    );
    expect(brokenForMember.ok).toBe(false);
    expect(brokenForMember.bad_seq).toBeUndefined();
  });
});

describe.each(DIALECTS)('checking a long log on %s', (dialect) => {
  it('lets the event loop turn between chunks, and keeps its result a while', async () => {
    const { freshDb } = await import('../../test/helpers.ts');
    const t = await freshDb(dialect);
    try {
      await t.handle.db.transaction().execute((trx) =>
        appendAudit(
          trx,
          Array.from({ length: 6000 }, (_, i) => ({
            actor: 'analyst-ma',
            member: 'MA',
            action: 'objects.write',
            subject: `report--${i}`,
            detail: { i },
          })),
        ),
      );
      let turns = 0;
      let counting = true;
      const tick = () => {
        if (!counting) return;
        turns += 1;
        setImmediate(tick);
      };
      setImmediate(tick);
      expect(await verifyAudit(t.handle.db, 500)).toEqual({ ok: true, entries: 6000 });
      counting = false;
      // Twelve chunks of 500: other work ran between them.
      expect(turns).toBeGreaterThanOrEqual(10);

      const first = await auditCheck(t.handle.db);
      expect(first.check?.verdict).toEqual({ ok: true, entries: 6000 });
      const again = await auditCheck(t.handle.db);
      expect(again.check?.checkedAt).toBe(first.check?.checkedAt);
      // Asked fresh right after a check: the same result, not a second walk of the log.
      expect((await auditCheck(t.handle.db, true)).check?.checkedAt).toBe(first.check?.checkedAt);
    } finally {
      await t.cleanup();
    }
  });
});
