/**
 * The language rules of search, written once and used both when indexing and when querying, so a
 * word and every spelling of it reduce to the same term. Arabic: diacritics and tatweel go, the
 * letter variants that writers use interchangeably are unified, Arabic-Indic and Persian digits
 * become ASCII, and a light stemmer removes the article, attached particles and common suffixes
 * (after Larkey, Ballesteros & Connell, "Light Stemming for Arabic Information Retrieval", 2007).
 * French and English: case and accents fold, plural and feminine endings go.
 *
 * A change to any rule changes what is stored: bump RULES_VERSION and the index is rebuilt.
 */
// '2': translations' documents are numbered below zero on SQLite (documents.repository.ts).
export const RULES_VERSION = '2';

/** One-to-one letter unifications (after diacritics are removed). */
const ARABIC_LETTERS: Record<string, string> = {
  '\u0623': '\u0627', // أ → ا
  '\u0625': '\u0627', // إ → ا
  '\u0622': '\u0627', // آ → ا
  '\u0671': '\u0627', // ٱ (alef wasla) → ا
  '\u0672': '\u0627', // ٲ → ا
  '\u0673': '\u0627', // ٳ → ا
  '\u0629': '\u0647', // ة → ه
  '\u0649': '\u064a', // ى → ي
  '\u06cc': '\u064a', // ی (Persian yeh) → ي
  '\u0624': '\u0648', // ؤ → و
  '\u0626': '\u064a', // ئ → ي
  '\u06a9': '\u0643', // ک (Persian kaf) → ك
};

/** Harakat, tanwin, shadda, sukun, dagger alef, Quranic marks. */
const ARABIC_MARKS = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]/g;
/** Tatweel (kashida) and the zero-width joiners that keyboards insert. */
const FILLERS = /[\u0640\u200c\u200d]/g;
const COMBINING = /\p{M}/gu;
const LETTER_VARIANTS = /[\u0622\u0623\u0624\u0625\u0626\u0629\u0649\u0671-\u0673\u06a9\u06cc]/g;
const INDIC_DIGITS = /[\u0660-\u0669\u06f0-\u06f9]/g;
const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ĳ: 'ij' };

/**
 * Characters only: every spelling variant of a letter becomes one letter, case and accents fold.
 * Keeps word boundaries (does not remove or add separators).
 */
export function foldCharacters(text: string): string {
  return (
    text
      // Presentation forms (ﻻ, ﺍ …), full-width and other compatibility characters.
      .normalize('NFKC')
      .replace(ARABIC_MARKS, '')
      .replace(FILLERS, '')
      .replace(LETTER_VARIANTS, (c) => ARABIC_LETTERS[c] ?? c)
      .replace(INDIC_DIGITS, (d) => {
        const code = d.charCodeAt(0);
        return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
      })
      .toLowerCase()
      // Latin accents: decompose and drop the marks (é → e, ç → c).
      .normalize('NFD')
      .replace(COMBINING, '')
      .replace(/[œæßĳ]/g, (c) => LIGATURES[c] ?? c)
      .normalize('NFC')
  );
}

const ARABIC_LETTER = /[\u0621-\u064a]/;
const LATIN_WORD = /^[a-z]+$/;

/** Article combined with the particles that attach before it (وال، بال، كال، فال، لل …). */
const ARTICLES = [
  'وبال',
  'وكال',
  'فبال',
  'فكال',
  'ولل',
  'فلل',
  'وال',
  'فال',
  'بال',
  'كال',
  'لل',
  'ال',
];
/** Pronoun suffixes first, then plural endings, then the nisba and feminine endings. */
const SUFFIXES = [
  'هما',
  'كما',
  'هم',
  'هن',
  'ها',
  'كم',
  'كن',
  'نا',
  'ات',
  'ون',
  'ين',
  'وا',
  'يه',
  'ه',
  'ي',
];

/** Removes the article or attached particles; never leaves fewer than two (article) or three letters. */
export function arabicPrefixes(word: string): string {
  for (const article of ARTICLES) {
    if (word.startsWith(article) && word.length - article.length >= 2)
      return word.slice(article.length);
  }
  let w = word;
  // و and ف: "and", "so"; then ب ك ل: "in/with", "like", "for".
  if ((w[0] === 'و' || w[0] === 'ف') && w.length - 1 >= 3) w = w.slice(1);
  if ((w[0] === 'ب' || w[0] === 'ك' || w[0] === 'ل') && w.length - 1 >= 4) w = w.slice(1);
  return w;
}

const PRONOUNS = new Set(['هما', 'كما', 'هم', 'هن', 'ها', 'كم', 'كن', 'نا']);

/**
 * One pass through the suffixes in order, each removed if at least three letters remain. Before a
 * pronoun, ة is written ت (قيادتها): it becomes ه again, so the feminine ending goes as well.
 */
function arabicSuffixes(word: string): string {
  let w = word;
  for (const suffix of SUFFIXES) {
    if (!w.endsWith(suffix) || w.length - suffix.length < 3) continue;
    w = w.slice(0, -suffix.length);
    if (PRONOUNS.has(suffix) && w.length >= 4 && w.endsWith('ت') && !w.endsWith('ات'))
      w = `${w.slice(0, -1)}ه`;
  }
  return w;
}

/** French and English plurals (and French feminine -e), the same rules for both languages. */
function latinStem(word: string): string {
  if (word.length <= 3) return word;
  let w = word;
  if (w.endsWith('eaux')) w = w.slice(0, -1);
  else if (w.endsWith('aux') && w.length > 4) w = `${w.slice(0, -3)}al`;
  else if (w.endsWith('eux') || w.endsWith('oux')) w = w.slice(0, -1);
  else if (w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  if (w.length > 3 && w.endsWith('y')) w = `${w.slice(0, -1)}i`;
  return w;
}

/** The term of one folded word: Arabic and Latin words are stemmed, others (numbers, hashes) kept. */
function stemFolded(word: string): string {
  if (ARABIC_LETTER.test(word)) return arabicSuffixes(arabicPrefixes(word));
  if (LATIN_WORD.test(word)) return latinStem(word);
  return word;
}

/** Longest term kept: longer tokens (base64 blobs) are cut, identically at index and query time. */
const MAX_TERM = 64;
const TOKEN = /[\p{L}\p{N}]+/gu;
/** A word in the original text: letters with their marks, digits, tatweel and joiners. */
const WORD = /[\p{L}\p{M}\p{N}\u0640\u200c\u200d]+/gu;
const APOSTROPHE = /^['’ʼ]$/;
/** French elided words (l’, d’, qu’ …) that attach to the next word. */
const ELIDED = new Set(['l', 'd', 'j', 'm', 'n', 's', 't', 'c', 'qu', 'jusqu', 'lorsqu', 'puisqu']);

/** A word of the original text and the terms it gives (usually one). */
export interface WordSpan {
  start: number;
  end: number;
  terms: string[];
}

/**
 * Words recur (a few hundred words make most of any text): their terms are kept, up to a bound,
 * so indexing a large import folds and stems each distinct word once.
 */
const seen = new Map<string, string[]>();
const SEEN_MAX = 200_000;

/** The terms of one word as written (it may give several, e.g. ½ → 1, 2). */
function termsOfWord(word: string): string[] {
  const known = seen.get(word);
  if (known) return known;
  const out: string[] = [];
  for (const m of foldCharacters(word).matchAll(TOKEN)) {
    out.push(stemFolded(m[0]).slice(0, MAX_TERM));
  }
  if (seen.size >= SEEN_MAX) seen.clear();
  seen.set(word, out);
  return out;
}

/**
 * Every word of `text` with its position and terms. French elisions (l’attaque) and the English
 * possessive (group’s) are dropped, so "l’attaque" is found by "attaque".
 */
export function wordSpans(text: string): WordSpan[] {
  const spans: WordSpan[] = [];
  for (const m of text.matchAll(WORD)) {
    const start = m.index;
    const word = m[0];
    const end = start + word.length;
    if (elided(text, word, start, end)) continue;
    const terms = termsOfWord(word);
    if (terms.length > 0) spans.push({ start, end, terms });
  }
  return spans;
}

/** l’ d’ qu’ … before a word, or ’s after one: not words of their own. */
function elided(text: string, word: string, start: number, end: number): boolean {
  if (word.length > 6) return false;
  const after = text[end];
  if (after !== undefined && APOSTROPHE.test(after))
    return ELIDED.has(word.toLowerCase()) && /\p{L}/u.test(text[end + 1] ?? '');
  const before = text[start - 1];
  return (
    (word === 's' || word === 'S') &&
    before !== undefined &&
    APOSTROPHE.test(before) &&
    /\p{L}/u.test(text[start - 2] ?? '')
  );
}

/** The terms of a text, in order: what the index stores and what a query looks for. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    if (elided(text, word, m.index, m.index + word.length)) continue;
    for (const t of termsOfWord(word)) out.push(t);
  }
  return out;
}

/** The term of a single word (the first, if it gives several); '' for none. */
export function term(word: string): string {
  return terms(word)[0] ?? '';
}

/**
 * A prefix as typed before `*`: folded, Arabic article and particles removed, but no suffix
 * removed (the rest of the word is unknown).
 */
export function prefixTerm(word: string): string {
  const folded = foldCharacters(word).match(TOKEN)?.join('') ?? '';
  const cut = ARABIC_LETTER.test(folded) ? arabicPrefixes(folded) : folded;
  return cut.slice(0, MAX_TERM);
}

/** Words too common to require in a query (they are still indexed, and kept inside phrases). */
export const STOPWORDS: ReadonlySet<string> = new Set(
  [
    // English
    'the',
    'a',
    'an',
    'of',
    'in',
    'on',
    'at',
    'to',
    'and',
    'or',
    'for',
    'by',
    'with',
    'from',
    'is',
    // French
    'le',
    'la',
    'les',
    'un',
    'une',
    'de',
    'des',
    'du',
    'et',
    'ou',
    'en',
    'au',
    'aux',
    'à',
    'dans',
    'sur',
    'par',
    'pour',
    'avec',
    // Arabic
    // Not على: it is also the name علي once ى is unified.
    'في',
    'من',
    'إلى',
    'عن',
    'مع',
    'و',
    'ثم',
    'أو',
    'أن',
    'إن',
  ].map(term),
);
