import { sql, type RawBuilder } from 'kysely';
import { dialectOf, type Db } from '../db/index.ts';
import { mayRead, type Envelope, type Reader } from '../policy/access.ts';
import type { Match } from '../search/kinds.ts';
import { visibleObjectsQuery } from '../exchange/objects.repository.ts';
import type { ArticleDraftsTable, IngestTables } from './draft.table.ts';

/** Drafts keep their recipients (none while a draft) in their own table, as the policy expects. */
export const DRAFT_ENVELOPE: Envelope = {
  key: 'id',
  recipients: { table: 'article_draft_recipients', column: 'draft_id' },
};

const drafts = (db: Db) => db.withTables<IngestTables>();

export async function insertDraft(db: Db, row: ArticleDraftsTable): Promise<void> {
  await drafts(db).insertInto('article_drafts').values(row).execute();
}

/** A draft row with the username of its author. */
export type DraftRow = ArticleDraftsTable & { author: string | null };

/** One draft, if the reader may read it (not allowed and not found are the same). */
export function draftFor(db: Db, reader: Reader, id: string): Promise<DraftRow | undefined> {
  return drafts(db)
    .selectFrom('article_drafts as d')
    .leftJoin('users as u', 'u.id', 'd.created_by')
    .selectAll('d')
    .select('u.username as author')
    .where('d.id', '=', id)
    .where(mayRead(reader, DRAFT_ENVELOPE, 'd'))
    .executeTakeFirst();
}

export type DraftListRow = Omit<DraftRow, 'extraction' | 'review'>;

/** The drafts the reader may read, most recently changed first. */
export function draftsFor(db: Db, reader: Reader, limit: number): Promise<DraftListRow[]> {
  return drafts(db)
    .selectFrom('article_drafts as d')
    .leftJoin('users as u', 'u.id', 'd.created_by')
    .select('u.username as author')
    .select([
      'd.id',
      'd.owner_id',
      'd.audience',
      'd.audience_group_id',
      'd.tlp',
      'd.federate',
      'd.created_by',
      'd.created_at',
      'd.updated_at',
      'd.status',
      'd.language',
      'd.title',
      'd.source',
      'd.published',
      'd.report_id',
    ])
    .where(mayRead(reader, DRAFT_ENVELOPE, 'd'))
    .orderBy('d.updated_at', 'desc')
    .orderBy('d.id')
    .limit(limit)
    .execute();
}

/** Changes a draft the reader may read; the number of rows changed (0: no such draft for it). */
export async function updateDraft(
  db: Db,
  reader: Reader,
  id: string,
  change: Partial<
    Pick<ArticleDraftsTable, 'review' | 'updated_at' | 'status' | 'report_id' | 'title'>
  >,
): Promise<number> {
  const result = await drafts(db)
    .updateTable('article_drafts as d')
    .set(change)
    .where('d.id', '=', id)
    .where(mayRead(reader, DRAFT_ENVELOPE, 'd'))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Claims a draft for publishing: true when it was a draft and is now this caller's to publish. */
export async function claimDraft(db: Db, reader: Reader, id: string): Promise<boolean> {
  const result = await drafts(db)
    .updateTable('article_drafts as d')
    .set({ status: 'publishing' })
    .where('d.id', '=', id)
    .where('d.status', '=', 'draft')
    .where(mayRead(reader, DRAFT_ENVELOPE, 'd'))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteDraft(db: Db, reader: Reader, id: string): Promise<number> {
  const result = await drafts(db)
    .deleteFrom('article_drafts as d')
    .where('d.id', '=', id)
    .where(mayRead(reader, DRAFT_ENVELOPE, 'd'))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface StoredBody {
  stix_id: string;
  type: string;
  body: string;
}

/** The latest visible intrusion-sets, threat-actors and locations (for matching and linking). */
export function visibleEntities(
  db: Db,
  reader: Reader,
  types: string[],
  limit: number,
): Promise<StoredBody[]> {
  return visibleObjectsQuery(db, reader, { types })
    .select(['o.stix_id', 'o.type', 'o.body'])
    .orderBy('o.added')
    .limit(limit)
    .execute();
}

/** The visible translations (language-content) of these objects. */
export async function visibleTranslations(
  db: Db,
  reader: Reader,
  ids: string[],
): Promise<StoredBody[]> {
  const out: StoredBody[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    out.push(
      ...((await visibleObjectsQuery(db, reader, { types: ['language-content'] })
        .where('o.refers_to', 'in', ids.slice(i, i + 500))
        .select(['o.refers_to as stix_id', 'o.type', 'o.body'])
        .execute()) as StoredBody[]),
    );
  }
  return out;
}

/** `search_docs.kind` of article drafts, and the type their results carry. */
export const DRAFT_KIND = 'article-draft';

/**
 * Drafts in search (src/search/kinds.ts): the matched documents of drafts the reader may read —
 * THE policy on the draft's own row, so only its member finds it.
 */
export function draftArm(reader: Reader, match: Match): RawBuilder<unknown> {
  const kind = sql.lit(DRAFT_KIND);
  return sql`SELECT h.doc_id AS doc_id, ${kind} AS found, d.id AS id, ${kind} AS type,
      d.tlp AS tlp, d.owner_id AS owner_id, h.at AS at, d.id AS shown_key, ${match.tier('h')} AS tier
    FROM ${match.documents(DRAFT_KIND)} s
    JOIN search_docs h ON h.doc_id = s.doc_id
    JOIN article_drafts d ON d.id = h.record_key
    WHERE ${mayRead(reader, DRAFT_ENVELOPE, 'd')}`;
}

/** Drafts by id whatever their envelope: to index them, or with ids a policy-bound search returned. */
export function draftsByIds(
  db: Db,
  ids: string[],
): Promise<
  Pick<
    ArticleDraftsTable,
    'id' | 'tlp' | 'language' | 'title' | 'published' | 'created_at' | 'extraction' | 'review'
  >[]
> {
  if (ids.length === 0) return Promise.resolve([]);
  return drafts(db)
    .selectFrom('article_drafts')
    .select(['id', 'tlp', 'language', 'title', 'published', 'created_at', 'extraction', 'review'])
    .where('id', 'in', ids)
    .execute();
}

/** Keys of drafts after `after`, in key order, locked on PostgreSQL (a search rebuild's page). */
export async function draftKeys(trx: Db, after: string | null, limit: number): Promise<string[]> {
  let q = drafts(trx).selectFrom('article_drafts').select('id').orderBy('id').limit(limit);
  if (after !== null) q = q.where('id', '>', after);
  const rows = await (dialectOf(trx) === 'postgres' ? q.forUpdate() : q).execute();
  return rows.map((r) => r.id);
}
