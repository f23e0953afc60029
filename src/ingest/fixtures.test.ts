import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../test/helpers.ts';
import { readArticle } from './article.ts';
import { KINDS, score, type Expected } from './score.ts';

/**
 * One test per fixture article (real press articles, see test/fixtures/articles/SOURCES.md): the
 * entities a reader wrote down in NAME.expected.json, compared kind by kind. Every expected entity
 * must be found and nothing else, except the misses listed here with the reason the rules miss them.
 */
const DIR = path.join(FIXTURES, 'articles');
const KNOWN_MISSES: Record<string, string[]> = {
  // "ومقتل مدنيين": without vowels, "مدنيين" is "two civilians" or "civilians"; the count is not written.
  ar_akhbaralaan_mali_attacks_2022: ['killed:2'],
};

const articles = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => f.replace(/\.txt$/, ''));

describe('fixture articles', () => {
  it('every fixture article has its expected entities', () => {
    expect(articles.length).toBeGreaterThanOrEqual(6);
    for (const a of articles)
      expect(fs.existsSync(path.join(DIR, `${a}.expected.json`)), a).toBe(true);
  });

  it.each(articles)('%s: the expected entities, and nothing else', (name) => {
    const expected = JSON.parse(
      fs.readFileSync(path.join(DIR, `${name}.expected.json`), 'utf8'),
    ) as Expected;
    const x = readArticle(fs.readFileSync(path.join(DIR, `${name}.txt`), 'utf8'), {
      published: expected.published,
    });
    const s = score(x, expected);
    for (const k of KINDS) {
      expect(s[k].spurious, `${name}: ${k} found but not in the article`).toEqual([]);
      expect(s[k].missed, `${name}: ${k} missed`).toEqual(
        (KNOWN_MISSES[name] ?? []).filter((m) => k === 'casualties' && m.includes(':')),
      );
    }
  });
});

describe('the seed article (issue 11)', () => {
  const x = readArticle(
    fs.readFileSync(path.join(DIR, 'ar_seed_morocco_cochairs_africa_focus_group_2021.txt'), 'utf8'),
    { published: '2021-12-03' },
  );

  it('drops the share prompt and the cookie notice, keeps the article', () => {
    expect(x.language).toBe('ar');
    expect(x.text).not.toContain('شارك هذا المقال');
    expect(x.text).not.toContain('ملفات تعريف الارتباط');
    expect(x.text).not.toContain('قراءة المزيد');
    expect(x.text.startsWith('المغرب يتولى الرئاسة المشتركة')).toBe(true);
    expect(x.text.endsWith('والتصدي لتطلعاتها العالمية.')).toBe(true);
  });

  it('finds the four co-chairs’ representatives with their roles', () => {
    const byName = new Map(x.people.map((p) => [p.name, p]));
    expect(byName.get('ناصر بوريطة')?.role).toContain('وزير الشؤون الخارجية');
    expect(byName.get('انطوني بلينكن')?.role).toBe('كاتب الدولة الأمريكي');
    expect(byName.get('لويدجي دي مايو')?.role).toContain('الإيطالي');
    expect(byName.get('الحسن ايدي')?.role).toBe('سفير النيجر ببروكسل');
  });

  it('finds Morocco, the United States, Italy, Niger and Brussels', () => {
    expect([...x.countries].sort()).toEqual(['IT', 'MA', 'NE', 'US']);
    expect(x.places.map((p) => p.name)).toContain('Brussels');
  });

  it('finds the coalition and Daesh', () => {
    expect(x.organizations.map((o) => o.key)).toContain('global-coalition');
    expect(x.groups.map((g) => g.key)).toEqual(['islamic-state']);
  });

  it('resolves "yesterday Thursday" and reads June 2018 and the Maghrebi September 2014', () => {
    const dates = Object.fromEntries(x.dates.map((d) => [d.text, d.date]));
    expect(dates).toEqual({
      'أمس الخميس': '2021-12-02',
      'يونيو 2018': '2018-06',
      'شتنبر 2014': '2014-09',
    });
  });

  it('counts the 83 members', () => {
    expect(x.figures).toContainEqual(expect.objectContaining({ count: 83, what: 'members' }));
  });

  it('gives every entity offsets that point at its text', () => {
    for (const p of x.people)
      for (const o of p.offsets) expect(x.text.slice(o.start, o.end)).toBe(p.name);
    for (const d of x.dates)
      for (const o of d.offsets) expect(x.text.slice(o.start, o.end)).toBe(d.text);
    for (const p of x.places)
      expect(x.text.slice(p.offsets[0]!.start, p.offsets[0]!.end)).toBe(p.text);
    for (const [iso2, offsets] of Object.entries(x.country_offsets))
      expect(offsets.length, iso2).toBeGreaterThan(0);
  });
});

describe('the Mali attacks article', () => {
  const x = readArticle(
    fs.readFileSync(path.join(DIR, 'ar_akhbaralaan_mali_attacks_2022.txt'), 'utf8'),
  );

  it('takes the publication date from the address and resolves "a week ago"', () => {
    expect(x.published).toBe('2022-08-11');
    expect(x.dates).toContainEqual(
      expect.objectContaining({ text: 'قبل أسبوع', date: '2022-08-04' }),
    );
  });

  it('ties the casualty figures to their incidents', () => {
    const tessit = x.incidents.find((i) => i.location === 'Tessit');
    expect(tessit).toMatchObject({ country: 'ML', admin1: 'Gao', fatalities: 12, wounded: 4 });
    const camps = x.incidents.find((i) => i.date === '2022-08-04');
    expect(camps).toMatchObject({ country: 'ML', fatalities: 16, location: 'tri-border area' });
    expect(camps?.groups).toHaveLength(1);
    expect(camps?.event_type).toBe('violence_against_civilians');
  });
});
