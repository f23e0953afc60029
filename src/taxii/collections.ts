import type { Db } from '../db/index.ts';
import { notFound } from '../errors.ts';
import type { ObjectFilter } from '../exchange/objects.repository.ts';
import { groupsOfMember, memberById } from '../members/members.repository.ts';
import type { Audience } from '../policy/sharing.ts';
import { canWrite } from '../policy/roles.ts';
import type { Actor } from '../policy/viewer.ts';
import { collectionId } from './ids.ts';
import { STIX_MEDIA } from './media.ts';

/** A TAXII collection is one audience the requester belongs to. */
export interface Collection {
  id: string;
  /** `member:<CODE>`, `coalition`, `group:<slug>` or `recipients:<CODE>`. */
  key: string;
  title: string;
  description: string;
  canRead: boolean;
  canWrite: boolean;
  /** Whether the owner may delete its own objects through this collection (§5.6). */
  canDelete: boolean;
  /** The audience filter of the collection's objects. */
  scope: NonNullable<ObjectFilter['audience']>;
  /** The audience posted objects get; null for read-only collections. */
  audience: Audience | null;
  /** Set when a peer asked for the federation view: only versions that may leave this instance. */
  federableOnly?: boolean;
}

export async function collectionsFor(db: Db, actor: Actor): Promise<Collection[]> {
  const writer = canWrite(actor);
  const [member, groups] = await Promise.all([
    memberById(db, actor.memberId),
    groupsOfMember(db, actor.memberId),
  ]);
  const name = member?.name_en ?? actor.memberCode;
  const own = `member:${actor.memberCode}`;
  const shared = `recipients:${actor.memberCode}`;
  const sent = `sent:${actor.memberCode}`;
  return [
    ...groups.map((g): Collection => ({
      id: collectionId(`group:${g.slug}`),
      key: `group:${g.slug}`,
      title: g.name_en,
      description: `Objects shared with the members of the working group ${g.name_en}`,
      canRead: true,
      canWrite: writer,
      canDelete: writer,
      scope: { kind: 'group', groupId: g.id },
      audience: { kind: 'group', groupId: g.id, slug: g.slug },
    })),
    {
      id: collectionId('coalition'),
      key: 'coalition',
      title: 'Coalition',
      description: 'Objects shared with every member on this instance',
      canRead: true,
      canWrite: writer,
      canDelete: writer,
      scope: { kind: 'coalition' },
      audience: { kind: 'coalition' },
    },
    {
      id: collectionId(own),
      key: own,
      title: `${name} (own)`,
      description: `Objects ${name} keeps for itself`,
      canRead: true,
      canWrite: writer,
      canDelete: writer,
      scope: { kind: 'member', ownerId: actor.memberId },
      audience: { kind: 'member' },
    },
    {
      id: collectionId(shared),
      key: shared,
      title: `Shared with ${name}`,
      description: `Objects other members shared with ${name} by recipient list (read-only)`,
      canRead: true,
      canWrite: false,
      canDelete: false,
      scope: { kind: 'recipient', memberId: actor.memberId },
      audience: null,
    },
    {
      // What the member itself sent to named recipients: its own, so it reads and deletes them
      // here; a TAXII envelope cannot name recipients, so nothing is posted to it.
      id: collectionId(sent),
      key: sent,
      title: `${name}: sent to named recipients`,
      description: `Objects ${name} shared with a list of recipient members (read and delete)`,
      canRead: true,
      canWrite: false,
      canDelete: writer,
      scope: { kind: 'sent', ownerId: actor.memberId },
      audience: null,
    },
  ];
}

/** A collection the requester cannot see does not exist for it (404). */
export async function collectionFor(db: Db, actor: Actor, id: string): Promise<Collection> {
  const found = (await collectionsFor(db, actor)).find((c) => c.id === id);
  if (!found) throw notFound('collection');
  return found;
}

/** TAXII 2.1 §5.2 collection resource (+ `x_tansiq_audience`, a custom property for peers). */
export function presentCollection(c: Collection) {
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    can_read: c.canRead,
    can_write: c.canWrite,
    media_types: [STIX_MEDIA],
    x_tansiq_audience: c.key.replace(/^(member|recipients|sent):.*$/, '$1'),
  };
}
