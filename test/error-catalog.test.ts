import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, ERROR_REASONS } from '../contract/errors.ts';
import ar from '../web/src/i18n/ar.json' with { type: 'json' };
import en from '../web/src/i18n/en.json' with { type: 'json' };
import fr from '../web/src/i18n/fr.json' with { type: 'json' };
import { DIALECTS, json, testApp, type TestApp } from './helpers.ts';

const catalogs: Record<string, Record<string, string>> = { ar, fr, en };
const ARABIC = /[\u0600-\u06FF]/;

/**
 * The web app words every error the server can answer in the user's language (web/src/errors.ts):
 * each stable code and each schema reason has its text in the three catalogs, in Arabic script in
 * Arabic; the server answers with the code, the field and, for values its schema refuses, the
 * reason and its limit, so that no English message needs to reach the user.
 */
describe('error codes in the catalogs', () => {
  for (const [locale, catalog] of Object.entries(catalogs)) {
    it(`${locale}.json words every error code of contract/errors.ts`, () => {
      const missing = ERROR_CODES.filter((code) => !catalog[`error.code.${code}`]?.trim());
      expect(missing).toEqual([]);
    });

    it(`${locale}.json words every schema reason`, () => {
      const missing = ERROR_REASONS.filter((reason) => !catalog[`error.reason.${reason}`]?.trim());
      expect(missing).toEqual([]);
    });
  }

  it('the Arabic texts of codes, reasons, field names and details are in Arabic', () => {
    const latin = Object.entries(ar)
      .filter(([key]) => /^(error|field)\./.test(key))
      // How a message is put together: placeholders and punctuation only.
      .filter(([key]) => !['error.withField', 'error.fieldInLanguage'].includes(key))
      .filter(([, text]) => !ARABIC.test(text.replace(/\{\w+\}/g, '')))
      .map(([key]) => key);
    expect(latin).toEqual([]);
  });

  it('a field-specific text exists only for a code the server has', () => {
    const codes = new Set<string>(ERROR_CODES);
    const stray = Object.keys(en)
      .filter((key) => key.startsWith('error.detail.'))
      .filter((key) => !codes.has(key.split('.')[2] ?? ''));
    expect(stray).toEqual([]);
  });
});

describe.each(DIALECTS)('error answers carry what the web app words (%s)', (dialect) => {
  let t: TestApp;
  let ma: Record<string, string>;
  const report = (payload: object) =>
    t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: ma, payload });

  beforeAll(async () => {
    t = await testApp(dialect);
    ma = await t.login('analyst-ma');
  });
  afterAll(() => t?.close());

  it('a report without a name: the code and the field, no more', async () => {
    const res = await report({ names: {}, audience: 'member' });
    expect(res.statusCode).toBe(422);
    expect(json(res)).toMatchObject({ code: 'validation', field: 'names' });
    expect(json(res).reason).toBeUndefined();
  });

  it('a name longer than the schema allows: the reason and its limit', async () => {
    const res = await report({ names: { ar: 'ا'.repeat(10_001) }, audience: 'member' });
    expect(res.statusCode).toBe(400);
    expect(json(res)).toMatchObject({
      code: 'validation',
      field: 'names.ar',
      reason: 'maxLength',
      limit: 10_000,
    });
  });

  it('a missing property: reason required, the field is the property', async () => {
    const res = await report({ names: { fr: 'Exercice' } });
    expect(res.statusCode).toBe(400);
    expect(json(res)).toMatchObject({ code: 'validation', field: 'audience', reason: 'required' });
  });

  it('TLP:RED to the whole coalition: the sharing rule', async () => {
    const res = await report({ names: { fr: 'Exercice' }, tlp: 'red', audience: 'coalition' });
    expect(res.statusCode).toBe(422);
    expect(json(res)).toMatchObject({
      code: 'tlp_violation',
      field: 'audience',
      rule: 'tlp_red_recipients',
    });
  });

  it('recipients that name nobody: the sharing rule too', async () => {
    const res = await report({
      names: { fr: 'Exercice' },
      tlp: 'red',
      audience: { recipients: [] },
    });
    expect(res.statusCode).toBe(422);
    expect(json(res)).toMatchObject({ code: 'tlp_violation', rule: 'recipients_empty' });
  });
});
