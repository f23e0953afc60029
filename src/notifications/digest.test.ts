import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationSettings } from '../../contract/notifications.ts';
import {
  DEMO_PASSWORD,
  DIALECTS,
  freshDb,
  json,
  testApp,
  type TestApp,
  type TestDb,
  reportObject,
} from '../../test/helpers.ts';
import { userByUsername } from '../accounts/users.repository.ts';
import { loadDemo } from '../demo/demo.ts';
import { storeObjects } from '../exchange/objects.service.ts';
import { memberByCode } from '../members/members.repository.ts';
import { systemActor } from '../policy/viewer.ts';
import { changeSettings } from './notifications.service.ts';
import { startSmtp, type Delivered, type TestSmtp } from '../../test/smtp.ts';
import { sendDigests, smtpMailer, startDigestSchedule, type Mailer } from './digest.service.ts';

const HOUR = 3_600_000;
const BIN = path.resolve(import.meta.dirname, '../../bin/tansiq.js');

/**
 * E-mail digests delivered to a real SMTP server on loopback: each user's digest is in their
 * language, lists what their notifications show since the last digest — never what they may not
 * read — with TLP marked (the strictest in the subject) and links to the objects; TLP:RED content
 * stays in Tansiq; a digest is due once a day or a week; one that could not be delivered is kept.
 */
describe.each(DIALECTS)('e-mail digests on %s', (dialect) => {
  let smtp: TestSmtp;
  let t: TestApp;
  let mailer: Mailer;
  const ids = { coalition: '', forMa: '', red: '', ngOnly: '', maReport: '' };
  const start = Date.now();

  const store = async (
    username: string,
    id: string,
    name: string,
    audience: unknown,
    tlp: string,
  ) => {
    const res = await t.as(username, 'POST', '/api/v1/objects', {
      objects: [reportObject(id, name)],
      audience,
      tlp,
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  const digestTo = (address: string): Delivered[] =>
    smtp.delivered.filter((d) => d.to.includes(address));

  beforeAll(async () => {
    smtp = await startSmtp((address) => address.startsWith('bounce'));
    t = await testApp(dialect, {
      configure: {
        smtpUrl: smtp.url,
        mailFrom: 'Tansiq <tansiq@tansiq.test>',
        publicUrl: 'https://tansiq.test',
      },
    });
    mailer = smtpMailer(t.config)!;
    for (const [username, digest, email] of [
      ['analyst-ma', 'daily', 'analyste@ma.test'],
      ['analyst-ne', 'weekly', 'analyste@ne.test'],
      ['admin', 'daily', 'bounce@ma.test'],
    ] as const) {
      const res = await t.as(username, 'PUT', '/api/v1/notifications/settings', {
        digest,
        email,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(json<NotificationSettings>(res)).toMatchObject({
        digest,
        email,
        mail_available: true,
      });
    }
    // What others write afterwards, under different sharing.
    ids.maReport = `report--${randomUUID()}`;
    await store('analyst-ma', ids.maReport, '[تمرين] تقرير المغرب', 'coalition', 'green');
    ids.coalition = `report--${randomUUID()}`;
    await store(
      'analyst-ng',
      ids.coalition,
      '[EXERCISE] Lake Chad, for everyone',
      'coalition',
      'green',
    );
    ids.forMa = `report--${randomUUID()}`;
    await store(
      'analyst-ng',
      ids.forMa,
      '[EXERCISE] For Morocco only',
      { recipients: ['MA'] },
      'amber',
    );
    ids.red = `report--${randomUUID()}`;
    await store('analyst-ng', ids.red, '[EXERCISE] Red for Niger', { recipients: ['NE'] }, 'red');
    ids.ngOnly = `report--${randomUUID()}`;
    await store('analyst-ng', ids.ngOnly, '[EXERCISE] Nigeria only', 'member', 'amber');
    const note = await t.as('analyst-ng', 'POST', `/api/v1/objects/${ids.maReport}/notes`, {
      content: '[EXERCISE] We see the same movements near Diffa.',
      lang: 'en',
    });
    expect(note.statusCode, note.body).toBe(201);
  });
  afterAll(async () => {
    mailer?.close();
    await t?.close();
    await smtp?.close();
  });

  it('nothing is due before a day has passed', async () => {
    const report = await sendDigests(t.handle.db, t.config, mailer, {
      now: new Date(start + HOUR),
    });
    expect(report.sent).toEqual([]);
    expect(smtp.delivered).toEqual([]);
  });

  it('a day later: Morocco’s digest in Arabic, with what Morocco may read and nothing else', async () => {
    const report = await sendDigests(t.handle.db, t.config, mailer, {
      now: new Date(start + 25 * HOUR),
    });
    expect(report.sent.map((s) => s.username)).toEqual(['analyst-ma']);
    expect(report.failed.map((f) => f.username)).toEqual(['admin']);
    const [ma] = digestTo('analyste@ma.test');
    expect(ma).toBeDefined();
    const { mail } = ma!;
    expect(mail.from?.text).toContain('tansiq@tansiq.test');
    expect(mail.headers.get('content-language')).toBe('ar');
    // FIRST TLP 2.0: the strictest marking of the content, in the subject.
    expect(mail.subject).toMatch(/^\[TLP:AMBER\] تنسيق/);
    expect(mail.html).toContain('dir="rtl"');
    const text = mail.text!;
    expect(text).toContain('مرحبا analyst-ma');
    expect(text).toContain('[EXERCISE] Lake Chad, for everyone');
    expect(text).toContain('[EXERCISE] For Morocco only');
    expect(text).toContain('[TLP:AMBER]');
    expect(text).toContain('We see the same movements near Diffa');
    expect(text).toContain(`https://tansiq.test/objects/${ids.forMa}`);
    // The note leads to Morocco's report it answers.
    expect(text).toContain(`https://tansiq.test/objects/${ids.maReport}`);
    expect(text).not.toContain('Red for Niger');
    expect(text).not.toContain('Nigeria only');
    expect(mail.html).not.toContain('Red for Niger');
    expect(mail.html).not.toContain(ids.red);
    expect(mail.html).not.toContain(ids.ngOnly);
    // Niger's is weekly: not yet.
    expect(digestTo('analyste@ne.test')).toEqual([]);
    // The delivery is on record.
    const audit = await t.handle.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('action', '=', 'notifications.digest')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toContain('analyste@ma.test');
  });

  it('sent once: the next run the same day sends nothing again', async () => {
    const report = await sendDigests(t.handle.db, t.config, mailer, {
      now: new Date(start + 25 * HOUR + 10 * 60_000),
    });
    expect(report.sent).toEqual([]);
    expect(digestTo('analyste@ma.test')).toHaveLength(1);
  });

  it('an undelivered digest is kept and tried again with the same content', async () => {
    const admin = await t.handle.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'admin')
      .executeTakeFirstOrThrow();
    await t.handle.db
      .withTables<{ notification_state: { user_id: string; email: string | null } }>()
      .updateTable('notification_state')
      .set({ email: 'admin@ma.test' })
      .where('user_id', '=', admin.id)
      .execute();
    // Tried again 15 minutes after the failure, not before.
    const soon = await sendDigests(t.handle.db, t.config, mailer, {
      now: new Date(start + 25 * HOUR + 14 * 60_000),
    });
    expect(soon.sent.map((s) => s.username)).not.toContain('admin');
    const retry = await sendDigests(t.handle.db, t.config, mailer, {
      now: new Date(start + 25 * HOUR + 16 * 60_000),
    });
    expect(retry.sent.map((s) => s.username)).toContain('admin');
    const [mail] = digestTo('admin@ma.test');
    expect(mail!.mail.headers.get('content-language')).toBe('en');
    expect(mail!.mail.text).toContain('[EXERCISE] For Morocco only');
    expect(mail!.mail.text).not.toContain('Red for Niger');
  });

  it('a week later: Niger’s digest in French; the TLP:RED report is marked, not told', async () => {
    const report = await sendDigests(t.handle.db, t.config, mailer, {
      now: new Date(start + 8 * 24 * HOUR),
    });
    expect(report.sent.map((s) => s.username)).toContain('analyst-ne');
    const [ne] = digestTo('analyste@ne.test');
    const { mail } = ne!;
    expect(mail.headers.get('content-language')).toBe('fr');
    expect(mail.subject).toMatch(/^\[TLP:RED\] Tansiq : \d+ nouveautés depuis le .+ \(Niger\)$/);
    const text = mail.text!;
    expect(text).toContain('Bonjour analyst-ne');
    expect(text).toContain('[EXERCISE] Lake Chad, for everyone');
    expect(text).toContain('[TLP:RED]');
    expect(text).toContain('son contenu n’est pas envoyé par courriel');
    expect(text).toContain(`https://tansiq.test/objects/${ids.red}`);
    expect(text).not.toContain('Red for Niger');
    expect(text).not.toContain('For Morocco only');
    expect(text).not.toContain('Nigeria only');
    // Replies to Morocco's report are Morocco's news, not Niger's.
    expect(text).not.toContain('near Diffa');
  });
  it('the server’s schedule sends a digest that is due, on its own', async () => {
    const user = await t.handle.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'analyst-ma')
      .executeTakeFirstOrThrow();
    // Morocco's last digest was long ago, and Nigeria writes something new.
    await t.handle.db
      .withTables<{ notification_state: { user_id: string; digest_at: string | null } }>()
      .updateTable('notification_state')
      .set({ digest_at: '2000-01-01T00:00:00.000Z' })
      .where('user_id', '=', user.id)
      .execute();
    const id = `report--${randomUUID()}`;
    await store('analyst-ng', id, '[EXERCISE] Written while the server runs', 'coalition', 'green');
    const before = digestTo('analyste@ma.test').length;
    const logged: string[] = [];
    const stop = startDigestSchedule(
      t.handle.db,
      t.config,
      { info: (_o, msg) => logged.push(msg), warn: (_o, msg) => logged.push(msg) },
      50,
    );
    try {
      await expect
        .poll(() => digestTo('analyste@ma.test').length, { timeout: 10_000 })
        .toBe(before + 1);
      // The mail server has the message before the schedule has recorded and logged it.
      await expect.poll(() => logged, { timeout: 10_000 }).toContain('digests sent');
    } finally {
      stop();
    }
    expect(digestTo('analyste@ma.test').at(-1)!.mail.text).toContain(
      '[EXERCISE] Written while the server runs',
    );
  });
});

/** `tansiq digests send`, as an operator runs it, on SQLite (the schedule's path is tested above). */
describe('tansiq digests send', () => {
  let smtp: TestSmtp;
  let db: TestDb;
  const run = promisify(execFile);
  const tansiq = async (args: string[], env: Record<string, string>) => {
    try {
      const { stdout, stderr } = await run('node', [BIN, ...args], {
        env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent', ...env },
      });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  };

  beforeAll(async () => {
    smtp = await startSmtp();
    db = await freshDb('sqlite');
    await loadDemo(db.handle.db, DEMO_PASSWORD);
    const user = (await userByUsername(db.handle.db, 'analyst-ma'))!;
    const ma = (await memberByCode(db.handle.db, 'MA'))!;
    await changeSettings(
      db.handle.db,
      { ...systemActor(ma), userId: user.id, username: user.username, via: 'session' },
      { ...db.config, smtpUrl: smtp.url },
      { digest: 'weekly', email: 'veille@ma.test' },
    );
    const ng = (await memberByCode(db.handle.db, 'NG'))!;
    const now = new Date().toISOString();
    await storeObjects(db.handle.db, systemActor(ng), {
      objects: [
        {
          type: 'report',
          spec_version: '2.1',
          id: `report--${randomUUID()}`,
          created: now,
          modified: now,
          name: '[EXERCISE] Sent by the operator',
          published: now,
          object_refs: [`location--${randomUUID()}`],
        },
      ],
      audience: { kind: 'coalition' },
      federate: false,
      tlp: 'clear',
      source: 'api',
    });
    await db.handle.close();
  });
  afterAll(async () => {
    await smtp?.close();
    fs.rmSync(db.config.dataDir, { recursive: true, force: true });
  });

  it('says so when the installation sends no mail', async () => {
    const res = await tansiq(['digests', 'send', '--data', db.config.dataDir], {});
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('TANSIQ_SMTP_URL is not set');
  });

  it('sends the weekly digest now with --force, and prints what it did', async () => {
    const env = { TANSIQ_SMTP_URL: smtp.url, TANSIQ_PUBLIC_URL: 'https://tansiq.ma.test' };
    const due = await tansiq(['digests', 'send', '--data', db.config.dataDir], env);
    expect(due.code, due.stderr).toBe(0);
    expect(due.stdout).toContain('0 digest(s) sent');
    const forced = await tansiq(
      ['digests', 'send', '--force', '--user', 'analyst-ma', '--data', db.config.dataDir],
      env,
    );
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain('sent      analyst-ma: 1 notification(s)');
    expect(forced.stdout).toContain('1 digest(s) sent, 0 with nothing new, 0 failed');
    expect(smtp.delivered).toHaveLength(1);
    const [mail] = smtp.delivered;
    expect(mail!.to).toEqual(['veille@ma.test']);
    expect(mail!.mail.subject).toMatch(/^\[TLP:CLEAR\] تنسيق/);
    expect(mail!.mail.text).toContain('[EXERCISE] Sent by the operator');
    expect(mail!.mail.text).toContain('https://tansiq.ma.test/objects/report--');
  });
});
