/**
 * Row types of notifications. A notification is never stored: it is a stored version the user may
 * read, by another member, that concerns them (src/notifications/notifications.repository.ts).
 * Stored is only where each user stands.
 */

export type DigestFrequency = 'off' | 'daily' | 'weekly';

export interface NotificationStateTable {
  user_id: string;
  /** Every version stored up to this `objects.added` counts as read ("mark all read"). */
  seen_upto: number;
  digest: DigestFrequency;
  /** Where digests go; null until the user gives an address. */
  email: string | null;
  /** The last digest covered versions up to this `objects.added`. */
  digest_upto: number | null;
  /** When the last digest was sent (or found nothing to say), RFC 3339. */
  digest_at: string | null;
}

/** Notifications opened one by one, beyond `seen_upto` (removed once the cursor passes them). */
export interface NotificationReadsTable {
  user_id: string;
  added: number;
}

export type NotificationTables = {
  notification_state: NotificationStateTable;
  notification_reads: NotificationReadsTable;
};
