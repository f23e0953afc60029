import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DIALECTS, json, testApp, type TestApp } from './helpers.ts';

/**
 * Accounts that hold: lock out the attacker, not the user; a right and a wrong password answer
 * alike behind a second factor; a new password withdraws tokens; users see and end their sessions;
 * the installation can require a second factor.
 */
describe.each(DIALECTS)('hardened accounts on %s', (dialect) => {
  let t: TestApp;
  const login = (
    username: string,
    password: string,
    from: string,
    extra: Record<string, string> = {},
  ) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username, password, ...extra },
      remoteAddress: from,
    });

  beforeAll(async () => {
    t = await testApp(dialect);
  });
  afterAll(() => t.close());

  it('five wrong passwords lock the guessing address out of that account, not the owner elsewhere', async () => {
    for (let i = 0; i < 5; i += 1) {
      const res = await login('analyst-ng', `wrong-${i}`, '203.0.113.9');
      expect(res.statusCode).toBe(401);
    }
    const blocked = await login('analyst-ng', DEMO_PASSWORD, '203.0.113.9');
    expect(blocked.statusCode).toBe(429);
    // The owner, from its own address, is not locked out; over TAXII Basic neither.
    expect((await login('analyst-ng', DEMO_PASSWORD, '198.51.100.20')).statusCode).toBe(200);
    const taxii = await t.app.inject({
      url: '/taxii2/',
      headers: {
        authorization: `Basic ${Buffer.from(`analyst-ng:${DEMO_PASSWORD}`).toString('base64')}`,
        accept: 'application/taxii+json;version=2.1',
      },
      remoteAddress: '198.51.100.21',
    });
    expect(taxii.statusCode).toBe(200);
  });

  it('one address failing across many accounts is locked out; others are not', async () => {
    const users = ['analyst-td', 'analyst-cm', 'analyst-ke', 'analyst-mr', 'analyst-bf'];
    for (let i = 0; i < 20; i += 1) await login(users[i % users.length]!, 'wrong', '203.0.113.50');
    expect((await login('analyst-gn', DEMO_PASSWORD, '203.0.113.50')).statusCode).toBe(429);
    expect((await login('analyst-gn', DEMO_PASSWORD, '203.0.113.51')).statusCode).toBe(200);
  });

  it('behind a second factor, a right and a wrong password answer alike', async () => {
    const headers = await t.login('analyst-tg');
    const start = json<{ secret: string }>(
      await t.app.inject({ method: 'POST', url: '/api/v1/me/totp', headers }),
    );
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(start.secret) });
    const confirm = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/totp/confirm',
      headers,
      payload: { code: totp.generate() },
    });
    expect(confirm.statusCode).toBe(200);
    const answer = async (password: string, extra: Record<string, string> = {}) => {
      const res = await login('analyst-tg', password, '198.51.100.77', extra);
      return { status: res.statusCode, body: res.json() as unknown };
    };
    expect(await answer(DEMO_PASSWORD)).toEqual(await answer('not-the-password'));
    expect((await answer(DEMO_PASSWORD)).status).toBe(401);
    const wrongCode = { totp: totp.generate() === '123456' ? '654321' : '123456' };
    expect(await answer(DEMO_PASSWORD, wrongCode)).toEqual(
      await answer('not-the-password', wrongCode),
    );
  });

  it('an authenticator secret is sealed at rest; one stored plain before is sealed once used', async () => {
    const stored = async (username: string) =>
      (await t.handle.db
        .selectFrom('users')
        .select(['totp_secret', 'totp_pending'])
        .where('username', '=', username)
        .executeTakeFirstOrThrow())!;
    const headers = await t.login('analyst-sa');
    const start = json<{ secret: string }>(
      await t.app.inject({ method: 'POST', url: '/api/v1/me/totp', headers }),
    );
    expect((await stored('analyst-sa')).totp_pending).toMatch(/^tsq1:/);
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(start.secret) });
    const confirm = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/totp/confirm',
      headers,
      payload: { code: totp.generate() },
    });
    expect(confirm.statusCode, confirm.body).toBe(200);
    // A copy of the database holds the secret only sealed: it cannot generate the user's codes.
    const row = await stored('analyst-sa');
    expect(row.totp_secret).toMatch(/^tsq1:/);
    expect(JSON.stringify(row)).not.toContain(start.secret);

    // A secret stored plain (before sealing) still signs in, and is sealed from then on.
    const plain = new OTPAuth.Secret({ size: 20 });
    await t.handle.db
      .updateTable('users')
      .set({ totp_secret: plain.base32 })
      .where('username', '=', 'analyst-us')
      .execute();
    const code = new OTPAuth.TOTP({ secret: plain }).generate();
    const signedIn = await login('analyst-us', DEMO_PASSWORD, '198.51.100.61', { totp: code });
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    expect((await stored('analyst-us')).totp_secret).toMatch(/^tsq1:/);
  });

  it('a new password withdraws every API token of the account', async () => {
    const adminNe = await t.login('admin-ne');
    const users = json<{ items: { id: string; username: string }[] }>(
      await t.app.inject({ url: '/api/v1/users', headers: adminNe }),
    ).items;
    const ne = users.find((u) => u.username === 'analyst-ne')!;
    // The member admin of Niger gives one of its analysts a new password.
    const neToken = json<{ token: string }>(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: await t.login('analyst-ne'),
        payload: { name: 'sync', scope: 'read' },
      }),
    ).token;
    const changed = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${ne.id}`,
      headers: adminNe,
      payload: { password: 'a-brand-new-password-1' },
    });
    expect(changed.statusCode).toBe(200);
    const bearer = { authorization: `Bearer ${neToken}` };
    expect((await t.app.inject({ url: '/api/v1/me', headers: bearer })).statusCode).toBe(401);
  });

  it('a user lists its sessions and ends one, or all the others', async () => {
    const first = await login('analyst-it', DEMO_PASSWORD, '198.51.100.31');
    const second = await login('analyst-it', DEMO_PASSWORD, '198.51.100.32');
    const third = await login('analyst-it', DEMO_PASSWORD, '198.51.100.33');
    const headersOf = (res: typeof first) => ({
      cookie: `tansiq_session=${res.cookies.find((c) => c.name === 'tansiq_session')!.value}`,
      'x-csrf-token': res.json<{ csrfToken: string }>().csrfToken,
    });
    const mine = headersOf(first);
    type Session = { id: string; address: string; current: boolean };
    const list = json<{ items: Session[] }>(
      await t.app.inject({ url: '/api/v1/me/sessions', headers: mine }),
    ).items;
    expect(list.map((s) => s.address).sort()).toEqual([
      '198.51.100.31',
      '198.51.100.32',
      '198.51.100.33',
    ]);
    expect(list.filter((s) => s.current).map((s) => s.address)).toEqual(['198.51.100.31']);
    const secondId = list.find((s) => s.address === '198.51.100.32')!.id;
    const ended = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/me/sessions/${secondId}`,
      headers: mine,
    });
    expect(ended.statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/v1/me', headers: headersOf(second) })).statusCode).toBe(
      401,
    );
    const others = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/me/sessions',
      headers: mine,
    });
    expect(json(others)).toEqual({ ended: 1 });
    expect((await t.app.inject({ url: '/api/v1/me', headers: headersOf(third) })).statusCode).toBe(
      401,
    );
    expect((await t.app.inject({ url: '/api/v1/me', headers: mine })).statusCode).toBe(200);
  });
});

describe.each(DIALECTS)('an installation requiring a second factor on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(dialect, { configure: { requireSecondFactor: 'admins' } });
  });
  afterAll(() => t.close());

  it('an installation that requires a second factor of admins lets them only enrol until they do', async () => {
    const admin = await t.login('admin-ne');
    const me = json<{ second_factor_required: boolean }>(
      await t.app.inject({ url: '/api/v1/me', headers: admin }),
    );
    expect(me.second_factor_required).toBe(true);
    const users = await t.app.inject({ url: '/api/v1/users', headers: admin });
    expect(users.statusCode).toBe(403);
    expect(json(users)).toMatchObject({ code: 'totp_enrolment_required' });
    const start = json<{ secret: string }>(
      await t.app.inject({ method: 'POST', url: '/api/v1/me/totp', headers: admin }),
    );
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(start.secret) });
    const confirmed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/totp/confirm',
      headers: admin,
      payload: { code: totp.generate() },
    });
    expect(confirmed.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/users', headers: admin })).statusCode).toBe(200);
    // Analysts are not asked; tokens stay the machine path.
    expect(
      (await t.app.inject({ url: '/api/v1/objects', headers: await t.login('analyst-fr') }))
        .statusCode,
    ).toBe(200);
  });
});
