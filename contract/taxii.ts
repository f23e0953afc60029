import { Type } from 'typebox';
import { StixObjectSchema } from './exchange.ts';

// TAXII 2.1 resources (OASIS Standard, 10 June 2021) as this server answers them.

/** §3.6.1 error resource. */
export const TaxiiErrorSchema = Type.Object({
  title: Type.String(),
  description: Type.Optional(Type.String()),
  error_code: Type.Optional(Type.String()),
  http_status: Type.Optional(Type.String()),
  details: Type.Optional(Type.Record(Type.String(), Type.String())),
});

/** §4.1 discovery. */
export const DiscoverySchema = Type.Object({
  title: Type.String(),
  description: Type.Optional(Type.String()),
  default: Type.Optional(Type.String()),
  api_roots: Type.Array(Type.String()),
});

/** §4.2 API root. */
export const ApiRootSchema = Type.Object({
  title: Type.String(),
  description: Type.Optional(Type.String()),
  versions: Type.Array(Type.String()),
  max_content_length: Type.Integer(),
});

/** §5.2 collection, with the audience it stands for (`x_tansiq_audience`). */
export const CollectionSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: Type.Optional(Type.String()),
  can_read: Type.Boolean(),
  can_write: Type.Boolean(),
  media_types: Type.Array(Type.String()),
  x_tansiq_audience: Type.String(),
});

export const CollectionsSchema = Type.Object({ collections: Type.Array(CollectionSchema) });

/** §5.3 manifest, with the TLP level each version is held at (`x_tansiq_tlp`). */
export const ManifestSchema = Type.Object({
  more: Type.Boolean(),
  next: Type.Optional(Type.String()),
  objects: Type.Optional(
    Type.Array(
      Type.Object({
        id: Type.String(),
        date_added: Type.String(),
        version: Type.String(),
        media_type: Type.String(),
        x_tansiq_tlp: Type.String(),
      }),
    ),
  ),
});

/** §3.7 envelope. */
export const EnvelopeSchema = Type.Object({
  more: Type.Boolean(),
  next: Type.Optional(Type.String()),
  objects: Type.Optional(Type.Array(StixObjectSchema)),
});

/** §5.8 versions. */
export const VersionsSchema = Type.Object({
  more: Type.Boolean(),
  next: Type.Optional(Type.String()),
  versions: Type.Optional(Type.Array(Type.String())),
});

const StatusDetails = Type.Object({
  id: Type.String(),
  version: Type.String(),
  message: Type.Optional(Type.String()),
});

/** §4.3 status. */
export const StatusSchema = Type.Object({
  id: Type.String(),
  status: Type.String(),
  request_timestamp: Type.String(),
  total_count: Type.Integer(),
  success_count: Type.Integer(),
  successes: Type.Array(StatusDetails),
  failure_count: Type.Integer(),
  failures: Type.Array(StatusDetails),
  pending_count: Type.Integer(),
  pendings: Type.Array(StatusDetails),
});
