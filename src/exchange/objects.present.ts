import type {
  Audience as PresentedAudience,
  Item as ObjectItem,
  StixObject,
  Tlp,
} from '../../contract/api.ts';
import type { Db } from '../db/index.ts';
import type { StoredRow } from './objects.repository.ts';
import { recipientCodes } from './objects.repository.ts';
import { formatMicros } from '../stix/timestamp.ts';

export type { Audience as PresentedAudience, Item as ObjectItem } from '../../contract/api.ts';

/** Small lookup tables (members and groups are few) to present rows without a join per row. */
export interface Directory {
  memberCode: Map<string, string>;
  groupSlug: Map<string, string>;
}

export async function loadDirectory(db: Db): Promise<Directory> {
  const [members, groups] = await Promise.all([
    db.selectFrom('members').select(['id', 'code']).execute(),
    db.selectFrom('working_groups').select(['id', 'slug']).execute(),
  ]);
  return {
    memberCode: new Map(members.map((m) => [m.id, m.code])),
    groupSlug: new Map(groups.map((g) => [g.id, g.slug])),
  };
}

/** Rows are not API types: this is the only place a stored version becomes what clients see. */
export async function presentObjects(
  db: Db,
  rows: StoredRow[],
  dir?: Directory,
): Promise<ObjectItem[]> {
  const directory = dir ?? (await loadDirectory(db));
  const recipients = await recipientCodes(
    db,
    rows.filter((r) => r.audience === 'recipients').map((r) => r.added),
  );
  return rows.map((row) => ({
    object: JSON.parse(row.body) as StixObject,
    owner: directory.memberCode.get(row.owner_id) ?? row.owner_id,
    audience: presentAudience(row, directory, recipients),
    tlp: row.tlp as Tlp,
    federate: row.federate === 1,
    source: row.source,
    date_added: formatMicros(row.added),
  }));
}

function presentAudience(
  row: StoredRow,
  dir: Directory,
  recipients: Map<number, string[]>,
): PresentedAudience {
  switch (row.audience) {
    case 'group':
      return `group:${dir.groupSlug.get(row.audience_group_id ?? '') ?? '?'}`;
    case 'recipients':
      return { recipients: recipients.get(row.added) ?? [] };
    default:
      return row.audience;
  }
}
