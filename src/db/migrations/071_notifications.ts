import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Notifications (src/notifications/notifications.table.ts) are derived from the stored versions
 * under the access policy; what is kept per user is only where they stand: how far they have read,
 * the notifications they opened beyond that, and their e-mail digest.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('notification_state')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('seen_upto', 'bigint', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull().defaultTo('off'))
    .addColumn('email', 'text')
    .addColumn('digest_upto', 'bigint')
    .addColumn('digest_at', 'text')
    .execute();
  await db.schema
    .createIndex('notification_state_digest')
    .on('notification_state')
    .columns(['digest', 'digest_at'])
    .execute();
  await db.schema
    .createTable('notification_reads')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('added', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_reads_pk', ['user_id', 'added'])
    .execute();
}
