/**
 * Tokens and normal forms shared by every extractor. A token keeps its offsets in the article's
 * text, so every entity found on tokens can be highlighted where it was written.
 */

export type Script = 'ar' | 'lat' | 'num' | 'punct';

export interface Token {
  start: number;
  end: number;
  raw: string;
  /** Normal form: Latin folded (case, accents), Arabic without diacritics and letter variants. */
  norm: string;
  script: Script;
  /** Latin token starting with a capital letter. */
  cap: boolean;
}

const ARABIC_DIACRITICS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;
const ARABIC_LETTER = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]/;
const ARABIC_INDIC = /[\u0660-\u0669\u06F0-\u06F9]/g;

/** Arabic letter variants written interchangeably in the press (hamza forms, taa marbuta, alef maqsura). */
export function normaliseArabic(word: string): string {
  return word
    .replace(ARABIC_DIACRITICS, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/ؤ/g, 'و')
    .replace(/ئ/g, 'ي')
    .replace(/ک/g, 'ك')
    .replace(/ی/g, 'ي')
    .replace(ARABIC_INDIC, (d) => asciiDigits(d));
}

/** Latin words folded for comparison: lower case, no accents, ligatures opened. */
export function normaliseLatin(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae');
}

export function normaliseWord(word: string): string {
  return ARABIC_LETTER.test(word) ? normaliseArabic(word) : normaliseLatin(word);
}

const WORD =
  /[\p{L}\p{M}]+|[0-9\u0660-\u0669\u06F0-\u06F9]+|\n|[^\s\p{L}\p{M}0-9\u0660-\u0669\u06F0-\u06F9]/gu;

/** Eastern Arabic and Persian digits as ASCII digits. */
export function asciiDigits(text: string): string {
  return text.replace(ARABIC_INDIC, (d) => {
    const code = d.charCodeAt(0);
    return String(code - (code >= 0x06f0 ? 0x06f0 : 0x0660));
  });
}

export function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    const raw = m[0];
    const start = m.index;
    let script: Script;
    if (/^[0-9\u0660-\u0669\u06F0-\u06F9]/.test(raw)) script = 'num';
    else if (!/^[\p{L}\p{M}]/u.test(raw)) script = 'punct';
    else if (ARABIC_LETTER.test(raw)) script = 'ar';
    else script = 'lat';
    const norm =
      script === 'ar'
        ? normaliseArabic(raw)
        : script === 'num'
          ? asciiDigits(raw)
          : script === 'lat'
            ? normaliseLatin(raw)
            : raw.replace(/[’‘ʼ`´]/g, "'");
    const cap = script === 'lat' && raw[0] !== raw[0]!.toLowerCase();
    tokens.push({ start, end: start + raw.length, raw, norm, script, cap });
  }
  return tokens;
}

/** Normal forms of a phrase's tokens (for lexicon entries), tokenised as the text is. */
export function phraseTokens(phrase: string): string[] {
  return tokenise(phrase).map((t) => t.norm);
}

/**
 * The forms an Arabic word may take once its attached particles are removed: conjunctions و/ف,
 * prepositions ب/ل/ك, and لل (ل + ال). Each with the number of letters removed, so a match keeps
 * exact offsets. The word itself comes first.
 */
export function arabicForms(norm: string): { form: string; cut: number }[] {
  const out: { form: string; cut: number }[] = [{ form: norm, cut: 0 }];
  const add = (form: string, cut: number) => {
    if (form.length >= 2 && !out.some((o) => o.form === form)) out.push({ form, cut });
  };
  const stems: { form: string; cut: number }[] = [{ form: norm, cut: 0 }];
  if (/^[وف]/.test(norm) && norm.length >= 3) {
    stems.push({ form: norm.slice(1), cut: 1 });
    add(norm.slice(1), 1);
  }
  for (const s of stems) {
    if (s.form.startsWith('لل') && s.form.length > 4) add(`ال${s.form.slice(2)}`, s.cut + 1);
    if (/^[بلك]/.test(s.form) && s.form.length > 3) add(s.form.slice(1), s.cut + 1);
  }
  return out;
}

/** Sentence ends: full stops, question and exclamation marks, line breaks between paragraphs. */
export const SENTENCE_END = new Set(['.', '!', '?', '؟', '…', '\n', '!']);
