import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorSchema } from '../../contract/common.ts';
import { HealthSchema, ReadinessSchema } from '../../contract/ops.ts';
import type { Config } from '../config.ts';
import type { DbHandle } from '../db/index.ts';
import { AppError } from '../errors.ts';
import type { Metrics } from './metrics.ts';
import { readiness, type ProcessState } from './readiness.ts';

const tags = ['operations'];

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Compares the presented token with the configured one in constant time. */
function tokenMatches(header: string | undefined, token: string): boolean {
  const presented = header?.startsWith('Bearer ') ? header.slice(7).trim() : '';
  return timingSafeEqual(digest(presented), digest(token));
}

/**
 * What an operator's tooling reads, outside /api/v1 and outside user authentication:
 * `/healthz` (the process answers), `/readyz` (it can serve: database reachable, schema at level,
 * not stopping) and `/metrics` (Prometheus, behind TANSIQ_METRICS_TOKEN; off without it).
 */
export async function opsRoutes(
  root: FastifyInstance,
  opts: { config: Config; handle: DbHandle; state: ProcessState; metrics: Metrics },
): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { config, handle, state, metrics } = opts;

  app.addHook('preClose', async () => {
    state.shuttingDown = true;
  });

  // These answer without looking at credentials (no session look-up: healthz never touches the database).
  const ownCredentials = { ownCredentials: true };

  app.get(
    '/healthz',
    {
      config: ownCredentials,
      schema: {
        tags,
        summary: 'Liveness: the process answers (no login)',
        response: { 200: HealthSchema },
      },
    },
    async (_request, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      config: ownCredentials,
      schema: {
        tags,
        summary:
          'Readiness: the database answers, its schema is at this release, the process is not stopping (no login)',
        response: { 200: ReadinessSchema, 503: ReadinessSchema },
      },
    },
    async (_request, reply) => {
      const answer = await readiness(handle, state);
      void reply.header('cache-control', 'no-store');
      return answer.ready
        ? reply.send({ status: 'ready' })
        : reply.status(503).send({ status: 'not_ready', reason: answer.reason });
    },
  );

  app.get(
    '/metrics',
    {
      config: ownCredentials,
      schema: {
        tags,
        summary:
          'Prometheus metrics (text exposition format); send TANSIQ_METRICS_TOKEN as a Bearer token. Off when it is not set.',
        security: [{ bearer: [] }],
        response: {
          200: {
            description: 'Prometheus text format 0.0.4',
            content: { 'text/plain': { schema: Type.String() } },
          },
          '4xx': ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      if (!config.metricsToken)
        throw new AppError(404, 'not_found', 'GET /metrics: no such endpoint');
      if (!tokenMatches(request.headers.authorization, config.metricsToken)) {
        void reply.header('www-authenticate', 'Bearer realm="metrics"');
        throw new AppError(
          401,
          'unauthorized',
          'authorization: send the metrics token (TANSIQ_METRICS_TOKEN) as a Bearer token',
          'authorization',
        );
      }
      return reply
        .header('cache-control', 'no-store')
        .type(metrics.registry.contentType)
        .send(await metrics.registry.metrics());
    },
  );
}
