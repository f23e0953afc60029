import type { EnvelopeColumns } from './projects.table.ts';

/** Row types of joint communiqués and their approvals (migration 030_coordination). */

export type CommuniqueStatus = 'draft' | 'published';

export interface CommuniquesTable extends EnvelopeColumns {
  id: string;
  group_id: string;
  title_ar: string | null;
  title_fr: string | null;
  title_en: string | null;
  body_ar: string | null;
  body_fr: string | null;
  body_en: string | null;
  status: CommuniqueStatus;
  /** Increases with every edit: approvals are of one revision, the current text. */
  revision: number;
  exercise: number;
  created_by: string;
  created_at: string;
  updated_at: string;
  published_at: string | null;
  published_by: string | null;
}

export interface CommuniqueRecipientsTable {
  communique_id: string;
  member_id: string;
}

/** One co-chair member's approval of one revision. */
export interface CommuniqueApprovalsTable {
  communique_id: string;
  member_id: string;
  revision: number;
  user_id: string;
  approved_at: string;
}

// A type (not an interface): Kysely's `withTables` wants an indexable record of tables.
export type CommuniqueTables = {
  communiques: CommuniquesTable;
  communique_recipients: CommuniqueRecipientsTable;
  communique_approvals: CommuniqueApprovalsTable;
};
