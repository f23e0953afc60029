import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formattingLocale, REGIONS } from '../../contract/regions.ts';
import { DEMO_PASSWORD, DIALECTS, json, testApp, type TestApp } from '../../test/helpers.ts';

interface MeBody {
  locale: string;
  region: string | null;
  formatting_locale: string;
  csrfToken: string;
}

describe('regions: the conventions Intl gives each tag', () => {
  const november = new Date(Date.UTC(2024, 10, 5));
  const day = (tag: string) =>
    new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone: 'UTC' }).format(november);

  it('knows every region under its own tag (no silent fallback to the bare language)', () => {
    for (const tag of REGIONS)
      expect(new Intl.DateTimeFormat(tag).resolvedOptions().locale, tag).toBe(tag);
  });

  it('writes Morocco with Latin digits and نونبر, Saudi Arabia with Arabic-Indic digits and نوفمبر', () => {
    expect(day('ar-MA')).toMatch(/^5 نونبر 2024/);
    expect(day('ar-SA')).toMatch(/^٥ نوفمبر ٢٠٢٤/);
    expect(day('fr-NE')).toMatch(/^5 novembre 2024/);
    expect(day('en-US')).toMatch(/^November 5, 2024/);
    expect(day('en-GB')).toMatch(/^5 November 2024/);
  });

  it('resolves a region for the interface language: the choice, its country, the member’s, a default', () => {
    expect(formattingLocale('ar', null, 'MA')).toBe('ar-MA');
    expect(formattingLocale('ar', 'ar-SA', 'MA')).toBe('ar-SA');
    expect(formattingLocale('fr', 'ar-MA', 'SA')).toBe('fr-MA');
    expect(formattingLocale('en', null, 'MA')).toBe('en-GB');
    expect(formattingLocale('ar', null, 'NE')).toBe('ar-u-nu-arab');
    expect(formattingLocale('fr', null, null)).toBe('fr-FR');
    expect(formattingLocale('en', 'xx-YY', 'US')).toBe('en-US');
  });
});

describe.each(DIALECTS)('the region setting on %s', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await testApp(dialect);
  });
  afterAll(() => t.close());

  /** A signed-in session: read /me and change preferences with the session's CSRF token. */
  async function session(username: string) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username, password: DEMO_PASSWORD },
      remoteAddress: '10.0.1.1',
    });
    expect(res.statusCode).toBe(200);
    const cookie = `tansiq_session=${res.cookies.find((c) => c.name === 'tansiq_session')!.value}`;
    const { csrfToken } = json<MeBody>(res);
    return {
      me: async () => json<MeBody>(await t.app.inject({ url: '/api/v1/me', headers: { cookie } })),
      patch: (payload: unknown): Promise<LightMyRequestResponse> =>
        t.app.inject({
          method: 'PATCH',
          url: '/api/v1/me',
          headers: { cookie, 'x-csrf-token': csrfToken },
          payload: payload as Record<string, unknown>,
        }),
    };
  }

  it('defaults from the member’s country in the user’s language', async () => {
    expect(await (await session('analyst-ma')).me()).toMatchObject({
      locale: 'ar',
      region: null,
      formatting_locale: 'ar-MA',
    });
    expect((await (await session('analyst-sa')).me()).formatting_locale).toBe('ar-SA');
    expect((await (await session('analyst-ne')).me()).formatting_locale).toBe('fr-NE');
    expect((await (await session('analyst-us')).me()).formatting_locale).toBe('en-US');
    // Morocco has no English conventions of its own in CLDR: British ones.
    expect((await (await session('admin')).me()).formatting_locale).toBe('en-GB');
  });

  it('stores the chosen region, follows it into another language, and forgets it on null', async () => {
    const s = await session('analyst-mr');
    const set = await s.patch({ region: 'ar-MA' });
    expect(set.statusCode).toBe(200);
    expect(json(set)).toMatchObject({ region: 'ar-MA', formatting_locale: 'ar-MA' });
    expect(await s.me()).toMatchObject({ region: 'ar-MA', formatting_locale: 'ar-MA' });

    const french = await s.patch({ locale: 'fr' });
    expect(json(french)).toMatchObject({
      locale: 'fr',
      region: 'ar-MA',
      formatting_locale: 'fr-MA',
    });

    const both = await s.patch({ locale: 'ar', region: 'ar-SA' });
    expect(json(both)).toMatchObject({ locale: 'ar', formatting_locale: 'ar-SA' });

    const reset = await s.patch({ region: null });
    expect(json(reset)).toMatchObject({ region: null, formatting_locale: 'ar-MR' });
    const row = await t.handle.db
      .selectFrom('users')
      .select('region')
      .where('username', '=', 'analyst-mr')
      .executeTakeFirstOrThrow();
    expect(row.region).toBeNull();
  });

  it('refuses an unknown region with 422 naming the field, and keeps the one stored', async () => {
    const s = await session('analyst-td');
    expect((await s.patch({ region: 'fr-TD' })).statusCode).toBe(200);
    for (const region of ['xx-YY', 'ar', 'AR-MA', 'ar-MA-x-private', '']) {
      const res = await s.patch({ region });
      expect(res.statusCode, region).toBe(422);
      expect(json(res), region).toMatchObject({ code: 'validation', field: 'region' });
      expect(json<{ message: string }>(res).message).toMatch(/^region: /);
    }
    // Changing the language and a bad region at once changes nothing.
    expect((await s.patch({ locale: 'en', region: 'en-ZZ' })).statusCode).toBe(422);
    expect(await s.me()).toMatchObject({
      locale: 'ar',
      region: 'fr-TD',
      formatting_locale: 'ar-TD',
    });
  });

  it('refuses malformed bodies with 400 naming the field', async () => {
    const s = await session('analyst-cm');
    const wrongType = await s.patch({ region: 212 });
    expect(wrongType.statusCode).toBe(400);
    expect(json(wrongType)).toMatchObject({ code: 'validation', field: 'region' });
    const tooLong = await s.patch({ region: `ar-${'M'.repeat(40)}` });
    expect(tooLong.statusCode).toBe(400);
    expect(json(tooLong)).toMatchObject({ field: 'region' });
    expect((await s.patch({})).statusCode).toBe(400);
    expect((await s.patch({ region: 'ar-MA', theme: 'dark' })).statusCode).toBe(400);
  });
});
