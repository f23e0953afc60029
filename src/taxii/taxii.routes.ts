import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import type { TSchema } from 'typebox';
import {
  ApiRootSchema,
  CollectionSchema,
  CollectionsSchema,
  DiscoverySchema,
  EnvelopeSchema,
  ManifestSchema,
  StatusSchema,
  TaxiiErrorSchema,
  VersionsSchema,
} from '../../contract/taxii.ts';
import { AppError } from '../errors.ts';
import { toAppError } from '../http/errors.ts';
import { checkJsonDepth, utf8Text } from '../http/json.ts';
import type { Actor } from '../policy/viewer.ts';
import { collectionFor, collectionsFor, presentCollection } from './collections.ts';
import type { Query } from './filters.ts';
import { checkAccept, checkContentType, FEDERATION_HEADER, TAXII_MEDIA } from './media.ts';
import {
  addObjects,
  deleteObject,
  getManifest,
  getObjects,
  getStatus,
  getVersions,
} from './taxii.service.ts';

export const TAXII_PREFIX = '/taxii2';
const API_ROOT = `${TAXII_PREFIX}/api/`;

/** TAXII 2.1 §3.6.1 error resource; `http_status` is the response's status, as a string. */
function taxiiError(error: AppError) {
  const titles: Record<number, string> = {
    400: 'Bad request',
    401: 'Authentication required',
    403: 'Forbidden',
    404: 'Not found',
    406: 'Not acceptable',
    413: 'Content too large',
    415: 'Unsupported media type',
    422: 'Unprocessable content',
    429: 'Too many requests',
  };
  return {
    title: titles[error.status] ?? 'Error',
    description: error.message,
    error_code: error.code,
    http_status: String(error.status),
    ...(error.field ? { details: { field: error.field } } : {}),
  };
}

function sendError(reply: FastifyReply, error: AppError): void {
  if (error.status === 401)
    void reply.header('www-authenticate', 'Basic realm="tansiq", Bearer realm="tansiq"');
  void reply.status(error.status).header('content-type', TAXII_MEDIA).send(taxiiError(error));
}

function actorOf(request: FastifyRequest): Actor {
  if (!request.actor)
    throw new AppError(
      401,
      'unauthorized',
      'authorization: send HTTP Basic (username and password or API token) or a Bearer token',
      'authorization',
    );
  return request.actor;
}

function sendListing(
  reply: FastifyReply,
  listing: { body: unknown; first: string | null; last: string | null },
) {
  // §3.3: the date_added of the first and last object of the answer, on every 2xx of these endpoints.
  if (listing.first) void reply.header('X-TAXII-Date-Added-First', listing.first);
  if (listing.last) void reply.header('X-TAXII-Date-Added-Last', listing.last);
  return reply.header('content-type', TAXII_MEDIA).send(listing.body);
}

/** A TAXII route's description: its answer, and the TAXII error resource otherwise. */
function taxiiSchema(summary: string, ok: TSchema | null, status = 200) {
  return {
    schema: {
      tags: ['taxii'],
      summary,
      response: {
        [status]: ok ?? { type: 'null', description: 'no content' },
        '4xx': TaxiiErrorSchema,
      },
    },
  };
}

type CollParams = { Params: { collection: string }; Querystring: Query };
type ObjParams = { Params: { collection: string; object: string }; Querystring: Query };

/** The TAXII 2.1 server (OASIS Standard, 10 June 2021): one API root, a collection per audience. */
export async function taxiiRoutes(
  app: FastifyInstance,
  opts: { db: Db; config: Config },
): Promise<void> {
  const { db, config } = opts;

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = toAppError(error);
    if (known) return sendError(reply, known);
    request.log.error({ err: error }, 'unhandled TAXII error');
    return sendError(reply, new AppError(500, 'internal', 'internal error: it has been logged'));
  });
  const noSuchEndpoint = (request: FastifyRequest) =>
    new AppError(
      404,
      'not_found',
      `${request.method} ${request.url.split('?')[0]}: no such TAXII endpoint (paths end in /)`,
    );
  app.setNotFoundHandler((request, reply) => sendError(reply, noSuchEndpoint(request)));
  // The web app's static files answer every other path: claim the rest of /taxii2 explicitly.
  app.all('/*', { schema: { hide: true } }, async (request) => {
    throw noSuchEndpoint(request);
  });

  // Fastify rewrites a content type's parameters ('; version="2.1"; charset=utf-8'): send it exactly as §1.6.8 spells it.
  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.header('content-type', TAXII_MEDIA);
    return payload;
  });

  // Only TAXII envelopes are read here (§1.6.8); their size is capped by max_content_length (413).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: config.bundleLimitBytes },
    (request, body, done) => {
      try {
        checkContentType(request.headers['content-type']);
        const text = utf8Text(body as Buffer);
        checkJsonDepth(text);
        done(null, JSON.parse(text) as unknown);
      } catch (e) {
        done(
          e instanceof AppError
            ? e
            : new AppError(400, 'invalid_json', `body: not JSON (${(e as Error).message})`, 'body'),
          undefined,
        );
      }
    },
  );

  // Authentication first (401), then the media type the client accepts (406), before any body is read.
  app.addHook('onRequest', async (request) => {
    actorOf(request);
    checkAccept(request.headers.accept);
  });

  /**
   * A Tansiq peer pulling for federation says so with `X-Tansiq-Federation: 1`; it then gets only
   * what may be federated (RED and non-federable objects never leave the instance).
   */
  const collectionOf = async (
    request: FastifyRequest<{ Params: { collection: string } }>,
    actor: Actor,
  ) => {
    const coll = await collectionFor(db, actor, request.params.collection);
    return request.headers[FEDERATION_HEADER] === '1' ? { ...coll, federableOnly: true } : coll;
  };

  app.get('/', taxiiSchema('TAXII 2.1 discovery', DiscoverySchema), async (request, reply) =>
    reply.header('content-type', TAXII_MEDIA).send({
      title: 'Tansiq TAXII 2.1',
      description:
        'STIX 2.1 exchange of the coalition working group: each collection is an audience you belong to.',
      default: `${request.protocol}://${request.host}${API_ROOT}`,
      api_roots: [`${request.protocol}://${request.host}${API_ROOT}`],
    }),
  );

  await app.register(
    async (root) => {
      root.get('/', taxiiSchema('The API root', ApiRootSchema), async (_request, reply) =>
        reply.header('content-type', TAXII_MEDIA).send({
          title: 'Tansiq',
          description: 'The exchange of this instance',
          versions: [TAXII_MEDIA],
          max_content_length: config.bundleLimitBytes,
        }),
      );

      root.get<{ Params: { status: string } }>(
        '/status/:status/',
        taxiiSchema('The status of an earlier add (its poster only)', StatusSchema),
        async (request, reply) =>
          reply
            .header('content-type', TAXII_MEDIA)
            .send(await getStatus(db, actorOf(request), request.params.status)),
      );

      root.get(
        '/collections/',
        taxiiSchema('A collection per audience you belong to', CollectionsSchema),
        async (request, reply) => {
          const collections = await collectionsFor(db, actorOf(request));
          return reply
            .header('content-type', TAXII_MEDIA)
            .send({ collections: collections.map(presentCollection) });
        },
      );

      root.get<CollParams>(
        '/collections/:collection/',
        taxiiSchema('One collection', CollectionSchema),
        async (request, reply) =>
          reply
            .header('content-type', TAXII_MEDIA)
            .send(presentCollection(await collectionOf(request, actorOf(request)))),
      );

      root.get<CollParams>(
        '/collections/:collection/manifest/',
        taxiiSchema('The manifest of the versions you may read', ManifestSchema),
        async (request, reply) => {
          const actor = actorOf(request);
          const coll = await collectionOf(request, actor);
          return sendListing(reply, await getManifest(db, actor, coll, request.query));
        },
      );

      root.get<CollParams>(
        '/collections/:collection/objects/',
        taxiiSchema('The objects you may read, by date added', EnvelopeSchema),
        async (request, reply) => {
          const actor = actorOf(request);
          const coll = await collectionOf(request, actor);
          return sendListing(reply, await getObjects(db, actor, coll, request.query));
        },
      );

      root.post<CollParams>(
        '/collections/:collection/objects/',
        {
          bodyLimit: config.bundleLimitBytes,
          ...taxiiSchema('Add objects under the collection’s audience', StatusSchema, 202),
        },
        async (request, reply) => {
          const actor = actorOf(request);
          const coll = await collectionOf(request, actor);
          const status = await addObjects(db, actor, coll, request.body, config.batchItemLimit);
          return reply.status(202).header('content-type', TAXII_MEDIA).send(status);
        },
      );

      root.get<ObjParams>(
        '/collections/:collection/objects/:object/',
        taxiiSchema('One object, the versions asked for', EnvelopeSchema),
        async (request, reply) => {
          const actor = actorOf(request);
          const coll = await collectionOf(request, actor);
          return sendListing(
            reply,
            await getObjects(db, actor, coll, request.query, request.params.object),
          );
        },
      );

      root.delete<ObjParams>(
        '/collections/:collection/objects/:object/',
        taxiiSchema('Delete an object you own (every version asked for)', null),
        async (request, reply) => {
          const actor = actorOf(request);
          const coll = await collectionOf(request, actor);
          await deleteObject(db, actor, coll, request.params.object, request.query);
          return reply.status(200).header('content-type', TAXII_MEDIA).send('');
        },
      );

      root.get<ObjParams>(
        '/collections/:collection/objects/:object/versions/',
        taxiiSchema('The versions of an object you may read', VersionsSchema),
        async (request, reply) => {
          const actor = actorOf(request);
          const coll = await collectionOf(request, actor);
          return sendListing(
            reply,
            await getVersions(db, actor, coll, request.params.object, request.query),
          );
        },
      );
    },
    { prefix: '/api' },
  );
}
