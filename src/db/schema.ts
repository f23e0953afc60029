/** Row types of every table (one place, so repositories and the policy agree on columns). */

import type { AudienceKind, Locale, Role, TokenScope } from '../../contract/vocabulary.ts';

export type { AudienceKind, Locale, Role };

export interface MembersTable {
  id: string;
  code: string;
  iso2: string | null;
  kind: 'state' | 'organisation';
  name_ar: string;
  name_fr: string;
  name_en: string;
  identity_id: string;
  created_at: string;
  /** The day the member left the coalition (it stays in history and references), else null. */
  retired_on: string | null;
}

export interface WorkingGroupsTable {
  id: string;
  slug: string;
  name_ar: string;
  name_fr: string;
  name_en: string;
  created_at: string;
  /** The day the group closed (it stays in history and references), else null. */
  closed_on: string | null;
}

export interface GroupMembersTable {
  group_id: string;
  member_id: string;
  role: 'member' | 'observer';
}

export interface ChairTermsTable {
  id: string;
  group_id: string;
  member_id: string;
  starts_on: string;
  ends_on: string | null;
}

export interface UsersTable {
  id: string;
  username: string;
  member_id: string;
  role: Role;
  password_hash: string;
  locale: Locale;
  /** Dates, month names and digits (a tag of contract/regions.ts); null: the member's country. */
  region: string | null;
  disabled: number;
  totp_secret: string | null;
  totp_pending: string | null;
  /** The TOTP time step of the last code accepted: a code counts once. */
  totp_last_step: number | null;
  created_at: string;
}

export interface SessionsTable {
  token_hash: string;
  /** How the user names the session in its list (never the token nor its hash). */
  id: string | null;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  address: string | null;
  user_agent: string | null;
  last_seen_at: string | null;
}

export interface RecoveryCodesTable {
  user_id: string;
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  scope: TokenScope;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface LoginFailuresTable {
  key: string;
  at_ms: number;
}

/** One stored version of a STIX object. `added` is date_added in µs: unique, strictly increasing. */
export interface ObjectsTable {
  added: number;
  stix_id: string;
  type: string;
  version: string;
  spec_version: string | null;
  revoked: number;
  owner_id: string;
  audience: AudienceKind;
  audience_group_id: string | null;
  tlp: string;
  federate: number;
  source: string;
  provenance: string | null;
  /** For language-content and similar: the object it is about. */
  refers_to: string | null;
  body: string;
  /** The owning member for an SCO (a shared fact several members may hold), '' otherwise. */
  holder: string;
}

/** Stored versions waiting for their projections: a range of `objects.added` per writing transaction. */
export interface ProjectionQueueTable {
  /** The first `added` of the range when it was queued. */
  id: number;
  from_added: number;
  to_added: number;
}

export interface ObjectRecipientsTable {
  added: number;
  member_id: string;
}

export interface ClockTable {
  id: number;
  last_added: number;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor: string | null;
  member: string | null;
  action: string;
  subject: string | null;
  detail: string;
  prev_hash: string;
  hash: string;
  /**
   * The member the entry is about when that is not (only) the actor's own: a member code, or `*`
   * for the instance as a whole. It scopes a member admin's audit view (policy/access.ts).
   */
  about?: string | null;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

/** A TAXII 2.1 status resource (§4.3), as JSON, readable by the user who posted. */
export interface TaxiiStatusTable {
  id: string;
  user_id: string;
  created_at: string;
  body: string;
}

/** Another TAXII 2.1 server (often another Tansiq) this instance pulls from and pushes to. */
export interface PeersTable {
  id: string;
  name: string;
  url: string;
  username: string;
  secret_kind: 'password' | 'token';
  secret: string;
  /** The local member that owns what is pulled from this peer. */
  member_id: string;
  /** Audience spec (`member`, `coalition`, `group:<slug>`, `recipients:A,B`) for pulled objects. */
  audience: string;
  /** JSON list of remote collection ids; empty = every collection the account may read. */
  collections: string;
  interval_seconds: number;
  created_at: string;
  last_pull_at: string | null;
  last_error: string | null;
}

export interface PeerCheckpointsTable {
  peer_id: string;
  direction: 'pull' | 'push';
  collection_id: string;
  /** date_added (remote for pull, local for push) of the last object handled. */
  added_after: string;
  updated_at: string;
}

export interface Database {
  members: MembersTable;
  working_groups: WorkingGroupsTable;
  group_members: GroupMembersTable;
  chair_terms: ChairTermsTable;
  users: UsersTable;
  sessions: SessionsTable;
  recovery_codes: RecoveryCodesTable;
  api_tokens: ApiTokensTable;
  login_failures: LoginFailuresTable;
  objects: ObjectsTable;
  object_recipients: ObjectRecipientsTable;
  projection_queue: ProjectionQueueTable;
  clock: ClockTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  taxii_status: TaxiiStatusTable;
  peers: PeersTable;
  peer_checkpoints: PeerCheckpointsTable;
}
