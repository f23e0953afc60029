import type { Db } from '../db/index.ts';
import { visibleObjectsQuery } from '../exchange/objects.repository.ts';
import type { Reader } from '../policy/access.ts';
import { foldName } from './countries.ts';

export const GROUP_TYPES = ['intrusion-set', 'threat-actor'];
export const LANGS = ['ar', 'fr', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** An armed group as the reader may see it: names, aliases and description by language. */
export interface GroupInfo {
  id: string;
  type: string;
  names: Record<string, string>;
  aliases: Record<string, string[]>;
  description: Record<string, string>;
  owner_id: string;
  tlp: string;
  version: string;
}

const text = (value: unknown) =>
  typeof value === 'string' && value.trim() ? value.trim() : undefined;
const texts = (value: unknown) =>
  Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '')
    : [];

/**
 * Intrusion-sets and threat-actors the reader may see (latest visible versions), with the
 * translations their language-content objects (STIX 2.1 §7.1) carry: `name`, `aliases` and
 * `description` per language. Groups are few (hundreds), so their JSON is read here, not projected.
 */
export async function visibleGroups(db: Db, reader: Reader): Promise<Map<string, GroupInfo>> {
  const rows = await visibleObjectsQuery(db, reader, { types: GROUP_TYPES })
    .where('o.revoked', '=', 0)
    .select(['o.stix_id', 'o.type', 'o.body', 'o.owner_id', 'o.tlp', 'o.version'])
    .execute();
  const groups = new Map<string, GroupInfo>();
  for (const row of rows) {
    const o = JSON.parse(row.body) as Record<string, unknown>;
    const lang = text(o.lang) ?? 'en';
    const name = text(o.name) ?? row.stix_id;
    groups.set(row.stix_id, {
      id: row.stix_id,
      type: row.type,
      names: { [lang]: name },
      aliases: { [lang]: texts(o.aliases) },
      description: text(o.description) ? { [lang]: text(o.description)! } : {},
      owner_id: row.owner_id,
      tlp: row.tlp,
      version: row.version,
    });
  }
  if (groups.size === 0) return groups;
  const ids = [...groups.keys()];
  for (let i = 0; i < ids.length; i += 500) {
    const contents = await visibleObjectsQuery(db, reader, { types: ['language-content'] })
      .where('o.refers_to', 'in', ids.slice(i, i + 500))
      .select(['o.refers_to', 'o.body'])
      .orderBy('o.added')
      .execute();
    for (const { refers_to, body } of contents) {
      const group = groups.get(refers_to ?? '');
      const lc = JSON.parse(body) as { contents?: Record<string, Record<string, unknown>> };
      if (!group || !lc.contents || typeof lc.contents !== 'object') continue;
      for (const [lang, fields] of Object.entries(lc.contents)) {
        if (!fields || typeof fields !== 'object') continue;
        if (text(fields.name)) group.names[lang] = text(fields.name)!;
        if (texts(fields.aliases).length) group.aliases[lang] = texts(fields.aliases);
        if (text(fields.description)) group.description[lang] = text(fields.description)!;
      }
    }
  }
  // The object's own `aliases` often lists every language (so any consumer finds the group); shown
  // by language, an alias another language claims belongs to that language.
  for (const g of groups.values()) {
    const base = Object.keys(g.aliases)[0]!;
    const elsewhere = new Set(
      Object.entries(g.aliases)
        .filter(([lang]) => lang !== base)
        .flatMap(([lang, list]) => [...list, g.names[lang] ?? '']),
    );
    g.aliases[base] = g.aliases[base]!.filter((a) => !elsewhere.has(a));
  }
  return groups;
}

/** The names of some groups, by language, for answers that name series or actors. */
export function namesOf(groups: Map<string, GroupInfo>, ids: Iterable<string>) {
  const out: Record<string, Record<string, string>> = {};
  for (const id of ids) {
    const g = groups.get(id);
    if (g) out[id] = g.names;
  }
  return out;
}

/**
 * Actor names to groups: every name and alias in every language, folded (case, accents,
 * punctuation). A name several groups share (UCDP writes "IS" for every Islamic State province)
 * maps to all of them; the caller decides with the event's country.
 */
export function aliasIndex(groups: Map<string, GroupInfo>): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const g of groups.values()) {
    const all = [...Object.values(g.names), ...Object.values(g.aliases).flat()];
    for (const name of all) {
      const key = foldName(name);
      if (!key) continue;
      const ids = index.get(key) ?? [];
      if (!ids.includes(g.id)) ids.push(g.id);
      index.set(key, ids);
    }
  }
  return index;
}

/**
 * The ways a dataset writes an actor: "JNIM: Group for Support of Islam and Muslims",
 * "Islamic State (West Africa)", "Al Shabaab". The whole, the parts around a colon, the part in
 * brackets and the part before them.
 */
export function actorCandidates(name: string): string[] {
  const out = [name];
  const colon = name.indexOf(':');
  if (colon > 0) out.push(name.slice(0, colon), name.slice(colon + 1));
  const bracket = /^(.*?)\s*\(([^)]*)\)\s*$/.exec(name);
  if (bracket) out.push(bracket[1]!, bracket[2]!);
  return [...new Set(out.map((n) => foldName(n)).filter(Boolean))];
}
