import { createHash } from 'node:crypto';
import type { Projection, StoredVersion } from '../exchange/projections.ts';
import { INCIDENT_EXTENSION_ID, MEMBER_EXTENSION_ID } from '../stix/extensions.ts';
import { foldName } from './fold.ts';
import type {
  NameKind,
  KnowledgeArtifactsTable,
  KnowledgeNamesTable,
  KnowledgeRefsTable,
} from './knowledge.table.ts';
import { insertRows, removeArtifacts, removeWhereAdded } from './knowledge.repository.ts';

/** References that say how a version is marked, not what it is about or who wrote it. */
const NOT_INDEXED = new Set(['object_marking_refs']);
const MAX_REFS = 2000;
const MAX_NAMES = 60;
const NAME_CHARS = 300;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every top-level `*_ref` / `*_refs` of a version (STIX 2.1 §3.1), and an incident's actors. */
export function refsOf({ row, object }: StoredVersion): KnowledgeRefsTable[] {
  const out = new Map<string, KnowledgeRefsTable>();
  const relationshipType =
    row.type === 'relationship' && typeof object.relationship_type === 'string'
      ? object.relationship_type.slice(0, 100)
      : null;
  const add = (property: string, target: unknown) => {
    if (typeof target !== 'string' || !target.includes('--') || target.length > 300) return;
    if (out.size >= MAX_REFS) return;
    out.set(`${property}\u0000${target}`, {
      added: row.added,
      source_type: row.type,
      property,
      target_id: target,
      relationship_type:
        property === 'source_ref' || property === 'target_ref' ? relationshipType : null,
    });
  };
  for (const [property, value] of Object.entries(object)) {
    if (NOT_INDEXED.has(property)) continue;
    if (property.endsWith('_ref')) add(property, value);
    else if (property.endsWith('_refs') && Array.isArray(value))
      for (const target of value) add(property, target);
  }
  const facts = isRecord(object.extensions) ? object.extensions[INCIDENT_EXTENSION_ID] : undefined;
  if (row.type === 'incident' && isRecord(facts) && Array.isArray(facts.actors))
    for (const actor of facts.actors) add('actors', actor);
  return [...out.values()];
}

/** The names a version gives (its own, aliases, a member's names, a translation's names). */
export function namesOf({ row, object }: StoredVersion): KnowledgeNamesTable[] {
  const out: KnowledgeNamesTable[] = [];
  const seen = new Set<string>();
  const add = (
    stixId: string,
    type: string,
    kind: NameKind,
    lang: string | null,
    name: unknown,
  ) => {
    if (typeof name !== 'string' || out.length >= MAX_NAMES) return;
    const trimmed = name.trim().slice(0, NAME_CHARS);
    const folded = foldName(trimmed);
    const key = `${stixId}\u0000${lang ?? ''}\u0000${folded}`;
    if (!folded || seen.has(key)) return;
    seen.add(key);
    out.push({ added: row.added, stix_id: stixId, type, kind, lang, name: trimmed, folded });
  };
  const lang = typeof object.lang === 'string' ? object.lang.slice(0, 20) : null;
  if (row.type === 'language-content') {
    const target = typeof object.object_ref === 'string' ? object.object_ref : null;
    if (!target || !isRecord(object.contents)) return out;
    const targetType = target.slice(0, target.indexOf('--'));
    for (const [code, fields] of Object.entries(object.contents))
      if (isRecord(fields)) add(target, targetType, 'translation', code.slice(0, 20), fields.name);
    return out;
  }
  add(row.stix_id, row.type, 'name', lang, object.name);
  if (Array.isArray(object.aliases))
    for (const alias of object.aliases) add(row.stix_id, row.type, 'alias', null, alias);
  if (typeof object.value === 'string') add(row.stix_id, row.type, 'value', null, object.value);
  if (row.type === 'note') add(row.stix_id, row.type, 'abstract', lang, object.abstract);
  const member = isRecord(object.extensions) ? object.extensions[MEMBER_EXTENSION_ID] : undefined;
  if (isRecord(member) && isRecord(member.names))
    for (const [code, name] of Object.entries(member.names))
      add(row.stix_id, row.type, 'member', code.slice(0, 20), name);
  return out;
}

/**
 * The SHA-256 of an artifact's content: computed from `payload_bin` when it carries its bytes
 * (verified), else as its `hashes` claim (to be verified when the bytes arrive).
 */
export function artifactHash(
  object: Record<string, unknown>,
): { sha256: string; verified: boolean } | null {
  if (typeof object.payload_bin === 'string')
    return {
      sha256: createHash('sha256').update(Buffer.from(object.payload_bin, 'base64')).digest('hex'),
      verified: true,
    };
  if (isRecord(object.hashes)) {
    for (const [algorithm, value] of Object.entries(object.hashes)) {
      if (algorithm.replace(/-/g, '').toUpperCase() !== 'SHA256') continue;
      if (typeof value === 'string' && /^[0-9a-fA-F]{64}$/.test(value))
        return { sha256: value.toLowerCase(), verified: false };
    }
  }
  return null;
}

export const referencesProjection: Projection = {
  name: 'knowledge.refs',
  types: '*',
  async write(trx, versions) {
    await insertRows(trx, 'knowledge_refs', versions.flatMap(refsOf), 150);
  },
  async remove(trx, added) {
    await removeWhereAdded(trx, 'knowledge_refs', added);
  },
};

export const namesProjection: Projection = {
  name: 'knowledge.names',
  types: '*',
  async write(trx, versions) {
    await insertRows(trx, 'knowledge_names', versions.flatMap(namesOf), 120);
  },
  async remove(trx, added) {
    await removeWhereAdded(trx, 'knowledge_names', added);
  },
};

export const artifactsProjection: Projection = {
  name: 'knowledge.artifacts',
  types: ['artifact'],
  // In the versions' transaction: an upload marks its artifact verified in that transaction, and
  // who may open a file depends on it.
  inline: true,
  async write(trx, versions) {
    const rows: KnowledgeArtifactsTable[] = [];
    for (const { row, object } of versions) {
      const hash = artifactHash(object);
      if (hash)
        rows.push({ added: row.added, sha256: hash.sha256, verified: hash.verified ? 1 : 0 });
    }
    await insertRows(trx, 'knowledge_artifacts', rows, 400);
  },
  async remove(trx, added) {
    // A file's bytes go when the last artifact that carries them goes.
    await removeArtifacts(trx, added);
  },
};

export const KNOWLEDGE_PROJECTIONS = [referencesProjection, namesProjection, artifactsProjection];
