import type { AudienceKind } from '../db/schema.ts';
import type { TlpLevel } from '../stix/tlp.ts';

/** An article draft: the sharing envelope (audience `member` while a draft), the article and its review. */
export interface ArticleDraftsTable {
  id: string;
  owner_id: string;
  audience: AudienceKind;
  audience_group_id: string | null;
  tlp: TlpLevel;
  federate: number;
  created_by: string;
  created_at: string;
  updated_at: string;
  /** `publishing` while the store writes its report (claimed, so two publishes cannot both run). */
  status: 'draft' | 'publishing' | 'published';
  language: string;
  title: string;
  source: string | null;
  published: string | null;
  /** JSON: the extraction (contract/ingest.ts#Extraction). */
  extraction: string;
  /** JSON: the analyst's review (contract/ingest.ts#DraftReview). */
  review: string;
  report_id: string | null;
}

export interface ArticleDraftRecipientsTable {
  draft_id: string;
  member_id: string;
}

// A type alias (not an interface): Kysely's `withTables` wants an indexable record of tables.
export type IngestTables = {
  article_drafts: ArticleDraftsTable;
  article_draft_recipients: ArticleDraftRecipientsTable;
};
