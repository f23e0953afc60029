import type { AudienceKind } from '../db/schema.ts';

/** Row types of the capacity-building register (migration 030_coordination). */

export interface CoordinationDomainsTable {
  key: string;
  name_ar: string;
  name_fr: string;
  name_en: string;
  position: number;
  created_at: string;
}

export type ProjectStatus = 'pipeline' | 'active' | 'completed' | 'suspended' | 'cancelled';
export type ProjectSource = 'local' | 'csv' | 'iati' | 'demo';

/** The sharing envelope, as every shared record carries it (policy/access.ts). */
export interface EnvelopeColumns {
  owner_id: string;
  audience: AudienceKind;
  audience_group_id: string | null;
  tlp: string;
  federate: number;
}

export interface ProjectsTable extends EnvelopeColumns {
  id: string;
  title_ar: string | null;
  title_fr: string | null;
  title_en: string | null;
  description_ar: string | null;
  description_fr: string | null;
  description_en: string | null;
  starts_on: string;
  ends_on: string | null;
  status: ProjectStatus;
  budget: number | null;
  currency: string | null;
  /** JSON list of `{name, organisation, email, phone}`: shown, never queried. */
  contacts: string;
  source: ProjectSource;
  iati_identifier: string | null;
  iati_reporting_org_ref: string | null;
  iati_reporting_org_name: string | null;
  /** Hash of what an IATI import wrote: the same activity imported again changes nothing. */
  iati_hash: string | null;
  exercise: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface ProjectRecipientsTable {
  project_id: string;
  member_id: string;
}

export interface ProjectCountriesTable {
  project_id: string;
  position: number;
  iso2: string;
  admin1: string | null;
  percentage: number | null;
}

export interface ProjectRegionsTable {
  project_id: string;
  position: number;
  code: string;
  vocabulary: string;
  percentage: number | null;
}

export interface ProjectDomainsTable {
  project_id: string;
  domain: string;
}

/** A sector code as the publisher gave it (IATI vocabulary 1 = DAC 5-digit, 2 = DAC 3-digit, 99…). */
export interface ProjectSectorsTable {
  project_id: string;
  position: number;
  vocabulary: string;
  code: string;
  percentage: number | null;
  narrative: string | null;
}

/** IATI participating-org roles: 1 funding, 2 accountable, 3 extending, 4 implementing. */
export type PartyRole = 'funding' | 'accountable' | 'extending' | 'implementing';

/** A donor or partner: a member of this instance, or another organisation by name. */
export interface ProjectPartiesTable {
  project_id: string;
  position: number;
  role: PartyRole;
  member_id: string | null;
  name: string | null;
  ref: string | null;
}

export type NeedPriority = 'high' | 'medium' | 'low';
export type NeedStatus = 'open' | 'withdrawn';

export interface NeedsTable extends EnvelopeColumns {
  id: string;
  title_ar: string | null;
  title_fr: string | null;
  title_en: string | null;
  description_ar: string | null;
  description_fr: string | null;
  description_en: string | null;
  country: string;
  admin1: string | null;
  domain: string;
  priority: NeedPriority;
  status: NeedStatus;
  exercise: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface NeedRecipientsTable {
  need_id: string;
  member_id: string;
}

/** A project that answers a need: the need is covered while the project exists. */
export interface NeedProjectsTable {
  need_id: string;
  project_id: string;
  answered_by: string;
  answered_at: string;
}

// A type (not an interface): Kysely's `withTables` wants an indexable record of tables.
export type RegisterTables = {
  coordination_domains: CoordinationDomainsTable;
  projects: ProjectsTable;
  project_recipients: ProjectRecipientsTable;
  project_countries: ProjectCountriesTable;
  project_regions: ProjectRegionsTable;
  project_domains: ProjectDomainsTable;
  project_sectors: ProjectSectorsTable;
  project_parties: ProjectPartiesTable;
  needs: NeedsTable;
  need_recipients: NeedRecipientsTable;
  need_projects: NeedProjectsTable;
};
