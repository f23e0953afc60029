import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DIALECTS, json, testApp, type TestApp } from '../../test/helpers.ts';

describe.each(DIALECTS)('accounts, sessions and tokens on %s', (dialect) => {
  let t: TestApp;
  const login = (username: string, password = DEMO_PASSWORD, extra: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username, password, ...extra },
      remoteAddress: `10.0.0.${username.length}`,
    });

  beforeAll(async () => {
    t = await testApp(dialect);
  });
  afterAll(() => t.close());

  it('logs in with a server-side session in an httpOnly, SameSite=Strict cookie; logout ends it', async () => {
    const res = await login('analyst-ma');
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'tansiq_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const me = json<{
      username: string;
      member: { code: string };
      csrfToken: string;
      groups: { slug: string }[];
    }>(res);
    expect(me).toMatchObject({
      username: 'analyst-ma',
      member: { code: 'MA' },
      groups: [{ slug: 'africa-focus-group' }],
    });
    const headers = { cookie: `tansiq_session=${cookie.value}` };
    expect((await t.app.inject({ url: '/api/v1/me', headers })).statusCode).toBe(200);
    const out = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/session',
      headers: { ...headers, 'x-csrf-token': me.csrfToken },
    });
    expect(out.statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/v1/me', headers })).statusCode).toBe(401);
  });

  it('protects cookie-authenticated writes against cross-site requests', async () => {
    const res = await login('analyst-ne');
    const cookie = `tansiq_session=${res.cookies.find((c) => c.name === 'tansiq_session')!.value}`;
    const noToken = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { cookie },
      payload: { locale: 'ar' },
    });
    expect(noToken.statusCode).toBe(403);
    expect(json(noToken)).toMatchObject({ code: 'csrf', field: 'x-csrf-token' });
    const ok = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { cookie, 'x-csrf-token': json<{ csrfToken: string }>(res).csrfToken },
      payload: { locale: 'ar' },
    });
    expect(json(ok)).toMatchObject({ locale: 'ar' });
  });

  it('refuses wrong passwords and rate-limits failures per user', async () => {
    const wrong = await login('analyst-td', 'not-the-password');
    expect(wrong.statusCode).toBe(401);
    expect(json(wrong)).toMatchObject({ code: 'invalid_credentials' });
    expect((await login('nobody-at-all', 'x')).statusCode).toBe(401);
    for (let i = 0; i < 4; i++) await login('analyst-td', 'still-wrong');
    const blocked = await login('analyst-td');
    expect(blocked.statusCode).toBe(429);
    expect(json(blocked)).toMatchObject({ code: 'rate_limited' });
    // Another user is not affected.
    expect((await login('analyst-cm')).statusCode).toBe(200);
    const failures = await t.handle.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'login.failure')
      .execute();
    expect(failures.length).toBeGreaterThanOrEqual(6);
  });

  it('API tokens: shown once, stored hashed, scoped, listed, revocable by owner and member admin', async () => {
    const ne = await t.login('analyst-ne');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: ne,
      payload: { name: 'MISP sync', scope: 'write' },
    });
    expect(created.statusCode).toBe(201);
    const { token, id } = json<{ token: string; id: string }>(created);
    expect(token).toMatch(/^tsq_/);
    const stored = await t.handle.db
      .selectFrom('api_tokens')
      .select('token_hash')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    const bearer = { authorization: `Bearer ${token}` };
    expect(json(await t.app.inject({ url: '/api/v1/me', headers: bearer }))).toMatchObject({
      username: 'analyst-ne',
    });
    const listed = json<{ items: { id: string; name: string; last_used_at: string | null }[] }>(
      await t.app.inject({ url: '/api/v1/tokens', headers: ne }),
    );
    expect(listed.items.map((i) => i.name)).toContain('MISP sync');
    expect(listed.items.find((i) => i.id === id)?.last_used_at).toMatch(/^\d{4}-/);
    expect(JSON.stringify(listed)).not.toContain(token);
    // The member admin of Niger sees and may revoke it; Morocco's analyst may not.
    const adminNe = await t.login('admin-ne');
    expect(
      json<{ items: { id: string }[] }>(
        await t.app.inject({ url: '/api/v1/tokens', headers: adminNe }),
      ).items.map((i) => i.id),
    ).toContain(id);
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/api/v1/tokens/${id}`,
          headers: await t.login('analyst-ma'),
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${id}`, headers: adminNe }))
        .statusCode,
    ).toBe(204);
    const after = await t.app.inject({ url: '/api/v1/me', headers: bearer });
    expect(after.statusCode).toBe(401);
    const actions = (await t.handle.db.selectFrom('audit_log').select('action').execute()).map(
      (r) => r.action,
    );
    expect(actions).toEqual(expect.arrayContaining(['token.create', 'token.revoke']));
  });

  it('answers who co-chairs the Africa Focus Group on a date', async () => {
    const headers = await t.login('reader-ma');
    const on = async (date: string) =>
      json<{ items: { slug: string; chairs: string[]; members: string[]; observers: string[] }[] }>(
        await t.app.inject({ url: `/api/v1/groups?date=${date}`, headers }),
      ).items.find((g) => g.slug === 'africa-focus-group')!;
    expect((await on('2022-06-01')).chairs).toEqual(['IT', 'MA', 'NE', 'US']);
    expect((await on('2023-11-15')).chairs).toEqual(['IT', 'MA', 'SA', 'US']);
    expect((await on('2021-01-01')).chairs).toEqual([]);
    const now = await on('2026-11-29');
    expect(now.observers).toEqual(['UNOCT']);
    expect(now.members).toHaveLength(13);
    const bad = await t.app.inject({ url: '/api/v1/groups?date=soon', headers });
    expect(bad.statusCode).toBe(400);
    expect(json(bad)).toMatchObject({ field: 'date' });
  });

  it('members carry names in three languages and a STIX identity', async () => {
    const res = json<{
      items: { code: string; names: Record<string, string>; identity_id: string }[];
    }>(await t.app.inject({ url: '/api/v1/members', headers: await t.login('analyst-ma') }));
    const ne = res.items.find((m) => m.code === 'NE')!;
    expect(ne.names).toEqual({ ar: 'النيجر', fr: 'Niger', en: 'Niger' });
    const identity = await t.app.inject({
      url: `/api/v1/objects/${ne.identity_id}`,
      headers: await t.login('analyst-ma'),
    });
    expect(json(identity)).toMatchObject({
      object: { type: 'identity', name: 'Niger' },
      owner: 'NE',
      tlp: 'clear',
    });
  });

  it('admins manage users of their reach only', async () => {
    const adminNe = await t.login('admin-ne');
    const mine = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: adminNe,
      payload: {
        username: 'analyst2-ne',
        password: 'long-enough-password',
        role: 'analyst',
        member: 'NE',
      },
    });
    expect(mine.statusCode).toBe(201);
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: adminNe,
      payload: {
        username: 'intruder',
        password: 'long-enough-password',
        role: 'analyst',
        member: 'MA',
      },
    });
    expect(other.statusCode).toBe(403);
    const weak = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: adminNe,
      payload: { username: 'weak-ne', password: 'short', role: 'analyst', member: 'NE' },
    });
    expect(weak.statusCode).toBe(422);
    expect(json(weak)).toMatchObject({ field: 'password' });
    const list = json<{ items: { username: string }[] }>(
      await t.app.inject({ url: '/api/v1/users', headers: adminNe }),
    );
    expect(list.items.every((u) => u.username.endsWith('-ne'))).toBe(true);
    expect(
      (await t.app.inject({ url: '/api/v1/users', headers: await t.login('analyst-ma') }))
        .statusCode,
    ).toBe(403);
    // Disabling a user ends its sessions.
    const s = await login('analyst2-ne', 'long-enough-password');
    const cookie = `tansiq_session=${s.cookies.find((c) => c.name === 'tansiq_session')!.value}`;
    const id = json<{ id: string }>(s).id;
    expect(
      (
        await t.app.inject({
          method: 'PATCH',
          url: `/api/v1/users/${id}`,
          headers: adminNe,
          payload: { disabled: true },
        })
      ).statusCode,
    ).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('instance admins manage members, groups, memberships and chair terms; others may not', async () => {
    const admin = await t.login('admin');
    const member = await t.app.inject({
      method: 'POST',
      url: '/api/v1/members',
      headers: admin,
      payload: {
        code: 'SN',
        iso2: 'SN',
        kind: 'state',
        names: { ar: 'السنغال', fr: 'Sénégal', en: 'Senegal' },
      },
    });
    expect(member.statusCode, member.body).toBe(201);
    expect(json(member)).toMatchObject({
      code: 'SN',
      names: { fr: 'Sénégal' },
      identity_id: expect.stringMatching(/^identity--/),
    });
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/members',
          headers: admin,
          payload: { code: 'SN', kind: 'state', names: { ar: 'x', fr: 'x', en: 'x' } },
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (
        await t.app.inject({
          method: 'PUT',
          url: '/api/v1/groups/africa-focus-group/members/SN',
          headers: admin,
          payload: { role: 'member' },
        })
      ).statusCode,
    ).toBe(204);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/groups/africa-focus-group/chairs',
          headers: admin,
          payload: { member: 'SN', from: '2030-01-01' },
        })
      ).statusCode,
    ).toBe(201);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/groups/africa-focus-group/chairs',
      headers: admin,
      payload: { member: 'SN', from: '2030-01-01', to: '2029-01-01' },
    });
    expect(json(bad)).toMatchObject({ code: 'validation', field: 'to' });
    const observer = await t.app.inject({
      method: 'POST',
      url: '/api/v1/groups/africa-focus-group/chairs',
      headers: admin,
      payload: { member: 'UNOCT', from: '2030-01-01' },
    });
    expect(json(observer)).toMatchObject({ code: 'validation', field: 'member' });
    const groups = json<{ items: { slug: string; members: string[]; chairs: string[] }[] }>(
      await t.app.inject({ url: '/api/v1/groups?date=2030-06-01', headers: admin }),
    );
    const afg = groups.items.find((g) => g.slug === 'africa-focus-group')!;
    expect(afg.members).toContain('SN');
    expect(afg.chairs).toEqual(['IT', 'MA', 'SA', 'SN', 'US']);
    const group = await t.app.inject({
      method: 'POST',
      url: '/api/v1/groups',
      headers: admin,
      payload: {
        slug: 'sahel-cell',
        names: { ar: 'خلية الساحل', fr: 'Cellule Sahel', en: 'Sahel cell' },
      },
    });
    expect(group.statusCode).toBe(201);
    for (const username of ['admin-ne', 'analyst-ma']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/groups',
        headers: await t.login(username),
        payload: { slug: 'x-group', names: { ar: 'x', fr: 'x', en: 'x' } },
      });
      expect(res.statusCode).toBe(403);
    }
    const actions = (await t.handle.db.selectFrom('audit_log').select('action').execute()).map(
      (r) => r.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        'member.create',
        'group.member.set',
        'group.chair.add',
        'group.create',
      ]),
    );
  });

  it('TOTP second factor: enrol, confirm, then login needs the code; each code counts once', async () => {
    const headers = await t.login('analyst-ke');
    const start = json<{ secret: string; uri: string }>(
      await t.app.inject({ method: 'POST', url: '/api/v1/me/totp', headers }),
    );
    expect(start.uri).toMatch(/^otpauth:\/\/totp\//);
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(start.secret) });
    // Codes of the previous, current and next 30-second steps: the server accepts one step of drift.
    const at = (step: -1 | 0 | 1) => totp.generate({ timestamp: Date.now() + step * 30_000 });
    const wrongCode = () =>
      ['000000', at(-1), at(0), at(1)].includes('000000') ? '111111' : '000000';
    const send = async (method: 'POST' | 'DELETE', path: string, code: string) =>
      await t.app.inject({ method, url: `/api/v1/me/totp${path}`, headers, payload: { code } });
    expect((await send('POST', '/confirm', wrongCode())).statusCode).toBe(422);
    const confirmed = await send('POST', '/confirm', at(-1));
    expect(confirmed.statusCode).toBe(200);
    const recovery = json<{ recovery_codes: string[] }>(confirmed).recovery_codes;
    expect(recovery).toHaveLength(10);
    const without = await login('analyst-ke');
    expect(without.statusCode).toBe(401);
    expect(json(without)).toMatchObject({ code: 'totp_required', field: 'totp' });
    const code = at(0);
    expect((await login('analyst-ke', DEMO_PASSWORD, { totp: code })).statusCode).toBe(200);
    // The same code again is refused: it was used.
    expect((await login('analyst-ke', DEMO_PASSWORD, { totp: code })).statusCode).toBe(401);
    expect(json(await t.app.inject({ url: '/api/v1/me', headers }))).toMatchObject({
      totp: 'on',
      recovery_codes_left: 10,
    });
    // Replacing the factor needs its current code; starting does not switch the active one off.
    const bare = await t.app.inject({ method: 'POST', url: '/api/v1/me/totp', headers });
    expect(bare.statusCode).toBe(403);
    expect(json(bare)).toMatchObject({ code: 'totp_required', field: 'code' });
    expect((await send('POST', '', wrongCode())).statusCode).toBe(422);
    expect((await send('POST', '', at(1))).statusCode).toBe(200);
    expect(json(await t.app.inject({ url: '/api/v1/me', headers }))).toMatchObject({ totp: 'on' });
    expect((await login('analyst-ke')).statusCode).toBe(401);
    // A recovery code signs in once in place of a code.
    expect((await login('analyst-ke', DEMO_PASSWORD, { totp: recovery[0]! })).statusCode).toBe(200);
    expect((await login('analyst-ke', DEMO_PASSWORD, { totp: recovery[0]! })).statusCode).toBe(401);
    expect(json(await t.app.inject({ url: '/api/v1/me', headers }))).toMatchObject({
      recovery_codes_left: 9,
    });
    // Turning it off needs a current code (a recovery code will do when the phone is lost).
    expect((await send('DELETE', '', wrongCode())).statusCode).toBe(422);
    expect((await send('DELETE', '', recovery[1]!)).statusCode).toBe(204);
    expect((await login('analyst-ke')).statusCode).toBe(200);
  });

  it('a member admin cannot touch an instance admin, and nobody demotes or disables themselves', async () => {
    const admin = await t.login('admin');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin,
      payload: {
        username: 'operator-ne',
        password: 'long-enough-password',
        role: 'instance_admin',
        member: 'NE',
      },
    });
    expect(created.statusCode).toBe(201);
    const id = json<{ id: string }>(created).id;
    const adminNe = await t.login('admin-ne');
    for (const payload of [
      { role: 'reader' },
      { disabled: true },
      { password: 'another-long-password' },
    ]) {
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/users/${id}`,
        headers: adminNe,
        payload,
      });
      expect(res.statusCode).toBe(403);
    }
    const me = json<{ id: string }>(await t.app.inject({ url: '/api/v1/me', headers: admin }));
    const self = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${me.id}`,
      headers: admin,
      payload: { role: 'analyst' },
    });
    expect(self.statusCode).toBe(422);
    expect(json(self)).toMatchObject({ field: 'role' });
  });

  it('publishes the OpenAPI document and strict security headers', async () => {
    const res = await t.app.inject({ url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = json<{ openapi: string; paths: Record<string, unknown> }>(res);
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/objects',
        '/api/v1/objects/{id}',
        '/api/v1/export',
        '/api/v1/session',
        '/api/v1/tokens',
      ]),
    );
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const unknown = await t.app.inject({ url: '/api/v1/nothing-here' });
    expect(unknown.statusCode).toBe(404);
    expect(json(unknown)).toMatchObject({ code: 'not_found' });
  });
});
