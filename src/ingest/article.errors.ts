import type { StoreGroup } from './extract.ts';

// What the server's main thread needs of article reading: the error and the options. The reader
// itself (language detection's n-grams, the gazetteer, the lexicons) loads only where articles are
// read — the extractor's worker thread and `tansiq ingest` — not at every start.

/** Why an article cannot be read: each with a stable code the API and the CLI report. */
export class ArticleError extends Error {
  constructor(
    readonly code: 'empty_article' | 'not_text' | 'article_too_large' | 'unsupported_language',
    message: string,
  ) {
    super(message);
  }
}

export interface ReadOptions {
  /** Publication date (YYYY-MM-DD) to resolve relative dates; else the page's or the text's own. */
  published?: string;
  source?: string;
  storeGroups?: readonly StoreGroup[];
}
