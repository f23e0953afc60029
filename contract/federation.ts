import { Type, type Static } from 'typebox';
import { Nullable } from './common.ts';

export const PeerCheckpointSchema = Type.Object({
  direction: Type.Union([Type.Literal('pull'), Type.Literal('push')]),
  collection_id: Type.String(),
  /** date_added of the last object handled (remote for pull, local for push). */
  added_after: Type.String(),
  updated_at: Type.String(),
});
export type PeerCheckpoint = Static<typeof PeerCheckpointSchema>;

/** A TAXII 2.1 server this instance pulls from and pushes to (instance admins); never its secret. */
export const PeerSchema = Type.Object({
  name: Type.String(),
  url: Type.String(),
  username: Type.String(),
  auth: Type.Union([Type.Literal('password'), Type.Literal('token')]),
  /** Code of the local member that owns what is pulled. */
  member: Type.String(),
  /** `member`, `coalition`, `group:<slug>` or `recipients:A,B`. */
  audience: Type.String(),
  collections: Type.Array(Type.String()),
  interval_seconds: Type.Integer(),
  created_at: Type.String(),
  last_pull_at: Nullable(Type.String()),
  last_error: Nullable(Type.String()),
  checkpoints: Type.Array(PeerCheckpointSchema),
});
export type Peer = Static<typeof PeerSchema>;

export const NewPeerSchema = Type.Object(
  {
    name: Type.String({ maxLength: 63 }),
    url: Type.String({ maxLength: 2000 }),
    username: Type.String({ minLength: 1, maxLength: 200 }),
    password: Type.Optional(Type.String({ maxLength: 1000 })),
    token: Type.Optional(Type.String({ maxLength: 1000 })),
    member: Type.Optional(Type.String({ maxLength: 16 })),
    audience: Type.String({ maxLength: 2000 }),
    collections: Type.Optional(Type.Array(Type.String({ maxLength: 36 }), { maxItems: 100 })),
    interval_seconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 604800 })),
  },
  { additionalProperties: false },
);
export type NewPeer = Static<typeof NewPeerSchema>;

export const CollectionTransferSchema = Type.Object({
  collection: Type.String(),
  title: Type.String(),
  fetched: Type.Integer(),
  stored: Type.Integer(),
  duplicates: Type.Integer(),
  rejected: Type.Integer(),
  problems: Type.Array(Type.String()),
  checkpoint: Nullable(Type.String()),
  error: Type.Optional(Type.String()),
});
export type CollectionTransfer = Static<typeof CollectionTransferSchema>;

export const TransferReportSchema = Type.Object({
  peer: Type.String(),
  collections: Type.Array(CollectionTransferSchema),
  error: Type.Optional(Type.String()),
});
export type TransferReport = Static<typeof TransferReportSchema>;
