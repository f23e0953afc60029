import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ImportJob } from '../../contract/picture.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import { requireActor } from '../http/auth.ts';
import { getImport, listImports, startImport } from './import.service.ts';

/** An uploaded event file may be this large (an ACLED export of Africa over several years). */
export const UPLOAD_LIMIT_BYTES = 64 * 1024 * 1024;
const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel'];

/** Event-data imports: upload a CSV (the body), then follow the job. */
export async function importRoutes(
  root: FastifyInstance,
  opts: { db: Db; config: Config },
): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;
  const tags = ['picture'];
  app.addContentTypeParser(
    CSV_TYPES,
    { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT_BYTES },
    (_req, body, done) => done(null, body),
  );

  app.post(
    '/imports',
    {
      bodyLimit: UPLOAD_LIMIT_BYTES,
      schema: {
        tags,
        summary: 'Import an ACLED or UCDP GED CSV file (the request body, text/csv) as incidents',
        querystring: Type.Object({
          file_name: Type.String({ minLength: 1, maxLength: 200 }),
          audience: Type.String({
            maxLength: 1000,
            description: 'member | coalition | group:<slug> | recipients:MA,NE',
          }),
          tlp: Type.Optional(Type.String({ maxLength: 20 })),
          federate: Type.Optional(Type.Boolean()),
        }),
        response: { 202: ImportJob },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const q = request.query;
      const job = await startImport(db, requireActor(request), {
        fileName: q.file_name,
        body: Buffer.isBuffer(body) ? body : Buffer.alloc(0),
        audience: q.audience,
        tlp: q.tlp,
        federate: q.federate,
      });
      return reply.status(202).send(job);
    },
  );

  app.get(
    '/imports/:id',
    {
      schema: {
        tags,
        summary: 'An import you started: progress, then the summary',
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        response: { 200: ImportJob },
      },
    },
    async (request) => getImport(db, requireActor(request), request.params.id),
  );

  app.get(
    '/imports',
    {
      schema: {
        tags,
        summary: 'Your latest imports',
        response: { 200: Type.Object({ items: Type.Array(ImportJob) }) },
      },
    },
    async (request) => ({ items: await listImports(db, requireActor(request)) }),
  );
}
