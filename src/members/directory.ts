import type { Audience as PresentedAudience } from '../../contract/api.ts';
import type { AudienceKind } from '../db/schema.ts';

/**
 * Members and groups by id, to present records without a join per row (members and groups are
 * few). Every kind of record that carries the sharing envelope presents it through here.
 */
export interface Directory {
  memberCode: Map<string, string>;
  groupSlug: Map<string, string>;
}

/** The envelope columns a record row carries. */
export interface EnvelopeRow {
  owner_id: string;
  audience: AudienceKind;
  audience_group_id: string | null;
}

/** How the API writes an audience: `member`, `coalition`, `group:<slug>` or `{recipients}`. */
export function presentAudience(
  row: EnvelopeRow,
  dir: Directory,
  recipientCodes: readonly string[] = [],
): PresentedAudience {
  switch (row.audience) {
    case 'group':
      return `group:${dir.groupSlug.get(row.audience_group_id ?? '') ?? '?'}`;
    case 'recipients':
      return { recipients: [...recipientCodes] };
    default:
      return row.audience;
  }
}

export function ownerCode(row: Pick<EnvelopeRow, 'owner_id'>, dir: Directory): string {
  return dir.memberCode.get(row.owner_id) ?? row.owner_id;
}
