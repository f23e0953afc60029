import type { Extraction, DraftReview } from '../../contract/ingest.ts';
import type { Db } from '../db/index.ts';
import { instant, type SearchableText, type TextField } from '../search/extract.ts';
import type { ResultKind, SearchKind } from '../search/kinds.ts';
import { removeSearchDocs, writeSearchDocs, type SearchDocument } from '../search/search.index.ts';
import { draftArm, draftKeys, draftsByIds, DRAFT_KIND } from './draft.repository.ts';

/**
 * Article drafts in search: the article's title and cleaned text and the analyst's proposed report,
 * in the article's language, written in the transaction that keeps or changes the draft. Only the
 * draft's member finds it (THE policy, audience `member`: draft.repository.ts#draftArm).
 */

type DraftRow = Awaited<ReturnType<typeof draftsByIds>>[number];

const LANGS = new Set(['ar', 'fr', 'en']);

function parse<T>(json: string): Partial<T> {
  try {
    return JSON.parse(json) as Partial<T>;
  } catch {
    return {};
  }
}

function textOf(d: DraftRow): SearchableText {
  const lang = LANGS.has(d.language) ? d.language : undefined;
  const field = (name: string, text: unknown): TextField[] =>
    typeof text === 'string' && text.trim()
      ? [{ field: name, ...(lang ? { lang } : {}), text }]
      : [];
  const review = parse<DraftReview>(d.review).report;
  const extraction = parse<Extraction>(d.extraction);
  const named = review?.name?.trim();
  return {
    title: [
      ...field('title', d.title),
      ...(named && named !== d.title ? field('title', named) : []),
    ],
    body: [...field('description', review?.description), ...field('article', extraction.text)],
  };
}

async function documents(db: Db, ids: string[]): Promise<SearchDocument[]> {
  return (await draftsByIds(db, [...new Set(ids)])).map((d) => ({
    kind: DRAFT_KIND,
    record_key: d.id,
    // The day of the article where known, else the day it was kept.
    at: instant(d.published) ?? instant(d.created_at) ?? d.created_at,
    text: textOf(d),
  }));
}

/** Writes the documents of these drafts, in the transaction that kept or changed them. */
export async function indexDrafts(trx: Db, ids: string[]): Promise<void> {
  await writeSearchDocs(trx, await documents(trx, ids));
}

/** Removes the documents of deleted drafts, in the deleting transaction. */
export function unindexDrafts(trx: Db, ids: string[]): Promise<void> {
  return removeSearchDocs(trx, DRAFT_KIND, ids);
}

const draftKind: SearchKind = {
  kind: DRAFT_KIND,
  visible: draftArm,
  async texts(db, keys) {
    return new Map((await draftsByIds(db, keys)).map((d) => [d.id, textOf(d)]));
  },
  rebuild: { keys: draftKeys, documents },
};

const draftResults: ResultKind = {
  found: DRAFT_KIND,
  async present(db, _actor, results) {
    // Drafts are TLP:CLEAR for their own member until published: no read to audit.
    const rows = await draftsByIds(
      db,
      results.map((r) => r.shown_key),
    );
    return new Map(
      rows.map((d) => [
        d.id,
        { name: d.title, ...(LANGS.has(d.language) ? { lang: d.language } : {}) },
      ]),
    );
  },
};

/** Article drafts, for `addSearchKind` in the composition root. */
export const DRAFT_SEARCH: [SearchKind, ResultKind] = [draftKind, draftResults];
