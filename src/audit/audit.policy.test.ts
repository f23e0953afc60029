import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DIALECTS, json, testApp, type TestApp } from '../../test/helpers.ts';
import { AUDIT_CASES, AUDIT_VIEWERS, expectedAuditReads } from '../../test/policy-matrix.ts';
import type { AuditPage } from '../../contract/audit.ts';
import { createUser } from '../accounts/users.service.ts';
import { appendAudit } from './audit.repository.ts';

/**
 * The policy matrix over the audit log: every viewer of the matrix reads exactly the entries the
 * rule gives it — by whom and about whom each entry is — or is refused; filters never widen it.
 */
describe.each(DIALECTS)('the audit view policy matrix on %s', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await testApp(dialect);
    // The matrix's viewers the demo does not have (as the STIX matrix adds them).
    for (const [username, role, member] of [
      ['admin-ng', 'member_admin', 'NG'],
      ['observer-unoct', 'analyst', 'UNOCT'],
    ])
      await createUser(t.handle.db, null, {
        username: username!,
        password: DEMO_PASSWORD,
        role: role as 'analyst' | 'member_admin',
        member: member!,
      });
    await t.handle.db.transaction().execute((trx) =>
      appendAudit(
        trx,
        AUDIT_CASES.map((c) => ({
          actor: c.member ? `someone-${c.member.toLowerCase()}` : 'cli',
          member: c.member,
          action: 'matrix.case',
          subject: c.name,
          detail: { exercise: true },
          about: c.about,
        })),
      ),
    );
  });
  afterAll(() => t.close());

  it('seeds every case once', () => {
    expect(new Set(AUDIT_CASES.map((c) => c.name)).size).toBe(10);
  });

  for (const viewer of AUDIT_VIEWERS) {
    it(`${viewer.username} (${viewer.role}) reads exactly what the rule gives it`, async () => {
      const headers = await t.login(viewer.username);
      const expected = expectedAuditReads(viewer);
      for (const query of ['?action=matrix', '?action=matrix.case&limit=3']) {
        const seen: string[] = [];
        let cursor = '';
        for (;;) {
          const res = await t.app.inject({
            url: `/api/v1/audit${query}${cursor ? `&cursor=${cursor}` : ''}`,
            headers,
          });
          if (expected === null) {
            expect(res.statusCode).toBe(403);
            expect(json(res)).toMatchObject({ code: 'forbidden' });
            break;
          }
          expect(res.statusCode, res.body).toBe(200);
          const page = json<AuditPage>(res);
          seen.push(...page.items.map((e) => e.subject!));
          if (!page.next) break;
          cursor = page.next;
        }
        if (expected !== null) expect(seen.sort()).toEqual([...expected].sort());
      }
      // Naming another case's subject does not reach it.
      if (expected !== null)
        for (const c of AUDIT_CASES) {
          const res = await t.app.inject({
            url: `/api/v1/audit?object=${c.name}&action=matrix`,
            headers,
          });
          expect(json<AuditPage>(res).items.length).toBe(expected.includes(c.name) ? 1 : 0);
        }
    });
  }
});
