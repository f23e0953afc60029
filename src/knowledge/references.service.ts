import type {
  Graph,
  GraphEdge,
  Mention,
  ObjectLabel,
  References,
  RelationshipSentence,
  Sighting,
} from '../../contract/knowledge.ts';
import type { Db } from '../db/index.ts';
import { notFound } from '../errors.ts';
import { decodeCursor, encodeCursor } from '../exchange/objects.read.ts';
import { listVisible, type StoredRow } from '../exchange/objects.repository.ts';
import { ownerCode } from '../members/directory.ts';
import { loadDirectory } from '../members/members.repository.ts';
import type { Reader } from '../policy/access.ts';
import { readerOf, type Actor } from '../policy/viewer.ts';
import type { TlpLevel } from '../stix/tlp.ts';
import { foldName } from './fold.ts';
import {
  bodiesOf,
  namesLike,
  referrers,
  refsOfVersions,
  relationshipEnds,
  visibleFacts,
  type VersionFacts,
} from './knowledge.repository.ts';
import { refsOf } from './knowledge.projection.ts';
import { hiddenLabel, labelsFor } from './labels.service.ts';

/** Comments and translations have panels of their own; they are not "mentions". */
const NOT_MENTIONS = ['relationship', 'sighting', 'language-content', 'note', 'opinion'];
/** Authorship is not a mention (every object of a member would "mention" its identity). */
const NOT_ABOUT = ['created_by_ref'];
const RELATIONSHIPS_SHOWN = 200;
const SIGHTINGS_SHOWN = 100;

export async function visibleRow(db: Db, reader: Reader, id: string): Promise<StoredRow> {
  const [row] = await listVisible(db, reader, { ids: [id] }, 1);
  if (!row) throw notFound();
  return row;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** A file attached to an object: a relationship from the object to a `file`. */
export function isAttachmentLink(body: Record<string, unknown>, objectId: string): boolean {
  return body.source_ref === objectId && str(body.target_ref)?.startsWith('file--') === true;
}

/**
 * What an object refers to (each reference labelled, in its order), the relationships it takes part
 * in as sentences, and the sightings of it or by it — only what the reader may read.
 */
export async function getReferences(db: Db, actor: Actor, id: string): Promise<References> {
  const reader = readerOf(actor);
  const row = await visibleRow(db, reader, id);
  const object = JSON.parse(row.body) as Record<string, unknown> & { type: string; id: string };
  const own = refsOf({ row, object }).filter((r) => r.property !== 'object_ref');

  const relRows = await referrers(db, reader, {
    targets: [id],
    sourceTypes: ['relationship'],
    limit: RELATIONSHIPS_SHOWN * 2,
  });
  const sightRows = await referrers(db, reader, {
    targets: [id],
    sourceTypes: ['sighting'],
    limit: SIGHTINGS_SHOWN,
  });
  const relAdded = [...new Set(relRows.map((r) => r.added))].slice(0, RELATIONSHIPS_SHOWN);
  const sightAdded = [...new Set(sightRows.map((r) => r.added))];
  const bodies = await bodiesOf(db, [...relAdded, ...sightAdded]);
  const relationships = relAdded
    .map((a) => ({ added: a, body: bodies.get(a)! }))
    .filter(({ body }) => body && !isAttachmentLink(body, id));
  const sightings = sightAdded
    .map((a) => ({ added: a, body: bodies.get(a)! }))
    .filter((s) => s.body);
  const facts = new Map(
    (
      await visibleFacts(db, reader, [
        ...relationships.map((r) => r.body.id as string),
        ...sightings.map((s) => s.body.id as string),
      ])
    ).map((f) => [f.stix_id, f]),
  );

  const wanted = [
    ...own.map((r) => r.target_id),
    ...relationships.flatMap(({ body }) => [str(body.source_ref), str(body.target_ref)]),
    ...sightings.flatMap(({ body }) => [
      str(body.sighting_of_ref),
      ...strings(body.where_sighted_refs),
      ...strings(body.observed_data_refs),
    ]),
  ].filter((x): x is string => x !== undefined);
  const directory = await loadDirectory(db);
  const labels = await labelsFor(db, reader, wanted, directory);
  const label = (ref: string | undefined): ObjectLabel =>
    (ref && labels.get(ref)) || hiddenLabel(ref ?? 'unknown--');

  const envelope = (stixId: string) => {
    const f = facts.get(stixId);
    return {
      owner: f ? ownerCode(f, directory) : '',
      tlp: (f?.tlp ?? 'amber') as TlpLevel,
      revoked: f?.revoked === 1,
    };
  };
  return {
    references: own.map((r) => ({ property: r.property, target: label(r.target_id) })),
    relationships: relationships.map(({ body }): RelationshipSentence => ({
      id: body.id as string,
      relationship_type: str(body.relationship_type) ?? 'related-to',
      source: label(str(body.source_ref)),
      target: label(str(body.target_ref)),
      ...(str(body.description) ? { description: str(body.description) } : {}),
      ...envelope(body.id as string),
    })),
    sightings: sightings.map(({ body }): Sighting => ({
      id: body.id as string,
      sighting_of: label(str(body.sighting_of_ref)),
      where_sighted: strings(body.where_sighted_refs).map(label),
      observed_data: strings(body.observed_data_refs).map(label),
      ...(typeof body.count === 'number' ? { count: body.count } : {}),
      ...(str(body.first_seen) ? { first_seen: str(body.first_seen) } : {}),
      ...(str(body.last_seen) ? { last_seen: str(body.last_seen) } : {}),
      ...envelope(body.id as string),
    })),
  };
}

/**
 * What refers to an object ("mentioned in"), newest first, a page at a time: the latest version of
 * each referring object the reader may read. One it may not read is neither listed nor counted.
 */
export async function getMentions(
  db: Db,
  actor: Actor,
  id: string,
  limit: number,
  cursor?: string,
): Promise<{ items: Mention[]; next: string | null }> {
  const reader = readerOf(actor);
  await visibleRow(db, reader, id);
  const rows = await referrers(db, reader, {
    targets: [id],
    excludeSourceTypes: NOT_MENTIONS,
    excludeProperties: NOT_ABOUT,
    before: cursor ? decodeCursor(cursor) : undefined,
    limit: limit * 4 + 1,
  });
  const seen = new Map<string, { added: number; property: string }>();
  for (const r of rows) if (!seen.has(r.stix_id)) seen.set(r.stix_id, r);
  const page = [...seen.entries()].slice(0, limit);
  const labels = await labelsFor(
    db,
    reader,
    page.map(([stixId]) => stixId),
  );
  const more = seen.size > limit || rows.length === limit * 4 + 1;
  return {
    items: page.map(([stixId, r]) => ({ source: labels.get(stixId)!, property: r.property })),
    next: more && page.length > 0 ? encodeCursor(page[page.length - 1]![1].added) : null,
  };
}

const GRAPH_NODES = 60;
const GRAPH_EDGES = 200;
const PER_NODE = 40;

/**
 * An object's neighbourhood, one or two steps away: what it refers to, what refers to it, and the
 * relationships between them (drawn as edges). Only objects the reader may read are nodes; an edge
 * to anything else is left out.
 */
export async function getGraph(db: Db, actor: Actor, id: string, depth: number): Promise<Graph> {
  const reader = readerOf(actor);
  await visibleRow(db, reader, id);
  const hops = new Map<string, number>([[id, 0]]);
  const edges = new Map<string, GraphEdge>();
  let truncated = false;
  const addEdge = (edge: GraphEdge) => {
    if (!hops.has(edge.source) || !hops.has(edge.target)) return;
    if (edges.size >= GRAPH_EDGES) {
      truncated = true;
      return;
    }
    edges.set(`${edge.source}|${edge.target}|${edge.label}|${edge.via ?? ''}`, edge);
  };

  // The visible versions of the step's nodes: the centre's, then those the last step found readable.
  let frontier = await visibleFacts(db, reader, [id]);
  for (let hop = 1; hop <= depth && frontier.length > 0; hop += 1) {
    // This step's candidate nodes and edges; a node takes a place in the graph only once the policy
    // says the reader may read it, so what is hidden neither shows nor crowds out what is not.
    const candidates: string[] = [];
    const found: GraphEdge[] = [];
    const versions = frontier;
    const ids = [...new Set(versions.map((v) => v.stix_id))];
    const outgoing = await refsOfVersions(
      db,
      versions.filter((v) => v.type !== 'relationship').map((v) => v.added),
    );
    const sourceOf = new Map(versions.map((v) => [v.added, v.stix_id]));
    for (const r of outgoing) {
      if (NOT_ABOUT.includes(r.property) || r.property === 'object_ref') continue;
      candidates.push(r.target_id);
      found.push({
        source: sourceOf.get(r.added)!,
        target: r.target_id,
        label: r.property,
        kind: 'reference',
      });
    }
    const incoming = await referrers(db, reader, {
      targets: ids,
      excludeSourceTypes: ['language-content', 'note', 'opinion'],
      excludeProperties: NOT_ABOUT,
      limit: PER_NODE * ids.length,
    });
    const relationships = incoming.filter((r) => r.type === 'relationship');
    const ends = await relationshipEnds(db, [...new Set(relationships.map((r) => r.added))]);
    const endsOf = new Map<number, { source?: string; target?: string }>();
    for (const e of ends) {
      const entry = endsOf.get(e.added) ?? {};
      if (e.property === 'source_ref') entry.source = e.target_id;
      else entry.target = e.target_id;
      endsOf.set(e.added, entry);
    }
    for (const r of relationships) {
      const end = endsOf.get(r.added);
      if (!end?.source || !end.target) continue;
      candidates.push(end.source, end.target);
      found.push({
        source: end.source,
        target: end.target,
        label: r.relationship_type ?? 'related-to',
        kind: 'relationship',
        via: r.stix_id,
      });
    }
    for (const r of incoming) {
      if (r.type === 'relationship') continue;
      candidates.push(r.stix_id);
      found.push({ source: r.stix_id, target: r.target_id, label: r.property, kind: 'reference' });
    }

    const unseen = [...new Set(candidates)].filter((node) => !hops.has(node));
    const checked = unseen.slice(0, GRAPH_NODES * 4);
    if (checked.length < unseen.length) truncated = true;
    const readable = await visibleFacts(db, reader, checked);
    const factsOf = new Map<string, VersionFacts[]>();
    for (const f of readable) factsOf.set(f.stix_id, [...(factsOf.get(f.stix_id) ?? []), f]);
    const next: VersionFacts[] = [];
    for (const node of checked) {
      const facts = factsOf.get(node);
      if (!facts) continue;
      if (hops.size >= GRAPH_NODES) {
        truncated = true;
        break;
      }
      hops.set(node, hop);
      next.push(...facts);
    }
    for (const edge of found) addEdge(edge);
    frontier = next;
  }

  const labels = await labelsFor(db, reader, [...hops.keys()]);
  const relationshipFacts = new Map(
    (
      await visibleFacts(
        db,
        reader,
        [...edges.values()].flatMap((e) => (e.via ? [e.via] : [])),
      )
    ).map((f) => [f.stix_id, f]),
  );
  const visible = (node: string) => labels.get(node)?.visible === true;
  return {
    center: id,
    depth,
    nodes: [...hops.entries()]
      .filter(([node]) => visible(node))
      .map(([node, hop]) => ({ ...labels.get(node)!, hops: hop })),
    edges: [...edges.values()]
      .filter((e) => visible(e.source) && visible(e.target))
      .map((e) => (e.via ? { ...e, revoked: relationshipFacts.get(e.via)?.revoked === 1 } : e)),
    truncated,
  };
}

/**
 * Objects whose names (own, aliases, the owner's translations, a member's names) contain what the
 * analyst typed, for pickers: through the access policy, the closest matches first.
 */
export async function lookupObjects(
  db: Db,
  actor: Actor,
  q: string,
  types: string[] | undefined,
  limit: number,
): Promise<ObjectLabel[]> {
  const folded = foldName(q);
  if (folded.length === 0) return [];
  const reader = readerOf(actor);
  const ids = await namesLike(db, reader, folded, types, limit * 2);
  const labels = await labelsFor(db, reader, ids);
  return ids
    .map((x) => labels.get(x)!)
    .filter((l) => l.visible)
    .slice(0, limit);
}

/** Labels of objects the client names (lists in the reader's language, a form's chosen objects). */
export async function getLabels(db: Db, actor: Actor, ids: string[]): Promise<ObjectLabel[]> {
  const labels = await labelsFor(db, readerOf(actor), ids);
  return [...new Set(ids)].map((x) => labels.get(x) ?? hiddenLabel(x));
}
