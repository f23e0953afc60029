import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorSchema } from '../../contract/common.ts';
import { ObjectDetailSchema } from '../../contract/exchange.ts';
import {
  AttachmentSchema,
  AttachmentsSchema,
  GraphSchema,
  HistorySchema,
  LookupSchema,
  MentionsPageSchema,
  NewNoteSchema,
  NewOpinionSchema,
  NewVersionSchema,
  ReferencesSchema,
  RepliesSchema,
  RevocationSchema,
} from '../../contract/knowledge.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import { requireActor } from '../http/auth.ts';
import { answers } from '../http/responses.ts';
import { getObject, objectFilter } from '../exchange/objects.read.ts';
import { readerOf } from '../policy/viewer.ts';
import { FEDERATION_HEADER } from '../taxii/media.ts';
import { backfill } from './backfill.ts';
import { exportCsv } from './export.service.ts';
import {
  attachFile,
  listAttachments,
  openAttachment,
  openContent,
  type Download,
} from './files.service.ts';
import {
  getGraph,
  getLabels,
  getMentions,
  getReferences,
  lookupObjects,
} from './references.service.ts';
import { addNote, addOpinion, getReplies } from './replies.service.ts';
import { addVersion, getHistory, revokeObject } from './versions.service.ts';

const Id = Type.Object({ id: Type.String({ maxLength: 300 }) });
const Binary = Type.String({ description: 'the file’s bytes', format: 'binary' });
const Csv = Type.String({ description: 'CSV (RFC 4180), UTF-8 with a byte-order mark' });

/** `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266): any name, never a header injection. */
export function contentDisposition(kind: 'attachment' | 'inline', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  // RFC 5987 attr-chars: encodeURIComponent leaves ' ( ) * ! as they are.
  const encoded = encodeURIComponent(name).replace(
    /['()*!]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

function sendFile(reply: FastifyReply, file: Download) {
  void reply
    .header('content-type', file.mime)
    .header('content-length', String(file.size))
    .header(
      'content-disposition',
      contentDisposition(file.inline ? 'inline' : 'attachment', file.name),
    )
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    // A file never runs as a page of this site, even opened directly.
    .header('content-security-policy', "default-src 'none'; frame-ancestors 'none'; sandbox");
  return reply.send(file.body);
}

/**
 * The knowledge around an object: references and what mentions it, its neighbourhood, notes and
 * opinions, versions written and revoked from the UI, attached files; pickers; the list as CSV.
 */
export async function knowledgeRoutes(
  root: FastifyInstance,
  opts: { db: Db; config: Config },
): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { db, config } = opts;
  const tags = ['knowledge'];

  // Versions stored before the wing existed are projected once, in the background, after start.
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  root.addHook('onReady', async () => {
    running = backfill(db, () => stopped).catch((e: unknown) =>
      root.log.error({ err: e }, 'knowledge: projecting earlier versions failed'),
    );
  });
  root.addHook('onClose', async () => {
    stopped = true;
    await running;
  });

  app.get(
    '/objects/lookup',
    {
      schema: {
        tags,
        summary: 'Objects whose names contain q (for pickers), through the access policy',
        querystring: Type.Object({
          q: Type.String({ minLength: 1, maxLength: 200 }),
          type: Type.Optional(
            Type.String({ maxLength: 500, description: 'STIX types, comma-separated' }),
          ),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
        }),
        response: answers(LookupSchema),
      },
    },
    async (request) => {
      const { q, type, limit } = request.query;
      const types = type
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      return { items: await lookupObjects(db, requireActor(request), q, types, limit ?? 10) };
    },
  );

  app.get(
    '/objects/labels',
    {
      schema: {
        tags,
        summary: 'Type, names and revocation of the objects named (hidden ones say only that)',
        querystring: Type.Object({
          ids: Type.String({
            minLength: 1,
            maxLength: 40_000,
            description: 'identifiers, comma-separated',
          }),
        }),
        response: answers(LookupSchema),
      },
    },
    async (request) => {
      const ids = request.query.ids
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .slice(0, 500);
      return { items: await getLabels(db, requireActor(request), ids) };
    },
  );

  app.get(
    '/objects/:id/references',
    {
      schema: {
        tags,
        summary: 'What an object refers to, its relationships as sentences, and its sightings',
        params: Id,
        response: answers(ReferencesSchema),
      },
    },
    async (request) => getReferences(db, requireActor(request), request.params.id),
  );

  app.get(
    '/objects/:id/mentions',
    {
      schema: {
        tags,
        summary: 'The objects that refer to this one ("mentioned in"), newest first',
        params: Id,
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
          cursor: Type.Optional(Type.String({ maxLength: 64 })),
        }),
        response: answers(MentionsPageSchema),
      },
    },
    async (request) =>
      getMentions(
        db,
        requireActor(request),
        request.params.id,
        request.query.limit ?? 50,
        request.query.cursor,
      ),
  );

  app.get(
    '/objects/:id/graph',
    {
      schema: {
        tags,
        summary: 'The neighbourhood of an object, one or two steps away, visible objects only',
        params: Id,
        querystring: Type.Object({
          depth: Type.Optional(Type.Integer({ minimum: 1, maximum: 2, default: 1 })),
        }),
        response: answers(GraphSchema),
      },
    },
    async (request) =>
      getGraph(db, requireActor(request), request.params.id, request.query.depth ?? 1),
  );

  app.get(
    '/objects/:id/replies',
    {
      schema: {
        tags,
        summary: 'Notes and opinions on an object',
        params: Id,
        response: answers(RepliesSchema),
      },
    },
    async (request) => getReplies(db, requireActor(request), request.params.id),
  );

  app.post(
    '/objects/:id/notes',
    {
      schema: {
        tags,
        summary: 'A note on an object you may read, shared no wider than it',
        params: Id,
        body: NewNoteSchema,
        response: answers(RepliesSchema, 201),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await addNote(db, actor, request.params.id, request.body);
      return reply.status(201).send(await getReplies(db, actor, request.params.id));
    },
  );

  app.post(
    '/objects/:id/opinions',
    {
      schema: {
        tags,
        summary: "Your member's opinion on an object (a new version if it holds one already)",
        params: Id,
        body: NewOpinionSchema,
        response: answers(RepliesSchema, 201),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await addOpinion(db, actor, request.params.id, request.body);
      return reply.status(201).send(await getReplies(db, actor, request.params.id));
    },
  );

  app.get(
    '/objects/:id/history',
    {
      schema: {
        tags,
        summary: 'Every version you may read, with the owner’s translations as they were',
        params: Id,
        response: answers(HistorySchema),
      },
    },
    async (request) => ({ items: await getHistory(db, requireActor(request), request.params.id) }),
  );

  app.post(
    '/objects/:id/versions',
    {
      schema: {
        tags,
        summary: 'A new version of an object your member owns',
        params: Id,
        body: NewVersionSchema,
        response: answers(ObjectDetailSchema, 201),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await addVersion(db, actor, request.params.id, request.body);
      return reply.status(201).send(await getObject(db, actor, request.params.id));
    },
  );

  app.post(
    '/objects/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke an object your member owns, with the reason',
        params: Id,
        body: RevocationSchema,
        response: answers(ObjectDetailSchema),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await revokeObject(db, actor, request.params.id, request.body);
      return getObject(db, actor, request.params.id);
    },
  );

  app.get(
    '/objects/:id/attachments',
    {
      schema: {
        tags,
        summary: 'Files attached to an object',
        params: Id,
        response: answers(AttachmentsSchema),
      },
    },
    async (request) => ({
      items: await listAttachments(db, requireActor(request), request.params.id),
    }),
  );

  // Uploads are the file's bytes as the body (any content type), read as a stream with a limit.
  await app.register(async (scoped) => {
    scoped.removeAllContentTypeParsers();
    scoped.addContentTypeParser('*', (_request, _payload, done) => done(null));
    scoped.withTypeProvider<TypeBoxTypeProvider>().post(
      '/objects/:id/attachments',
      {
        schema: {
          tags,
          summary: 'Attach a file (the body is the file; PDF, images, office documents, text)',
          params: Id,
          querystring: Type.Object({ name: Type.String({ minLength: 1, maxLength: 255 }) }),
          response: {
            201: AttachmentSchema,
            '4xx': ErrorSchema,
          },
        },
      },
      async (request, reply) => {
        const length = Number(request.headers['content-length']);
        const attachment = await attachFile(db, config, requireActor(request), request.params.id, {
          name: request.query.name,
          stream: request.raw,
          length: Number.isFinite(length) ? length : undefined,
        });
        return reply.status(201).send(attachment);
      },
    );
  });

  app.get(
    '/attachments/:id',
    {
      schema: {
        tags,
        summary: 'Download an attached file (inline=1 shows an image in place)',
        params: Id,
        querystring: Type.Object({ inline: Type.Optional(Type.Boolean()) }),
        response: answers(Binary),
      },
    },
    async (request, reply) =>
      sendFile(
        reply,
        await openAttachment(
          db,
          requireActor(request),
          request.params.id,
          request.query.inline === true,
        ),
      ),
  );

  app.get(
    '/files/:sha256',
    {
      schema: {
        tags,
        summary: 'A file by its SHA-256, for a peer that may read an artifact carrying it',
        params: Type.Object({ sha256: Type.String({ pattern: '^[0-9a-fA-F]{64}$' }) }),
        response: answers(Binary),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      // A peer pulling for federation reads only what may leave (as over TAXII).
      const reader =
        request.headers[FEDERATION_HEADER] === '1'
          ? { ...readerOf(actor), federableOnly: true }
          : readerOf(actor);
      return sendFile(reply, await openContent(db, actor, reader, request.params.sha256));
    },
  );

  app.get(
    '/export.csv',
    {
      schema: {
        tags,
        summary: 'The objects you may see that match, as CSV, streamed',
        querystring: Type.Object({
          type: Type.Optional(Type.String({ maxLength: 1000 })),
          exclude_type: Type.Optional(Type.String({ maxLength: 1000 })),
          tlp: Type.Optional(Type.String({ maxLength: 100 })),
          owner: Type.Optional(Type.String({ maxLength: 16 })),
        }),
        response: answers(Csv),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const filter = await objectFilter(db, request.query);
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      void reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="tansiq-export-${stamp}.csv"`);
      return reply.send(Readable.from(exportCsv(db, actor, filter), { highWaterMark: 1 }) as never);
    },
  );
}
