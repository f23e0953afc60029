import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { loadDemo } from '../demo/demo.ts';
import { buildApp } from '../server.ts';
import { DEMO_PASSWORD, DIALECTS, freshDb, json, type TestDb } from '../../test/helpers.ts';
import { redactUrl, REDACTED } from './logging.ts';

describe('redactUrl', () => {
  it('blanks the value of every secret query parameter, and only those', () => {
    expect(redactUrl('/api/v1/meetings/feed.ics?token=cal_abc')).toBe(
      `/api/v1/meetings/feed.ics?token=${REDACTED}`,
    );
    expect(redactUrl('/x?lang=ar&token=cal_abc&limit=5')).toBe(
      `/x?lang=ar&token=${REDACTED}&limit=5`,
    );
    // However the name is spelled or encoded, and however often it comes.
    expect(redactUrl('/x?%74oken=a&TOKEN=b&access_token=c&password=d&secret=e&api_key=f')).toBe(
      `/x?%74oken=${REDACTED}&TOKEN=${REDACTED}&access_token=${REDACTED}&password=${REDACTED}&secret=${REDACTED}&api_key=${REDACTED}`,
    );
    expect(redactUrl('/x?token')).toBe(`/x?token=${REDACTED}`);
    expect(redactUrl('/x?%E0%A4%A=1&token=z')).toBe(`/x?%E0%A4%A=1&token=${REDACTED}`);
    expect(redactUrl('/api/v1/objects?type=report&limit=10')).toBe(
      '/api/v1/objects?type=report&limit=10',
    );
    expect(redactUrl('/api/v1/objects')).toBe('/api/v1/objects');
  });
});

/**
 * Log lines, as the server writes them at the most verbose level, never carry a credential: a
 * request carrying each kind of secret (a password in a body, an API token, HTTP Basic, a session
 * cookie and its CSRF token, the calendar feed's token in the URL, a peer's credential) leaves
 * lines that name the request but not the secret.
 */
describe.each(DIALECTS)('logs without secrets on %s', (dialect) => {
  let db: TestDb;
  let app: FastifyInstance;
  const lines: string[] = [];
  const secrets = new Map<string, string>();

  beforeAll(async () => {
    db = await freshDb(dialect);
    await loadDemo(db.handle.db, DEMO_PASSWORD);
    app = await buildApp({
      config: { ...db.config, logLevel: 'trace' },
      handle: db.handle,
      logStream: { write: (line) => void lines.push(line) },
    });
  });
  afterAll(async () => {
    await app?.close();
    await db?.cleanup();
  });

  it('writes JSON lines naming each request, with no password, token, cookie or feed address in them', async () => {
    secrets.set('demo password', DEMO_PASSWORD);
    // A password in a login body, right and wrong.
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: 'analyst-ma', password: DEMO_PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    const wrong = 'wrong-password-kept-out-of-logs';
    secrets.set('wrong password', wrong);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/session',
          payload: { username: 'analyst-ma', password: wrong },
        })
      ).statusCode,
    ).toBe(401);
    // The session cookie and its CSRF token.
    const cookie = login.cookies.find((c) => c.name === 'tansiq_session')!.value;
    const csrf = json<{ csrfToken: string }>(login).csrfToken;
    secrets.set('session cookie', cookie);
    secrets.set('csrf token', csrf);
    const session = { cookie: `tansiq_session=${cookie}`, 'x-csrf-token': csrf };
    expect((await app.inject({ url: '/api/v1/me', headers: session })).statusCode).toBe(200);

    // An API token, as created and as presented.
    const made = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: session,
      payload: { name: 'log test', scope: 'read' },
    });
    expect(made.statusCode, made.body).toBe(201);
    const token = json<{ token: string }>(made).token;
    secrets.set('api token', token);
    expect(
      (await app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } }))
        .statusCode,
    ).toBe(200);
    // HTTP Basic on TAXII, with a password and with the token.
    for (const secret of [DEMO_PASSWORD, token]) {
      const basic = Buffer.from(`analyst-ma:${secret}`).toString('base64');
      secrets.set(`basic ${secret.slice(0, 4)}`, basic);
      const res = await app.inject({
        url: '/taxii2/',
        headers: { authorization: `Basic ${basic}`, accept: 'application/taxii+json;version=2.1' },
      });
      expect(res.statusCode).toBe(200);
    }

    // The calendar feed's secret address (a token in the query string).
    const feed = await app.inject({
      method: 'POST',
      url: '/api/v1/calendar-feed',
      headers: session,
    });
    expect(feed.statusCode, feed.body).toBe(201);
    const feedToken = new URL(json<{ url: string }>(feed).url).searchParams.get('token')!;
    expect(feedToken).toMatch(/^cal_/);
    secrets.set('calendar token', feedToken);
    const ics = await app.inject({ url: `/api/v1/meetings/feed.ics?token=${feedToken}` });
    expect(ics.statusCode).toBe(200);
    expect(
      (await app.inject({ url: `/api/v1/meetings/feed.ics?token=${feedToken}x` })).statusCode,
    ).toBe(401);

    // A peer's credential given to an admin route, and a password change.
    const admin = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: 'admin', password: DEMO_PASSWORD },
    });
    const adminSession = {
      cookie: `tansiq_session=${admin.cookies.find((c) => c.name === 'tansiq_session')!.value}`,
      'x-csrf-token': json<{ csrfToken: string }>(admin).csrfToken,
    };
    secrets.set('admin cookie', adminSession.cookie.split('=')[1]!);
    const peerSecret = 'peer-credential-kept-out-of-logs';
    secrets.set('peer secret', peerSecret);
    const peer = await app.inject({
      method: 'POST',
      url: '/api/v1/peers',
      headers: adminSession,
      payload: {
        name: 'log-test',
        url: 'http://127.0.0.1:1/taxii2/',
        username: 'someone',
        password: peerSecret,
        audience: 'member',
        member: 'NE',
        interval_seconds: 0,
      },
    });
    expect(peer.statusCode, peer.body).toBe(201);
    const newPassword = 'new-password-kept-out-of-logs';
    secrets.set('new password', newPassword);
    const users = json<{ items: { id: string; username: string }[] }>(
      await app.inject({ url: '/api/v1/users', headers: adminSession }),
    ).items;
    const reader = users.find((u) => u.username === 'reader-ma')!;
    const changed = await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${reader.id}`,
      headers: adminSession,
      payload: { password: newPassword },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    // A body the parser refuses, with a password in it.
    const broken = 'broken-body-password-kept-out';
    secrets.set('password in a broken body', broken);
    await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { 'content-type': 'application/json' },
      payload: `{"username":"x","password":"${broken}"`,
    });

    await new Promise((r) => setTimeout(r, 50));
    const text = lines.join('');
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    // The requests were logged (so the absence of secrets means something) …
    const urls = entries
      .map((e) => (e.req as { url?: string } | undefined)?.url)
      .filter((u): u is string => typeof u === 'string');
    expect(urls).toContain('/api/v1/session');
    expect(urls).toContain('/taxii2/');
    expect(urls).toContain(`/api/v1/meetings/feed.ics?token=${REDACTED}`);
    expect(entries.filter((e) => e.msg === 'request completed').length).toBeGreaterThan(10);
    // … and no secret is in any line.
    for (const [what, secret] of secrets) expect(text.includes(secret), what).toBe(false);
    expect(text).not.toMatch(/"(authorization|cookie|x-csrf-token|set-cookie)"/i);
  });
});
