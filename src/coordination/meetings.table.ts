import type { EnvelopeColumns } from './projects.table.ts';

/** Row types of meetings, their parts and action items (migration 030_coordination). */

export type Modality = 'in_person' | 'online' | 'hybrid';
export type ParticipantRole = 'chair' | 'speaker' | 'delegate' | 'observer';
export type Presence = 'in_person' | 'video';
export type ActionStatus = 'open' | 'done' | 'dropped';

export interface MeetingsTable extends EnvelopeColumns {
  id: string;
  group_id: string;
  title_ar: string | null;
  title_fr: string | null;
  title_en: string | null;
  minutes_ar: string | null;
  minutes_fr: string | null;
  minutes_en: string | null;
  /** Wall-clock start and end (`YYYY-MM-DDTHH:mm`) in `time_zone`, as the organisers gave them. */
  local_start: string;
  local_end: string;
  /** IANA time zone (`Europe/Brussels`). */
  time_zone: string;
  /** The same instants in UTC (RFC 3339), for ordering and calendars. */
  starts_at: string;
  ends_at: string;
  place: string;
  modality: Modality;
  exercise: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface MeetingRecipientsTable {
  meeting_id: string;
  member_id: string;
}

export interface MeetingAgendaTable {
  meeting_id: string;
  position: number;
  title_ar: string | null;
  title_fr: string | null;
  title_en: string | null;
  presenter_member_id: string | null;
  presenter_name: string | null;
}

export interface MeetingParticipantsTable {
  meeting_id: string;
  position: number;
  member_id: string;
  person: string;
  role: ParticipantRole;
  presence: Presence;
}

export interface MeetingDecisionsTable {
  meeting_id: string;
  position: number;
  text_ar: string | null;
  text_fr: string | null;
  text_en: string | null;
}

/** An action item: visible exactly when its meeting is. */
export interface MeetingActionsTable {
  id: string;
  meeting_id: string;
  position: number;
  text_ar: string | null;
  text_fr: string | null;
  text_en: string | null;
  owner_member_id: string;
  due_on: string;
  status: ActionStatus;
  done_at: string | null;
  done_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A STIX report linked to a meeting; shown only to readers who may read the report. */
export interface MeetingReportsTable {
  meeting_id: string;
  stix_id: string;
}

/** A secret calendar address: the token is shown once and stored hashed. */
export interface CalendarFeedsTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
}

// A type (not an interface): Kysely's `withTables` wants an indexable record of tables.
export type MeetingTables = {
  meetings: MeetingsTable;
  meeting_recipients: MeetingRecipientsTable;
  meeting_agenda: MeetingAgendaTable;
  meeting_participants: MeetingParticipantsTable;
  meeting_decisions: MeetingDecisionsTable;
  meeting_actions: MeetingActionsTable;
  meeting_reports: MeetingReportsTable;
  calendar_feeds: CalendarFeedsTable;
};
