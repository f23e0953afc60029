import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  ARTICLE_LIMIT_BYTES,
  Draft,
  DraftReview,
  DraftSummary,
  IngestRequest,
  LinkTargets,
  PublishRequest,
  PublishResult,
} from '../../contract/ingest.ts';
import type { Db } from '../db/index.ts';
import { requireActor } from '../http/auth.ts';
import { answers, noContent } from '../http/responses.ts';
import {
  getDraft,
  ingestArticle,
  linkTargets,
  listDrafts,
  publishDraft,
  removeDraft,
  saveReview,
} from './ingest.service.ts';

const Id = Type.Object({ id: Type.String({ pattern: '^draft--[0-9a-f-]{36}$' }) });
const Published = Type.Object({
  source: Type.Optional(Type.String({ maxLength: 2000 })),
  published: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
});

/**
 * Article ingestion: `POST /ingest` reads an article (JSON `{content}`, or the text or HTML itself
 * as `text/plain` / `text/html`) and keeps a draft; the drafts are read, reviewed, published and
 * deleted by their member's analysts only.
 */
export async function ingestRoutes(root: FastifyInstance, opts: { db: Db }): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;

  // A page or a text sent as itself: its body is the article.
  app.addContentTypeParser(
    ['text/plain', 'text/html'],
    { parseAs: 'string' },
    (_request, body, done) => done(null, body),
  );

  app.post(
    '/ingest',
    {
      // The article may be 5 MB; its JSON envelope a little more.
      bodyLimit: ARTICLE_LIMIT_BYTES + 256 * 1024,
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
      preValidation: async (request) => {
        if (typeof request.body === 'string') {
          const q = request.query as { source?: string; published?: string };
          request.body = {
            content: request.body,
            ...(q.source ? { source: q.source } : {}),
            ...(q.published ? { published: q.published } : {}),
          };
        }
      },
      schema: {
        tags: ['ingest'],
        summary:
          'Read a news article (text or HTML, ≤ 5 MB, in Arabic, French or English) and keep a draft of its report',
        description:
          'Send JSON `{content, source?, published?}`, or the article itself as text/plain or text/html (source and published then in the query). The draft is visible to your member only.',
        querystring: Published,
        body: IngestRequest,
        response: answers(Draft, 201),
      },
    },
    async (request, reply) => {
      const draft = await ingestArticle(db, requireActor(request), request.body);
      return reply.status(201).send(draft);
    },
  );

  app.get(
    '/ingest/drafts',
    {
      schema: {
        tags: ['ingest'],
        summary: "Your member's article drafts, most recently changed first",
        response: answers(Type.Object({ items: Type.Array(DraftSummary) })),
      },
    },
    async (request) => ({ items: await listDrafts(db, requireActor(request)) }),
  );

  app.get(
    '/ingest/drafts/:id',
    {
      schema: {
        tags: ['ingest'],
        summary: 'One draft: the article, its extraction and its review',
        params: Id,
        response: answers(Draft),
      },
    },
    async (request) => getDraft(db, requireActor(request), request.params.id),
  );

  app.put(
    '/ingest/drafts/:id/review',
    {
      bodyLimit: 2 * 1024 * 1024,
      schema: {
        tags: ['ingest'],
        summary:
          'Save the review: entities accepted, corrected or dropped, links, the report and its incidents',
        params: Id,
        body: DraftReview,
        response: answers(Draft),
      },
    },
    async (request) => saveReview(db, requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/ingest/drafts/:id/publish',
    {
      bodyLimit: 2 * 1024 * 1024,
      schema: {
        tags: ['ingest'],
        summary:
          'Publish the draft as a STIX report with its incidents, under an audience and a TLP level (default CLEAR)',
        params: Id,
        body: PublishRequest,
        response: answers(PublishResult, 201),
      },
    },
    async (request, reply) => {
      const result = await publishDraft(db, requireActor(request), request.params.id, request.body);
      return reply.status(201).send(result);
    },
  );

  app.delete(
    '/ingest/drafts/:id',
    { schema: { tags: ['ingest'], summary: 'Delete a draft', params: Id, response: noContent } },
    async (request, reply) => {
      await removeDraft(db, requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/ingest/links',
    {
      schema: {
        tags: ['ingest'],
        summary:
          'What entities can be linked to: the groups (intrusion-sets, threat-actors) and places you may see',
        response: answers(LinkTargets),
      },
    },
    async (request) => linkTargets(db, requireActor(request)),
  );
}
