import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';
import { communiquesRoutes } from './communiques.routes.ts';
import { meetingsRoutes } from './meetings.routes.ts';
import { registerRoutes } from './register.routes.ts';

/** Coordination under /api/v1: the register, meetings and actions, communiqués. */
export async function coordinationRoutes(app: FastifyInstance, opts: { db: Db }): Promise<void> {
  await app.register(registerRoutes, opts);
  await app.register(meetingsRoutes, opts);
  await app.register(communiquesRoutes, opts);
}
