import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  Domain,
  IdParams,
  ImportQuery,
  ImportResult,
  Items,
  Matrix,
  MatrixFilters,
  Need,
  NeedAnswer,
  NeedChange,
  NeedFilters,
  NeedInput,
  NewDomain,
  Project,
  ProjectFilters,
  ProjectInput,
  ProjectPage,
  type ImportProgress,
} from '../../contract/coordination.ts';
import type { Db } from '../db/index.ts';
import { AppError } from '../errors.ts';
import { requireActor } from '../http/auth.ts';
import { answers, noContent } from '../http/responses.ts';
import { coverageMatrix } from './matrix.service.ts';
import {
  answerNeed,
  changeNeed,
  createNeed,
  getNeed,
  listNeeds,
  withdrawAnswer,
} from './needs.service.ts';
import { exportCsv, exportIati } from './projects.export.ts';
import {
  importIati,
  IMPORT_BODY_LIMIT,
  prepareCsvImport,
  type Progress,
} from './projects.import.ts';
import {
  addDomain,
  createProject,
  deleteProject,
  domains,
  getProject,
  listProjects,
  updateProject,
} from './projects.service.ts';
import { audienceSpec, type SharingRequest } from './sharing.ts';

const tags = ['coordination'];
const Text = (mediaType: string, description: string) => ({
  description,
  content: { [mediaType]: { schema: Type.String() } },
});

/** Sends a long import's progress as NDJSON lines, then its result (or its error). */
function streamProgress(
  reply: FastifyReply,
  work: (progress: Progress) => Promise<ImportProgress>,
) {
  const lines = new Readable({ read() {} });
  const push = (line: ImportProgress) => lines.push(`${JSON.stringify(line)}\n`);
  void reply.type('application/x-ndjson').header('cache-control', 'no-store').send(lines);
  work((phase, done, total) => push({ phase, done, total })).then(
    (last) => {
      push(last);
      lines.push(null);
    },
    (error: unknown) => {
      const known =
        error instanceof AppError
          ? error.toJSON()
          : { code: 'internal', message: 'internal error: it has been logged' };
      if (!(error instanceof AppError)) reply.log.error({ err: error }, 'import failed');
      push({ error: known });
      lines.push(null);
    },
  );
  return reply;
}

const IMPORT_TYPES = new Set(['text/csv', 'application/xml', 'text/xml']);
const mediaType = (request: FastifyRequest) =>
  (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();

const wantsProgress = (request: FastifyRequest) =>
  (request.headers.accept ?? '').includes('application/x-ndjson');

/** The capacity-building register: domains, projects, the matrix, needs, imports and exports. */
export async function registerRoutes(root: FastifyInstance, opts: { db: Db }): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;

  // Imports arrive as the files themselves (CSV or IATI XML), up to the import limit.
  app.addContentTypeParser(
    [...IMPORT_TYPES],
    { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT },
    (_request, body, done) => done(null, body),
  );

  app.get(
    '/domains',
    {
      schema: {
        tags,
        summary: 'The controlled list of capacity-building domains',
        response: answers(Items(Domain)),
      },
    },
    async (request) => {
      requireActor(request);
      return { items: await domains(db) };
    },
  );

  app.post(
    '/domains',
    {
      schema: {
        tags,
        summary: 'Add a domain (instance admins)',
        body: NewDomain,
        response: answers(Domain, 201),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addDomain(db, requireActor(request), request.body)),
  );

  app.get(
    '/projects',
    {
      schema: {
        tags,
        summary:
          'Capacity-building projects you may see (each with its iati_identifier when imported from IATI)',
        querystring: Type.Intersect([
          ProjectFilters,
          Type.Object({
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
            cursor: Type.Optional(Type.String({ maxLength: 40 })),
          }),
        ]),
        response: answers(ProjectPage),
      },
    },
    async (request) => {
      const { limit, cursor, ...filters } = request.query;
      return listProjects(db, requireActor(request), filters, limit ?? 100, cursor);
    },
  );

  app.get(
    '/projects/matrix',
    {
      schema: {
        tags,
        summary:
          'Beneficiary countries × domains: projects, donors, budgets, needs, gaps and overlaps',
        querystring: MatrixFilters,
        response: answers(Matrix),
      },
    },
    async (request) => coverageMatrix(db, requireActor(request), request.query),
  );

  app.get(
    '/projects/export.csv',
    {
      schema: {
        tags,
        summary: 'The projects you may see, as CSV (the import format); audited',
        querystring: ProjectFilters,
        response: { 200: Text('text/csv', 'UTF-8 CSV with a header row') },
      },
    },
    async (request, reply) => {
      const stream = Readable.from(await exportCsv(db, requireActor(request), request.query));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="tansiq-projects.csv"')
        .send(stream as unknown as string); // a stream is sent as it is, not serialised
    },
  );

  app.get(
    '/projects/export.xml',
    {
      schema: {
        tags,
        summary: 'The projects you may see, as an IATI Activity Standard 2.03 file; audited',
        querystring: ProjectFilters,
        response: { 200: Text('application/xml', 'iati-activities, version 2.03') },
      },
    },
    async (request, reply) => {
      const pages = await exportIati(db, requireActor(request), request.query);
      return reply
        .type('application/xml; charset=utf-8')
        .header('content-disposition', 'attachment; filename="tansiq-iati-activities.xml"')
        .send(Readable.from(pages) as unknown as string); // streamed as it is
    },
  );

  app.post(
    '/projects/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      // Before the body is checked: a JSON body here is a wrong media type, not a bad string.
      preValidation: async (request) => {
        if (!IMPORT_TYPES.has(mediaType(request)))
          throw new AppError(
            415,
            'unsupported_media_type',
            'content-type: send text/csv or application/xml',
            'content-type',
          );
      },
      schema: {
        tags,
        summary:
          'Import projects from a CSV file (text/csv: all rows or none, with a line-numbered report) or an IATI activities file (application/xml: unreadable activities reported by identifier). Send Accept: application/x-ndjson for progress lines.',
        querystring: ImportQuery,
        body: Type.String({ description: 'the file', maxLength: IMPORT_BODY_LIMIT }),
        response: {
          200: {
            description: 'the import result, or NDJSON progress lines ending with it',
            content: {
              'application/json': { schema: ImportResult },
              'application/x-ndjson': { schema: Type.String() },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const iati = mediaType(request).endsWith('xml');
      const sharing: SharingRequest = {
        audience: audienceSpec(request.query.audience),
        tlp: request.query.tlp,
        federate: request.query.federate,
      };
      const text = request.body;
      if (iati) {
        if (!wantsProgress(request)) return importIati(db, actor, text, sharing);
        return streamProgress(reply, async (progress) => ({
          result: await importIati(db, actor, text, sharing, progress),
        }));
      }
      const prepared = await prepareCsvImport(db, actor, text, sharing);
      if (!wantsProgress(request)) return prepared.run(() => undefined);
      return streamProgress(reply, async (progress) => ({ result: await prepared.run(progress) }));
    },
  );

  app.post(
    '/projects',
    {
      schema: {
        tags,
        summary: 'Register a project',
        body: ProjectInput,
        response: answers(Project, 201),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createProject(db, requireActor(request), request.body)),
  );

  app.get(
    '/projects/:id',
    { schema: { tags, summary: 'One project', params: IdParams, response: answers(Project) } },
    async (request) => getProject(db, requireActor(request), request.params.id),
  );

  app.put(
    '/projects/:id',
    {
      schema: {
        tags,
        summary: 'Change a project (its owner member)',
        params: IdParams,
        body: ProjectInput,
        response: answers(Project),
      },
    },
    async (request) => updateProject(db, requireActor(request), request.params.id, request.body),
  );

  app.delete(
    '/projects/:id',
    {
      schema: {
        tags,
        summary: 'Delete a project (its owner member)',
        params: IdParams,
        response: noContent,
      },
    },
    async (request, reply) => {
      await deleteProject(db, requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/needs',
    {
      schema: {
        tags,
        summary: 'Needs stated by beneficiaries, that you may see',
        querystring: NeedFilters,
        response: answers(Items(Need)),
      },
    },
    async (request) => ({ items: await listNeeds(db, requireActor(request), request.query) }),
  );

  app.post(
    '/needs',
    {
      schema: {
        tags,
        summary: 'State a need (a state for its own country)',
        body: NeedInput,
        response: answers(Need, 201),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createNeed(db, requireActor(request), request.body)),
  );

  app.get(
    '/needs/:id',
    { schema: { tags, summary: 'One need', params: IdParams, response: answers(Need) } },
    async (request) => getNeed(db, requireActor(request), request.params.id),
  );

  app.patch(
    '/needs/:id',
    {
      schema: {
        tags,
        summary: 'Change or withdraw a need (the member that stated it)',
        params: IdParams,
        body: NeedChange,
        response: answers(Need),
      },
    },
    async (request) => changeNeed(db, requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/needs/:id/answers',
    {
      schema: {
        tags,
        summary: 'Answer a need with a project your member funds or owns; the need is then covered',
        params: IdParams,
        body: NeedAnswer,
        response: answers(Need),
      },
    },
    async (request) =>
      answerNeed(db, requireActor(request), request.params.id, request.body.project),
  );

  app.delete(
    '/needs/:id/answers/:project',
    {
      schema: {
        tags,
        summary: 'Take an answer back',
        params: Type.Object({
          id: Type.String({ maxLength: 64 }),
          project: Type.String({ maxLength: 64 }),
        }),
        response: answers(Need),
      },
    },
    async (request) =>
      withdrawAnswer(db, requireActor(request), request.params.id, request.params.project),
  );
}
