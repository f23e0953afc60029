import type { Item as ObjectItem, StixObject, Tlp } from '../../contract/api.ts';
import type { Db } from '../db/index.ts';
import { ownerCode, presentAudience, type Directory } from '../members/directory.ts';
import { loadDirectory } from '../members/members.repository.ts';
import type { StoredRow } from './objects.repository.ts';
import { recipientCodes } from './objects.repository.ts';
import { formatMicros } from '../stix/timestamp.ts';

export type { Audience as PresentedAudience, Item as ObjectItem } from '../../contract/api.ts';

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
    owner: ownerCode(row, directory),
    audience: presentAudience(row, directory, recipients.get(row.added)),
    tlp: row.tlp as Tlp,
    federate: row.federate === 1,
    source: row.source,
    date_added: formatMicros(row.added),
  }));
}
