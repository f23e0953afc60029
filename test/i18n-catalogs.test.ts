import { describe, expect, it } from 'vitest';
import ar from '../web/src/i18n/ar.json' with { type: 'json' };
import en from '../web/src/i18n/en.json' with { type: 'json' };
import fr from '../web/src/i18n/fr.json' with { type: 'json' };

// The web app's message keys are derived from en.json; ar.json and fr.json must match it.
const catalogs: Record<string, Record<string, unknown>> = { ar, fr, en };
const englishKeys = Object.keys(en).sort();

// `{name}`, or in French `{name|de}`, `{name|à}`, `{name|le}`, `{name|Le}`: a name after a
// preposition or starting a sentence takes its article (web/src/frenchPlaces.ts).
const PLACEHOLDER = /\{(\w+)(?:\|([^}]*))?\}/g;
const FRENCH_FORMS = ['de', 'à', 'le', 'Le'];

function placeholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '').sort();
}

describe('web i18n catalogs', () => {
  for (const [locale, catalog] of Object.entries(catalogs)) {
    it(`${locale}.json has exactly the keys of en.json`, () => {
      expect(Object.keys(catalog).sort()).toEqual(englishKeys);
    });

    it(`${locale}.json has a non-empty string for every key`, () => {
      const bad = Object.entries(catalog)
        .filter(([, value]) => typeof value !== 'string' || value.trim() === '')
        .map(([key]) => key);
      expect(bad).toEqual([]);
    });

    it(`${locale}.json uses the same {placeholders} as en.json`, () => {
      const english: Record<string, string> = en;
      const mismatched = englishKeys.filter((key) => {
        const value = catalog[key];
        const source = english[key] ?? '';
        return (
          typeof value === 'string' && placeholders(value).join() !== placeholders(source).join()
        );
      });
      expect(mismatched).toEqual([]);
    });
  }

  it('only French names take an article, with one of the forms it knows', () => {
    const wrong = Object.entries(catalogs).flatMap(([locale, catalog]) =>
      Object.entries(catalog).flatMap(([key, value]) =>
        [...String(value).matchAll(PLACEHOLDER)]
          .filter(([, , form]) => form !== undefined)
          .filter(([, , form]) => locale !== 'fr' || !FRENCH_FORMS.includes(form!))
          .map(([whole]) => `${locale} ${key} ${whole}`),
      ),
    );
    expect(wrong).toEqual([]);
  });

  it('no French text puts a bare name after à or de', () => {
    const bare = Object.entries(fr)
      .filter(([, value]) => /(^|[\s(])(à|de|par|pour|hors) \{(member|country)\}/.test(value))
      .map(([key]) => key);
    expect(bare).toEqual([]);
  });

  it('Arabic strings are written in Arabic script', () => {
    // Brand and language names are the same in every catalog; everything else must be translated.
    const shared = new Set([
      'app.name',
      'lang.ar',
      'lang.fr',
      'lang.en',
      'source.taxii',
      'objects.filter.tlp',
      // How an error message is put together: placeholders and punctuation only.
      'error.withField',
      'error.fieldInLanguage',
    ]);
    const untranslated = Object.entries(ar)
      .filter(([key, value]) => !shared.has(key) && !/[\u0600-\u06FF]/.test(value))
      .map(([key]) => key);
    expect(untranslated).toEqual([]);
  });
});
