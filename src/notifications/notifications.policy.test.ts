import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notification, NotificationCount } from '../../contract/notifications.ts';
import { createUser } from '../accounts/users.service.ts';
import { DEMO_PASSWORD, DIALECTS, json, testApp, type TestApp } from '../../test/helpers.ts';
import {
  allowed,
  AUDIENCES,
  expectedVisible,
  TLPS,
  VIEWERS,
  type AudienceCase,
} from '../../test/policy-matrix.ts';
import { startSmtp, type TestSmtp } from '../../test/smtp.ts';
import type { TlpLevel } from '../stix/tlp.ts';
import { sendDigests, smtpMailer } from './digest.service.ts';

/**
 * The access-policy matrix over notifications: Nigeria writes, under every allowed TLP and
 * audience, a report and a new version of it, a report that mentions an object of every other
 * viewer's member, and a note and an opinion on those objects. Every viewer is notified of exactly
 * what its member may read — in the list, the unread count by kind, and the e-mail digest — and
 * never of the rest, not even as a number; Nigeria is notified of none of its own.
 */
describe.each(DIALECTS)('notifications policy matrix on %s', (dialect) => {
  let t: TestApp;
  let smtp: TestSmtp;
  interface Case {
    audience: AudienceCase;
    tlp: TlpLevel;
    plain: string;
    mention: string;
    note: string;
    opinion: string;
    name: string;
  }
  const cases: Case[] = [];
  const targets = new Map<string, string>();
  const start = Date.now();

  const store = async (username: string, objects: unknown[], audience: unknown, tlp: string) => {
    const res = await t.as(username, 'POST', '/api/v1/objects', { objects, audience, tlp });
    expect(res.statusCode, res.body).toBe(200);
  };
  const sdo = (type: string, id: string, fields: Record<string, unknown>, modified?: string) => {
    const now = new Date().toISOString();
    return { type, spec_version: '2.1', id, created: now, modified: modified ?? now, ...fields };
  };
  const email = (username: string) => `${username}@matrix.test`;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await testApp(dialect, {
      configure: { smtpUrl: smtp.url, publicUrl: 'https://tansiq.test' },
    });
    await createUser(t.handle.db, null, {
      username: 'observer-unoct',
      password: DEMO_PASSWORD,
      role: 'analyst',
      member: 'UNOCT',
    });
    // One object of each viewer's member (other than Nigeria), for the whole coalition.
    for (const [code, username] of [
      ['NE', 'analyst-ne'],
      ['MA', 'analyst-ma'],
      ['FR', 'analyst-fr'],
      ['UNOCT', 'observer-unoct'],
    ] as const) {
      const id = `intrusion-set--${randomUUID()}`;
      targets.set(code, id);
      await store(
        username,
        [sdo('intrusion-set', id, { name: `Matrix target ${code}` })],
        'coalition',
        'clear',
      );
    }
    // Every viewer starts with nothing unread, and a weekly digest.
    for (const viewer of VIEWERS) {
      const read = await t.as(viewer.username, 'POST', '/api/v1/notifications/read-all', {});
      expect(read.statusCode, read.body).toBe(200);
      const on = await t.as(viewer.username, 'PUT', '/api/v1/notifications/settings', {
        digest: 'weekly',
        email: email(viewer.username),
      });
      expect(on.statusCode, on.body).toBe(200);
    }
    for (const tlp of TLPS) {
      for (const audience of Object.keys(AUDIENCES) as AudienceCase[]) {
        if (!allowed(tlp, audience)) continue;
        const tag = `${tlp} ${audience} ${randomUUID().slice(0, 8)}`;
        const c: Case = {
          audience,
          tlp,
          name: `Notification matrix ${tag}`,
          plain: `report--${randomUUID()}`,
          mention: `report--${randomUUID()}`,
          note: `note--${randomUUID()}`,
          opinion: `opinion--${randomUUID()}`,
        };
        const sharing = AUDIENCES[audience];
        const refs = [...targets.values()];
        const now = new Date().toISOString();
        await store(
          'analyst-ng',
          [
            sdo('report', c.plain, {
              name: c.name,
              published: now,
              object_refs: [`location--${randomUUID()}`],
            }),
            sdo('report', c.mention, {
              name: `${c.name} (mentions)`,
              published: now,
              object_refs: refs,
            }),
            sdo('note', c.note, { content: `Matrix note ${tag}`, object_refs: refs }),
            sdo('opinion', c.opinion, {
              opinion: 'agree',
              explanation: `Matrix opinion ${tag}`,
              object_refs: refs,
            }),
          ],
          sharing,
          tlp,
        );
        const later = new Date(Date.now() + 1000).toISOString();
        await store(
          'analyst-ng',
          [
            sdo(
              'report',
              c.plain,
              { name: `${c.name} v2`, published: now, object_refs: [`location--${randomUUID()}`] },
              later,
            ),
          ],
          sharing,
          tlp,
        );
        cases.push(c);
      }
    }
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('writes every case (16 allowed TLP/audience pairs)', () => {
    expect(cases).toHaveLength(16);
  });

  const expected = (viewer: (typeof VIEWERS)[number]) => {
    const out = new Set<string>();
    if (viewer.member === 'NG') return out;
    for (const c of cases.filter((x) => expectedVisible(viewer, x.audience))) {
      out.add(`object ${c.plain}`);
      out.add(`version ${c.plain}`);
      out.add(`mention ${c.mention}`);
      out.add(`note ${c.note}`);
      out.add(`opinion ${c.opinion}`);
    }
    return out;
  };
  const caseIds = () => new Set(cases.flatMap((c) => [c.plain, c.mention, c.note, c.opinion]));

  for (const viewer of VIEWERS) {
    it(`${viewer.username} (${viewer.role}): the list and the unread count`, async () => {
      const items: Notification[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Notification[]; next: string | null } = json(
          await t.as(
            viewer.username,
            'GET',
            `/api/v1/notifications?unread=true&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
          ),
        );
        items.push(...page.items);
        cursor = page.next;
      } while (cursor);
      const ids = caseIds();
      // Nothing but the cases is new to anyone.
      expect(items.filter((n) => !ids.has(n.object.id))).toEqual([]);
      expect(new Set(items.map((n) => `${n.kind} ${n.object.id}`))).toEqual(expected(viewer));
      for (const n of items) {
        expect(n.object.visible, n.object.id).toBe(true);
        for (const a of n.about) expect(a.visible).toBe(true);
        const c = cases.find((x) => [x.plain, x.mention, x.note, x.opinion].includes(n.object.id))!;
        expect(n.tlp).toBe(c.tlp);
        if (n.kind === 'note' || n.kind === 'opinion' || n.kind === 'mention') {
          expect(n.about.map((a) => a.id)).toEqual([targets.get(viewer.member)]);
        }
      }
      const count = json<NotificationCount>(
        await t.as(viewer.username, 'GET', '/api/v1/notifications/count'),
      );
      const want = expected(viewer);
      expect(count.unread).toBe(want.size);
      for (const kind of ['object', 'version', 'mention', 'note', 'opinion'] as const)
        expect(count.by_kind[kind], kind).toBe(
          [...want].filter((k) => k.startsWith(`${kind} `)).length,
        );
    });
  }

  it('every viewer’s digest names what its member may read, and nothing else', async () => {
    const mailer = smtpMailer(t.config)!;
    try {
      const report = await sendDigests(t.handle.db, t.config, mailer, {
        now: new Date(start + 8 * 86_400_000),
        items: 100,
      });
      expect(report.failed).toEqual([]);
    } finally {
      mailer.close();
    }
    for (const viewer of VIEWERS) {
      const mails = smtp.delivered.filter((d) => d.to.includes(email(viewer.username)));
      const visible = cases.filter(
        (c) => viewer.member !== 'NG' && expectedVisible(viewer, c.audience),
      );
      expect(mails, viewer.username).toHaveLength(visible.length ? 1 : 0);
      const text = mails[0]?.mail.text ?? '';
      const html = mails[0]?.mail.html || '';
      for (const c of cases) {
        const may = visible.includes(c);
        for (const id of [c.plain, c.mention])
          expect(text.includes(id), `${viewer.username} ${c.tlp}/${c.audience} ${id}`).toBe(may);
        // Names and texts travel by mail only below RED.
        const told = may && c.tlp !== 'red';
        expect(text.includes(`${c.name} v2`), `${viewer.username} ${c.tlp}/${c.audience}`).toBe(
          told,
        );
        expect(text.includes(`Matrix note ${c.name.slice(20)}`)).toBe(told);
        if (!may) {
          expect(html).not.toContain(c.plain);
          expect(html).not.toContain(c.name);
        }
      }
    }
  });

  it('a federation token is notified of nothing that may not leave the instance', async () => {
    const token = json<{ token: string }>(
      await t.as('analyst-ne', 'POST', '/api/v1/tokens', { name: 'peer', scope: 'federation' }),
    ).token;
    const headers = { authorization: `Bearer ${token}` };
    const list = json<{ items: Notification[] }>(
      await t.app.inject({ url: '/api/v1/notifications?limit=100', headers }),
    );
    const ids = caseIds();
    expect(list.items.filter((n) => ids.has(n.object.id))).toEqual([]);
    const count = json<NotificationCount>(
      await t.app.inject({ url: '/api/v1/notifications/count', headers }),
    );
    expect(count.unread).toBe(0);
  });
});
