import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from './serve.ts';

/** `npm start` is `tansiq serve --demo`: what a newcomer sees on the first and second start. */
describe('tansiq serve', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'tansiq-serve-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('loads the demo coalition into an empty database once, printing the address and the logins', async () => {
    const data = tmp();
    const first = await startServer(['--demo', '--data', data], { TANSIQ_DEMO_PASSWORD: '' });
    const text = first.output();
    expect(text).toContain('Demo coalition loaded (EXERCISE DATA');
    expect(text).toMatch(/Demo logins: admin, analyst-ma, .*analyst-fr, reader-ma/);
    const password = /Demo password \(all demo users\): (\S+)/.exec(text)![1]!;
    const login = await fetch(`${first.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'analyst-ma', password }),
    });
    expect(login.status).toBe(200);
    const page = await fetch(`${first.url}/objects`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    await first.stop();
    const second = await startServer(['--demo', '--data', data], { TANSIQ_DEMO_PASSWORD: '' });
    expect(second.output()).toContain('Demo coalition already present.');
    expect(second.output()).toContain(`Demo password (all demo users): ${password}`);
    await second.stop();
  });

  it('loses no acknowledged write when the process is killed', async () => {
    const data = tmp();
    const env = { TANSIQ_DEMO_PASSWORD: 'exercise-password-1' };
    const first = await startServer(['--demo', '--data', data], env);
    const login = await fetch(`${first.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'analyst-ma', password: 'exercise-password-1' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const id = `incident--${randomUUID()}`;
      const now = new Date().toISOString();
      const res = await fetch(`${first.url}/api/v1/objects`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
        body: JSON.stringify({
          objects: [
            {
              type: 'incident',
              spec_version: '2.1',
              id,
              created: now,
              modified: now,
              name: `exercise ${i}`,
            },
          ],
          audience: 'member',
        }),
      });
      expect(res.status).toBe(200);
      ids.push(id);
    }
    first.process.kill('SIGKILL');
    await new Promise((resolve) => first.process.once('exit', resolve));
    const second = await startServer(['--demo', '--data', data], env);
    const again = await fetch(`${second.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'analyst-ma', password: 'exercise-password-1' }),
    });
    const cookie2 = again.headers.get('set-cookie')!.split(';')[0]!;
    for (const id of ids) {
      expect(
        (await fetch(`${second.url}/api/v1/objects/${id}`, { headers: { cookie: cookie2 } }))
          .status,
      ).toBe(200);
    }
    await second.stop();
  });

  it('without --demo, a new installation starts empty and says how to create its first admin', async () => {
    const server = await startServer(['--data', tmp()]);
    expect(server.output()).toContain('npx tansiq user add --admin');
    const members = await fetch(`${server.url}/api/v1/members`);
    expect(members.status).toBe(401);
    await server.stop();
  });
});
