import { describe, expect, it } from 'vitest';
import { term, terms } from './normalise.ts';
import {
  aliasCandidates,
  expressionOf,
  hasPositive,
  highlightTerms,
  parseQuery,
  toFts5,
  toTsquery,
} from './query.ts';

describe('search queries', () => {
  it('normalises every word of a query with the indexing rules', () => {
    const e = expressionOf(parseQuery('الإرهابية TUÉS Tillabéri'));
    expect(e.all.map((alts) => alts[0]!.terms)).toEqual([
      [term('ارهابي')],
      [term('tues')],
      [term('tillaberi')],
    ]);
  });

  it('keeps quoted phrases and words with punctuation as phrases', () => {
    const e = expressionOf(parseQuery('"lake chad" 198.51.100.7 «بوكو حرام»'));
    expect(e.all.map((alts) => alts[0]!.terms)).toEqual([
      terms('lake chad'),
      ['198', '51', '100', '7'],
      terms('بوكو حرام'),
    ]);
    expect(toFts5(e)).toBe(
      `"${terms('lake chad').join(' ')}" AND "198 51 100 7" AND "${terms('بوكو حرام').join(' ')}"`,
    );
    expect(toTsquery(e)).toBe(
      `( '${terms('lake chad')[0]}' <-> '${terms('lake chad')[1]}' ) & ( '198' <-> '51' <-> '100' <-> '7' ) & ( '${terms('بوكو حرام')[0]}' <-> '${terms('بوكو حرام')[1]}' )`,
    );
  });

  it('reads a trailing * as a prefix, without stemming it, and -word as an exclusion', () => {
    const e = expressionOf(parseQuery('tilla* -niamey الإره*'));
    expect(e.all).toEqual([
      [{ terms: ['tilla'], prefix: true }],
      [{ terms: ['اره'], prefix: true }],
    ]);
    expect(e.none).toEqual([{ terms: [term('niamey')], prefix: false }]);
    expect(toFts5(e)).toBe('("tilla" * AND "اره" *) NOT "niamei"');
    expect(toTsquery(e)).toBe(`( 'tilla':* ) & ( 'اره':* ) & !( 'niamei' )`);
    expect(toTsquery(e, true)).toBe(`( 'tilla':* ) & ( 'اره':* )`);
    expect(toFts5(e, 'title')).toBe('{title} : ("tilla" * AND "اره" *)');
  });

  it('does not require stopwords, unless nothing else is asked', () => {
    expect(expressionOf(parseQuery('attaque de la patrouille')).all).toHaveLength(2);
    expect(expressionOf(parseQuery('the attack on Diffa')).all).toHaveLength(2);
    expect(expressionOf(parseQuery('في')).all).toHaveLength(1);
  });

  it('has nothing to look for when every word is excluded or empty', () => {
    expect(hasPositive(parseQuery('-diffa'))).toBe(false);
    expect(hasPositive(parseQuery('  ،،  ...  '))).toBe(false);
    expect(hasPositive(parseQuery('diffa'))).toBe(true);
  });

  it('connects the spellings of a name: the longest run of words that is a name, from the left', () => {
    const q = parseQuery('ISWAP attaque Islamic State West Africa Province');
    const candidates = aliasCandidates(q);
    expect(candidates).toContain(term('ISWAP'));
    expect(candidates).toContain(terms('Islamic State West Africa Province').join(' '));
    const iswap = [
      [term('ISWAP')],
      terms('Islamic State West Africa Province'),
      terms('ولاية غرب إفريقيا'),
    ];
    const aliases = new Map(iswap.map((p) => [p.join(' '), iswap]));
    const e = expressionOf(q, aliases);
    expect(e.all).toHaveLength(3);
    expect(e.all[0]!.map((a) => a.terms)).toEqual(iswap);
    expect(e.all[2]!.map((a) => a.terms)).toEqual([iswap[1], iswap[0], iswap[2]]);
    expect(toFts5({ all: [e.all[0]!], none: [] })).toBe(
      `("${iswap[0]!.join(' ')}" OR "${iswap[1]!.join(' ')}" OR "${iswap[2]!.join(' ')}")`,
    );
    const marked = highlightTerms(e);
    for (const t of [...iswap.flat(), term('attaque')]) expect(marked.exact.has(t)).toBe(true);
  });
});
