import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorSchema, ItemsOf, PageOf, TlpSchema } from '../../contract/common.ts';
import {
  ItemSchema,
  NewReportSchema,
  ObjectDetailSchema,
  StixObjectSchema,
  StoreOutcomeSchema,
} from '../../contract/exchange.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import { requireActor } from '../http/auth.ts';
import { answers } from '../http/responses.ts';
import { exportBundle, getObject, getVersions, listObjects, objectFilter } from './objects.read.ts';
import { refusal, writeObjects } from './objects.service.ts';
import { writeReport } from './reports.service.ts';

const Filters = Type.Object({
  type: Type.Optional(Type.String({ maxLength: 1000, description: 'STIX types, comma-separated' })),
  exclude_type: Type.Optional(
    Type.String({ maxLength: 1000, description: 'STIX types left out, comma-separated' }),
  ),
  tlp: Type.Optional(Type.String({ maxLength: 100, description: 'TLP levels, comma-separated' })),
  owner: Type.Optional(Type.String({ maxLength: 16, description: 'owner member code' })),
  added_after: Type.Optional(Type.String({ maxLength: 40, description: 'RFC 3339 timestamp' })),
});

const Audience = Type.Union([
  Type.String({ description: '"member", "coalition" or "group:<slug>"', maxLength: 120 }),
  Type.Object(
    { recipients: Type.Array(Type.String({ maxLength: 16 }), { minItems: 1, maxItems: 500 }) },
    { additionalProperties: false },
  ),
]);

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
            audience: Audience,
            federate: Type.Optional(Type.Boolean({ default: false })),
            tlp: Type.Optional(TlpSchema),
          },
          { additionalProperties: false },
        ),
        response: {
          200: StoreOutcomeSchema,
          422: Type.Intersect([ErrorSchema, Type.Partial(StoreOutcomeSchema)]),
          '4xx': ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const outcome = await writeObjects(db, requireActor(request), request.body);
      // Nothing stored or already present: the batch as a whole failed, with each object's reason.
      const failed = refusal(outcome);
      return failed ? reply.status(422).send({ ...failed, ...outcome }) : outcome;
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
        response: answers(PageOf(ItemSchema)),
      },
    },
    async (request) => {
      const q = request.query;
      const filter = await objectFilter(db, q);
      return listObjects(db, requireActor(request), filter, q.limit ?? 100, q.cursor, q.order);
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
        response: answers(Type.Union([ObjectDetailSchema, ItemsOf(ItemSchema)])),
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
        response: answers(
          Type.Object({
            type: Type.Literal('bundle'),
            id: Type.String(),
            objects: Type.Array(StixObjectSchema),
          }),
        ),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const filter = await objectFilter(db, request.query);
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      void reply
        .header('content-type', 'application/stix+json;version=2.1')
        .header('content-disposition', `attachment; filename="tansiq-export-${stamp}.json"`);
      // One page buffered at a time: the export runs as fast as the client reads it.
      // (The schema describes the bundle; the stream is its bytes, not an object to serialise.)
      const bundle = Readable.from(exportBundle(db, actor, filter), { highWaterMark: 1 });
      return reply.send(bundle as never);
    },
  );

  app.post(
    '/reports',
    {
      schema: {
        tags: ['objects'],
        summary: 'Write a report in one or more of ar/fr/en (STIX report + language-content)',
        body: NewReportSchema,
        response: answers(ObjectDetailSchema, 201),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const id = await writeReport(db, actor, request.body);
      return reply.status(201).send(await getObject(db, actor, id));
    },
  );
}
