import type { Texts } from '../../contract/coordination.ts';
import { AppError } from '../errors.ts';

/** Content in the three working languages, one plain column per language (`title_ar` …). */
export const LANGS = ['ar', 'fr', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export type TextsIn = Partial<Record<Lang, string>>;
type Columns<P extends string> = Record<`${P}_${Lang}`, string | null>;

/** Trimmed text per language; a language left blank is stored as NULL. */
export function textColumns<P extends string>(prefix: P, texts: TextsIn | undefined): Columns<P> {
  const out: Record<string, string | null> = {};
  for (const lang of LANGS) {
    const value = texts?.[lang]?.trim();
    out[`${prefix}_${lang}`] = value ? value : null;
  }
  return out as Columns<P>;
}

/** A required text must be written in at least one of the languages. */
export function requireText(field: string, texts: TextsIn | undefined): void {
  if (!LANGS.some((lang) => texts?.[lang]?.trim())) {
    throw new AppError(
      422,
      'validation',
      `${field}: write it in at least one of Arabic, French or English (ar, fr, en)`,
      field,
    );
  }
}

export function presentTexts<P extends string>(row: Columns<P>, prefix: P): Texts {
  const get = (lang: Lang) => row[`${prefix}_${lang}` as `${P}_${Lang}`] ?? '';
  return { ar: get('ar'), fr: get('fr'), en: get('en') };
}

/** The text in `lang`, else in the first language it was written in. */
export function textIn(texts: Texts, lang: Lang): string {
  return texts[lang] || texts.en || texts.fr || texts.ar;
}
