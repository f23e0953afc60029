import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { AuditScope } from './roles.ts';

/**
 * THE access policy, for every kind of record that carries the sharing envelope: STIX versions,
 * incidents' facts, article drafts, projects, meetings, communiqués. It is an SQL predicate placed
 * inside the query (never fetch-then-filter), so a count, a facet or an aggregate built on it can
 * only ever see what the reader may read.
 *
 * A member reads a record when it owns it, when the record is for the whole coalition, for a
 * working group the member belongs to (observers are not members), or names the member as a
 * recipient. Roles never widen this: an instance admin reads as a user of its own member.
 * A federation peer (a `federation` token) reads only what may leave this instance: flagged for
 * federation, and never TLP:RED.
 */

/** Who reads: a member, and whether the reader is a peer instance that gets only federable records. */
export interface Reader {
  memberId: string;
  federableOnly: boolean;
}

/**
 * Where a kind of record keeps its sharing envelope. Tables that carry one name their columns
 * `owner_id`, `audience`, `audience_group_id`, `tlp` and `federate`, and keep the members of a
 * `recipients` audience in a table of their own (`recipients.table`), whose `recipients.column`
 * holds the record's `key`.
 */
export interface Envelope {
  /** The record's key column, as its recipients table refers to it. */
  key: string;
  recipients: { table: string; column: string };
}

/** The store of STIX versions: recipients are listed per stored version (`added`). */
export const OBJECT_ENVELOPE: Envelope = {
  key: 'added',
  recipients: { table: 'object_recipients', column: 'added' },
};

/** `alias.column` as an identifier reference. */
const ref = (alias: string, column: string) => sql.ref(`${alias}.${column}`);

/** The read predicate on the row `alias` of a table carrying `envelope`. */
export function mayRead(reader: Reader, envelope: Envelope, alias: string): RawBuilder<SqlBool> {
  const { memberId } = reader;
  const recipients = sql.table(envelope.recipients.table);
  const recipientKey = sql.ref(`r.${envelope.recipients.column}`);
  const visible = sql<SqlBool>`(${ref(alias, 'owner_id')} = ${memberId}
    OR ${ref(alias, 'audience')} = 'coalition'
    OR (${ref(alias, 'audience')} = 'group' AND ${ref(alias, 'audience_group_id')} IN (
      SELECT gm.group_id FROM group_members gm WHERE gm.member_id = ${memberId} AND gm.role = 'member'))
    OR (${ref(alias, 'audience')} = 'recipients' AND EXISTS (
      SELECT 1 FROM ${recipients} r WHERE ${recipientKey} = ${ref(alias, envelope.key)} AND r.member_id = ${memberId})))`;
  if (!reader.federableOnly) return visible;
  return sql<SqlBool>`(${visible} AND ${ref(alias, 'federate')} = 1 AND ${ref(alias, 'tlp')} <> 'red')`;
}

/**
 * For versioned records (STIX objects): "the latest version this reader may read" — no newer
 * version of the same record that the reader may also read. Combine with `mayRead` on the row.
 * Copies of one version (an observable several members hold) count once: the earliest stored.
 */
export function isLatestFor(
  reader: Reader,
  alias: string,
  versioned: { table: string; id: string; version: string } = {
    table: 'objects',
    id: 'stix_id',
    version: 'version',
  },
  envelope: Envelope = OBJECT_ENVELOPE,
): RawBuilder<SqlBool> {
  const newer = `${alias}_newer`;
  return sql<SqlBool>`NOT EXISTS (SELECT 1 FROM ${sql.table(versioned.table)} AS ${sql.id(newer)}
    WHERE ${ref(newer, versioned.id)} = ${ref(alias, versioned.id)}
    AND (${ref(newer, versioned.version)} > ${ref(alias, versioned.version)}
      OR (${ref(newer, versioned.version)} = ${ref(alias, versioned.version)}
        AND ${ref(newer, envelope.key)} < ${ref(alias, envelope.key)}))
    AND ${mayRead(reader, envelope, newer)})`;
}

/** "The first version this reader may read": no older version it may also read. */
export function isFirstFor(
  reader: Reader,
  alias: string,
  versioned: { table: string; id: string; version: string } = {
    table: 'objects',
    id: 'stix_id',
    version: 'version',
  },
  envelope: Envelope = OBJECT_ENVELOPE,
): RawBuilder<SqlBool> {
  const older = `${alias}_older`;
  return sql<SqlBool>`NOT EXISTS (SELECT 1 FROM ${sql.table(versioned.table)} AS ${sql.id(older)}
    WHERE ${ref(older, versioned.id)} = ${ref(alias, versioned.id)}
    AND (${ref(older, versioned.version)} < ${ref(alias, versioned.version)}
      OR (${ref(older, versioned.version)} = ${ref(alias, versioned.version)}
        AND ${ref(older, envelope.key)} < ${ref(alias, envelope.key)}))
    AND ${mayRead(reader, envelope, older)})`;
}

/**
 * The audit log's read predicate, on the entry `alias`. Instance admins read every entry. A member
 * admin of M reads the entries about M (`about = M`: an instance admin renaming M or changing an
 * account of M, a failed login to an account of M) and the entries of M's own people that are
 * about nobody else (`member = M` and no `about`). It never reads another member's activity, nor
 * what M's people did about another member or the whole instance (an instance admin of M renaming
 * N is about N; reading the whole audit log is about `*`): those belong to that member, or to the
 * instance admins.
 */
export function mayReadAuditEntry(scope: AuditScope, alias: string): RawBuilder<SqlBool> {
  if (scope.kind === 'instance') return sql<SqlBool>`1 = 1`;
  return sql<SqlBool>`(${ref(alias, 'about')} = ${scope.code}
    OR (${ref(alias, 'member')} = ${scope.code} AND ${ref(alias, 'about')} IS NULL))`;
}
