import { eld } from 'eld/medium';

/** The languages Tansiq reads articles in. */
export const ARTICLE_LANGUAGES = ['ar', 'fr', 'en'] as const;
export type ArticleLanguage = (typeof ARTICLE_LANGUAGES)[number];

export function isArticleLanguage(code: string): code is ArticleLanguage {
  return (ARTICLE_LANGUAGES as readonly string[]).includes(code);
}

/**
 * The language of a text, by ELD (n-gram detector, 60 languages). Only the first 20,000 characters
 * are read: they settle it, and a long article costs no more.
 */
export function detectLanguage(text: string): string {
  const sample = text.slice(0, 20_000);
  const result = eld.detect(sample);
  if (result.language) return result.language;
  // Very short texts: the script decides between Arabic and the rest.
  const arabic = (sample.match(/[\u0600-\u06FF]/g) ?? []).length;
  const latin = (sample.match(/[A-Za-z]/g) ?? []).length;
  return arabic > latin ? 'ar' : '';
}
