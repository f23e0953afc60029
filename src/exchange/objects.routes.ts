import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import { AppError } from '../errors.ts';
import { requireActor } from '../http/auth.ts';
import { memberByCode } from '../members/members.repository.ts';
import type { Actor } from '../policy/viewer.ts';
import { parseMicros } from '../stix/timestamp.ts';
import { TLP_LEVELS, type TlpLevel } from '../stix/tlp.ts';
import { resolveAudience, type AudienceSpec } from '../members/audience.service.ts';
import type { ObjectFilter } from './objects.repository.ts';
import { exportBundle, getObject, getVersions, listObjects } from './objects.read.ts';
import { storeObjects } from './objects.service.ts';
import { writeReport } from './reports.service.ts';

const Tlp = Type.Union(TLP_LEVELS.map((l) => Type.Literal(l)));
const AudienceSchema = Type.Union([
  Type.String({ description: '"member", "coalition" or "group:<slug>"', maxLength: 120 }),
  Type.Object(
    { recipients: Type.Array(Type.String({ maxLength: 16 }), { minItems: 1, maxItems: 500 }) },
    { additionalProperties: false },
  ),
]);
const Filters = Type.Object({
  type: Type.Optional(Type.String({ maxLength: 1000, description: 'STIX types, comma-separated' })),
  tlp: Type.Optional(Type.String({ maxLength: 100, description: 'TLP levels, comma-separated' })),
  owner: Type.Optional(Type.String({ maxLength: 16, description: 'owner member code' })),
  added_after: Type.Optional(Type.String({ maxLength: 40, description: 'RFC 3339 timestamp' })),
});
const Lang3 = Type.Object(
  {
    ar: Type.Optional(Type.String({ maxLength: 10_000 })),
    fr: Type.Optional(Type.String({ maxLength: 10_000 })),
    en: Type.Optional(Type.String({ maxLength: 10_000 })),
  },
  { additionalProperties: false },
);

function list(value: string | undefined): string[] | undefined {
  const items = value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items?.length ? items : undefined;
}

async function toFilter(
  db: Db,
  q: { type?: string; tlp?: string; owner?: string; added_after?: string },
): Promise<ObjectFilter> {
  const tlp = list(q.tlp);
  const bad = tlp?.find((t) => !(TLP_LEVELS as readonly string[]).includes(t));
  if (bad)
    throw new AppError(
      400,
      'validation',
      `tlp: unknown level "${bad}" (use ${TLP_LEVELS.join(', ')})`,
      'tlp',
    );
  let ownerId: string | undefined;
  if (q.owner) {
    const owner = await memberByCode(db, q.owner);
    if (!owner) throw new AppError(400, 'unknown_member', `owner: no member ${q.owner}`, 'owner');
    ownerId = owner.id;
  }
  let addedAfter: number | undefined;
  if (q.added_after) {
    addedAfter = parseMicros(q.added_after);
    if (addedAfter === undefined)
      throw new AppError(
        400,
        'validation',
        'added_after: must be an RFC 3339 UTC timestamp',
        'added_after',
      );
  }
  return { types: list(q.type), tlp, ownerId, addedAfter };
}

/** STIX objects: write a batch, list, read one (and its versions), export a bundle, write a report. */
export async function objectsRoutes(
  root: FastifyInstance,
  opts: { db: Db; config: Config },
): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { db, config } = opts;

  app.post(
    '/objects',
    {
      bodyLimit: config.bundleLimitBytes,
      schema: {
        tags: ['objects'],
        summary: 'Store STIX 2.1 objects under an audience and a TLP level; a result per object',
        body: Type.Object(
          {
            objects: Type.Array(Type.Unknown(), { minItems: 1, maxItems: config.batchItemLimit }),
            audience: AudienceSchema,
            federate: Type.Optional(Type.Boolean({ default: false })),
            tlp: Type.Optional(Tlp),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const body = request.body;
      const audience = await resolveAudience(db, actor, body.audience as AudienceSpec);
      const outcome = await storeObjects(db, actor, {
        objects: body.objects,
        audience,
        federate: body.federate ?? false,
        tlp: body.tlp as TlpLevel | undefined,
        source: actor.via === 'session' ? 'local' : 'api',
      });
      if (outcome.stored + outcome.duplicates === 0) {
        const first = outcome.results.find((r) => r.status === 'rejected');
        const problem = first?.status === 'rejected' ? first.errors[0] : undefined;
        const field = first
          ? `objects[${first.index}]${problem?.path ? `.${problem.path}` : ''}`
          : 'objects';
        return reply.status(422).send({
          code: 'invalid_objects',
          message: `${field}: ${problem?.reason ?? 'rejected'}`,
          field,
          ...outcome,
        });
      }
      return outcome;
    },
  );

  app.get(
    '/objects',
    {
      schema: {
        tags: ['objects'],
        summary: 'The latest version of each object you may see, by date added',
        querystring: Type.Intersect([
          Filters,
          Type.Object({
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
            cursor: Type.Optional(Type.String({ maxLength: 64 })),
            order: Type.Optional(
              Type.Union([Type.Literal('asc'), Type.Literal('desc')], {
                description: 'by date added: asc (default) or desc',
              }),
            ),
          }),
        ]),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const q = request.query;
      return listObjects(db, actor, await toFilter(db, q), q.limit ?? 100, q.cursor, q.order);
    },
  );

  app.get(
    '/objects/:id',
    {
      schema: {
        tags: ['objects'],
        summary: 'The latest version you may see of one object, or all its versions',
        params: Type.Object({ id: Type.String({ maxLength: 300 }) }),
        querystring: Type.Object({
          versions: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('latest')])),
        }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      if (request.query.versions === 'all')
        return { items: await getVersions(db, actor, request.params.id) };
      return getObject(db, actor, request.params.id);
    },
  );

  app.get(
    '/export',
    {
      schema: {
        tags: ['objects'],
        summary: 'A STIX 2.1 bundle of every object you may see that matches, streamed',
        querystring: Filters,
      },
    },
    async (request, reply) => {
      const actor: Actor = requireActor(request);
      const filter = await toFilter(db, request.query);
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      void reply
        .header('content-type', 'application/stix+json;version=2.1')
        .header('content-disposition', `attachment; filename="tansiq-export-${stamp}.json"`);
      // One page buffered at a time: the export runs as fast as the client reads it.
      return reply.send(Readable.from(exportBundle(db, actor, filter), { highWaterMark: 1 }));
    },
  );

  app.post(
    '/reports',
    {
      schema: {
        tags: ['objects'],
        summary: 'Write a report in one or more of ar/fr/en (STIX report + language-content)',
        body: Type.Object(
          {
            names: Lang3,
            descriptions: Type.Optional(Lang3),
            tlp: Type.Optional(Tlp),
            audience: AudienceSchema,
            federate: Type.Optional(Type.Boolean()),
            object_refs: Type.Optional(
              Type.Array(Type.String({ maxLength: 300 }), { maxItems: 1000 }),
            ),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const b = request.body;
      const audience = await resolveAudience(db, actor, b.audience as AudienceSpec);
      const id = await writeReport(db, actor, {
        names: b.names,
        descriptions: b.descriptions ?? {},
        tlp: (b.tlp as TlpLevel | undefined) ?? 'amber',
        audience,
        federate: b.federate ?? false,
        object_refs: b.object_refs,
      });
      return reply.status(201).send(await getObject(db, actor, id));
    },
  );
}
