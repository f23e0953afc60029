import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AuditPageSchema,
  AuditQuerySchema,
  AuditVerificationQuerySchema,
  AuditVerificationSchema,
} from '../../contract/audit.ts';
import type { Db } from '../db/index.ts';
import { requireActor } from '../http/auth.ts';
import { answers } from '../http/responses.ts';
import { auditVerification, readAuditLog } from './audit.view.ts';

/** The audit view (instance admins: the whole log; member admins: their member's entries). */
export async function auditRoutes(root: FastifyInstance, opts: { db: Db }): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;

  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary:
          'Audit log entries, newest first: all of them for instance admins, their own member’s for member admins',
        querystring: AuditQuerySchema,
        response: answers(AuditPageSchema),
      },
    },
    async (request) => readAuditLog(db, requireActor(request), request.query),
  );

  app.get(
    '/audit/verification',
    {
      schema: {
        tags: ['audit'],
        summary:
          'The last check of the audit log’s hash chain (`tansiq audit verify`) and its time',
        querystring: AuditVerificationQuerySchema,
        response: answers(AuditVerificationSchema),
      },
    },
    async (request) => auditVerification(db, requireActor(request), request.query.fresh === true),
  );
}
