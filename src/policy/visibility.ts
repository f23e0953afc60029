import { sql, type RawBuilder, type SqlBool } from 'kysely';

/**
 * THE access policy for stored objects, as a predicate inside the query (never fetch-then-filter).
 * A member sees a stored version when it owns it, when it is for the whole coalition, when it is
 * for a working group the member belongs to (observers excluded), or when the member is a named
 * recipient. Roles do not widen this: an instance admin reads as a user of its own member.
 *
 * `alias` is the alias of the objects table in the calling query (`o` by convention).
 */
export function visibleTo(memberId: string, alias = 'o'): RawBuilder<SqlBool> {
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  return sql<SqlBool>`(${col('owner_id')} = ${memberId}
    OR ${col('audience')} = 'coalition'
    OR (${col('audience')} = 'group' AND ${col('audience_group_id')} IN (
      SELECT gm.group_id FROM group_members gm WHERE gm.member_id = ${memberId} AND gm.role = 'member'))
    OR (${col('audience')} = 'recipients' AND EXISTS (
      SELECT 1 FROM object_recipients r WHERE r.added = ${col('added')} AND r.member_id = ${memberId})))`;
}

/**
 * "Latest visible version": no newer version of the same object that this member may also see.
 * Combine with `visibleTo(memberId, alias)` on the outer row.
 */
export function isLatestVisible(memberId: string, alias = 'o'): RawBuilder<SqlBool> {
  return sql<SqlBool>`NOT EXISTS (SELECT 1 FROM objects newer
    WHERE newer.stix_id = ${sql.ref(`${alias}.stix_id`)} AND newer.version > ${sql.ref(`${alias}.version`)}
    AND ${visibleTo(memberId, 'newer')})`;
}
