import type { ObjectLabel } from '../../contract/knowledge.ts';
import type { Db } from '../db/index.ts';
import { ownerCode, type Directory } from '../members/directory.ts';
import { loadDirectory } from '../members/members.repository.ts';
import type { Reader } from '../policy/access.ts';
import type { TlpLevel } from '../stix/tlp.ts';
import { ownNames, translatedNames, visibleFacts } from './knowledge.repository.ts';

export type { ObjectLabel };

/** The most labels one answer asks for: a report may refer to a thousand objects. */
export const LABEL_LIMIT = 2000;

/** The type an identifier names (`report--…` → `report`): nothing the holder of the id lacks. */
export function typeOfId(id: string): string {
  const at = id.indexOf('--');
  return at > 0 ? id.slice(0, at) : 'unknown';
}

export function hiddenLabel(id: string): ObjectLabel {
  return { id, type: typeOfId(id), visible: false };
}

/**
 * Labels of objects for a reader: type, names in every language known (its own name, the owner's
 * translations, a member identity's names), revocation, owner. Read from the typed projections
 * through the access policy: an object the reader may not read gets the same label as one that
 * does not exist.
 */
export async function labelsFor(
  db: Db,
  reader: Reader,
  ids: readonly string[],
  dir?: Directory,
): Promise<Map<string, ObjectLabel>> {
  const unique = [...new Set(ids)].slice(0, LABEL_LIMIT);
  const labels = new Map<string, ObjectLabel>();
  if (unique.length === 0) return labels;
  const facts = await visibleFacts(db, reader, unique);
  const directory = dir ?? (await loadDirectory(db));
  const byId = new Map(facts.map((f) => [f.stix_id, f]));
  const names = await ownNames(
    db,
    facts.map((f) => f.added),
  );
  const translated = await translatedNames(db, reader, [...byId.keys()]);
  for (const f of byId.values()) {
    labels.set(f.stix_id, {
      id: f.stix_id,
      type: f.type,
      visible: true,
      revoked: f.revoked === 1,
      owner: ownerCode(f, directory),
      tlp: f.tlp as TlpLevel,
      names: {},
    });
  }
  const rank = { name: 0, value: 1, abstract: 2 } as Record<string, number | undefined>;
  const chosen = new Map<string, number>();
  for (const n of names) {
    const label = labels.get(n.stix_id);
    if (!label || byId.get(n.stix_id)?.added !== n.added) continue;
    const r = rank[n.kind];
    if (r !== undefined && r < (chosen.get(n.stix_id) ?? 99)) {
      chosen.set(n.stix_id, r);
      label.name = n.name;
      if (n.lang) label.lang = n.lang;
      else delete label.lang;
    }
    if (n.kind === 'member' && n.lang) label.names![n.lang] = n.name;
  }
  // Only the owner's translations are the object's names; another member's are its contribution.
  for (const t of translated) {
    const label = labels.get(t.stix_id);
    if (!label || !t.lang || byId.get(t.stix_id)?.owner_id !== t.owner_id) continue;
    label.names![t.lang] = t.name;
  }
  for (const label of labels.values()) {
    if (label.name && label.lang && !label.names![label.lang])
      label.names![label.lang] = label.name;
  }
  for (const id of unique) if (!labels.has(id)) labels.set(id, hiddenLabel(id));
  return labels;
}
