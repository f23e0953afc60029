import { describe, expect, it } from 'vitest';
import { foldCharacters, prefixTerm, term, terms, wordSpans } from './normalise.ts';

/** Spellings a reader may type, each beside the spelling a writer used: both must give one term. */
const SAME: Record<string, [string, string][]> = {
  'Arabic diacritics and tatweel': [
    ['قُتِلَ', 'قتل'],
    ['مُحَمَّدٌ', 'محمد'],
    ['إرْهَابٌ', 'ارهاب'],
    ['هُجُومًا', 'هجوما'],
    ['الرَّحْمٰن', 'الرحمن'], // dagger alef
    ['مـــحـــمـــد', 'محمد'], // tatweel
    ['ﻻجئ', 'لاجئ'], // presentation form of lam-alef
  ],
  'Arabic alef and hamza forms': [
    ['أفريقيا', 'افريقيا'],
    ['إفريقيا', 'افريقيا'],
    ['آمن', 'امن'],
    ['ٱلدولة', 'الدولة'],
    ['مسؤول', 'مسوول'],
    ['هيئة', 'هييه'],
    ['الإسلام', 'الاسلام'],
  ],
  'Arabic taa marbuta and alef maqsura': [
    ['منطقة', 'منطقه'],
    ['الإرهابية', 'الارهابيه'],
    ['مستشفى', 'مستشفي'],
    ['قتلى', 'قتلي'],
  ],
  'Arabic article and attached particles': [
    ['الإرهابية', 'إرهابي'],
    ['والإرهاب', 'إرهاب'],
    ['بالإرهاب', 'إرهاب'],
    ['للإرهاب', 'إرهاب'],
    ['وبالإرهاب', 'إرهاب'],
    ['فالجماعة', 'جماعة'],
    ['كالجماعة', 'جماعة'],
    ['بمنطقة', 'منطقة'],
    ['لمكافحة', 'مكافحة'],
    ['وتحركات', 'تحركات'],
  ],
  'Arabic suffixes': [
    ['هجماتهم', 'هجمات'],
    ['الهجمات', 'هجم'],
    ['المسلحين', 'مسلح'],
    ['مسلحون', 'مسلحة'],
    ['قيادتها', 'قيادة'],
    ['قتلى', 'قتل'],
    ['الإرهابيين', 'إرهابي'],
    ['جماعاتهم', 'جماعة'],
    ['حركتهم', 'حركة'],
    ['صوتهم', 'صوت'],
  ],
  'Arabic-Indic and Persian digits': [
    ['٢٠٢٣', '2023'],
    ['۱۴۰۲', '1402'],
    ['١٢', '12'],
  ],
  'French case and accents': [
    ['tués', 'tues'],
    ['TUÉS', 'tués'],
    ['Tillabéri', 'tillaberi'],
    ['Ménaka', 'menaka'],
    ['ÉTAT', 'état'],
    ['français', 'FRANCAIS'],
    ['œuvre', 'oeuvre'],
  ],
  'French plurals and feminine': [
    ['attaques', 'attaque'],
    ['tuées', 'tué'],
    ['régionaux', 'régional'],
    ['régionales', 'régional'],
    ['réseaux', 'réseau'],
    ['groupes', 'groupe'],
    ['armées', 'armée'],
    ['jeux', 'jeu'],
  ],
  'English case and plurals': [
    ['Attacks', 'attack'],
    ['cities', 'city'],
    ['countries', 'Country'],
    ['boxes', 'box'],
    ['processes', 'process'],
    ['networks', 'NETWORK'],
  ],
};

/** Words the rules must keep apart. */
const DIFFERENT: [string, string][] = [
  ['قتل', 'قتال'],
  ['النيجر', 'نيجيريا'],
  ['هجوم', 'هجرة'],
  ['بالغ', 'غ'],
  ['Niger', 'Nigeria'],
  ['process', 'proces'],
  ['cross', 'cro'],
  ['mali', 'malin'],
];

describe('search normalisation: word pairs in Arabic, French and English', () => {
  for (const [rule, pairs] of Object.entries(SAME)) {
    it.each(pairs)(`${rule}: %s = %s`, (a, b) => {
      expect(term(a)).not.toBe('');
      expect(term(a)).toBe(term(b));
    });
  }
  it.each(DIFFERENT)('keeps %s and %s apart', (a, b) => {
    expect(term(a)).not.toBe(term(b));
  });
});

describe('search normalisation: characters and words', () => {
  it('removes every Arabic diacritic, tatweel and joiner and unifies letters', () => {
    expect(foldCharacters('إِنَّ ٱلْأُمَّةَ')).toBe('ان الامه');
    expect(foldCharacters('عـــلى\u200cمسؤولية')).toBe('عليمسووليه');
  });

  it('keeps short Arabic words whole rather than cutting them to nothing', () => {
    for (const word of ['في', 'من', 'بلد', 'له', 'كل'])
      expect(term(word).length).toBeGreaterThan(1);
    expect(term('بالغ')).toBe('بالغ');
  });

  it('drops French elisions and the English possessive, not the word', () => {
    expect(terms("l’attaque d'Ansongo")).toEqual(terms('attaque Ansongo'));
    expect(terms('the group’s leader')).toEqual(terms('the group leader'));
    expect(terms("qu'il")).toEqual(terms('il'));
  });

  it('splits indicator values into the terms a query for them gives', () => {
    expect(terms("[ipv4-addr:value = '198.51.100.7']")).toEqual(
      terms('ipv4 addr value 198 51 100 7'),
    );
    expect(terms('198.51.100.7')).toEqual(['198', '51', '100', '7']);
    expect(terms('e3b0c44298fc1c149afbf4c8996fb924')).toEqual(['e3b0c44298fc1c149afbf4c8996fb924']);
  });

  it('gives the position of each word in the original text', () => {
    const text = 'هجوم على «الإرهابيين» في تيلابيري';
    const spans = wordSpans(text);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual([
      'هجوم',
      'على',
      'الإرهابيين',
      'في',
      'تيلابيري',
    ]);
    expect(spans[2]!.terms).toEqual([term('إرهابي')]);
  });

  it('folds a prefix without guessing its ending', () => {
    expect(prefixTerm('Tilla')).toBe('tilla');
    expect(prefixTerm('الإره')).toBe('اره');
    expect(term('الإرهابية').startsWith(prefixTerm('الإره'))).toBe(true);
  });
});
