import type { Extraction } from '../../contract/ingest.ts';
import { ARTICLE_LIMIT_BYTES } from '../../contract/ingest.ts';
import { ArticleError, type ReadOptions } from './article.errors.ts';
import { cleanArticle } from './clean.ts';

export { ArticleError, type ReadOptions };
import { extractArticle } from './extract.ts';
import { detectLanguage, isArticleLanguage } from './language.ts';
import { makeContext } from './extract/context.ts';
import { findDates } from './extract/dates.ts';
import { tokenise } from './text.ts';

/** Text, not a binary file: no NUL bytes, and few control or replacement characters. */
function isText(content: string): boolean {
  if (content.includes('\u0000')) return false;
  const sample = content.slice(0, 100_000);
  let bad = 0;
  for (let i = 0; i < sample.length; i += 1) {
    const c = sample.charCodeAt(i);
    if (c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13)) bad += 1;
  }
  return bad <= sample.length / 100;
}

/**
 * An agency dateline ("Bamako, 2 juillet 2024 (AFP) -", "LAGOS, May 14, 2024 —") dates the article:
 * an absolute date at the start of the headline or of the first paragraph.
 */
function datelineDate(text: string, language: 'ar' | 'fr' | 'en'): string | undefined {
  const head = text
    .split('\n')
    .filter((l) => l.trim())
    .slice(0, 2)
    .map((l) => l.slice(0, 60))
    .join('\n');
  const ctx = makeContext(head, tokenise(head));
  const first = findDates(ctx, undefined, language).find(
    (d) => d.precision === 'day' && !d.relative && d.date,
  );
  return first?.date ?? undefined;
}

/** An article as given (text or HTML) to its extraction; throws `ArticleError` on bad input. */
export function readArticle(content: string, options: ReadOptions = {}): Extraction {
  if (Buffer.byteLength(content, 'utf8') > ARTICLE_LIMIT_BYTES)
    throw new ArticleError(
      'article_too_large',
      `content: larger than ${ARTICLE_LIMIT_BYTES / 1024 / 1024} MB`,
    );
  if (!content.trim()) throw new ArticleError('empty_article', 'content: the article is empty');
  if (!isText(content))
    throw new ArticleError('not_text', 'content: this is not text or HTML (a binary file?)');
  const clean = cleanArticle(content);
  if (clean.text.replace(/\s/g, '').length < 20)
    throw new ArticleError(
      'empty_article',
      'content: no article text found (after removing page clutter)',
    );
  const language = detectLanguage(clean.text);
  if (!isArticleLanguage(language))
    throw new ArticleError(
      'unsupported_language',
      `content: the article is in a language Tansiq does not read (${language || 'unknown'}); use Arabic, French or English`,
    );
  return extractArticle(
    {
      text: clean.text,
      title: clean.title,
      language,
      published: options.published ?? clean.published ?? datelineDate(clean.text, language),
      source: options.source ?? clean.source,
    },
    options.storeGroups,
  );
}
