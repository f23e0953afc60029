import { randomUUID } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { DEMO_PASSWORD } from './helpers.ts';

export const TAXII = 'application/taxii+json;version=2.1';

export function basic(username: string, secret = DEMO_PASSWORD): Record<string, string> {
  return {
    authorization: `Basic ${Buffer.from(`${username}:${secret}`).toString('base64')}`,
    accept: TAXII,
  };
}

/** A TAXII request as a client sends it: Basic auth, the TAXII Accept header, envelopes as bodies. */
export function taxii(
  app: FastifyInstance,
  username: string,
  method: InjectOptions['method'],
  url: string,
  envelope?: unknown,
) {
  return app.inject({
    method,
    url,
    headers: { ...basic(username), ...(envelope !== undefined ? { 'content-type': TAXII } : {}) },
    ...(envelope !== undefined ? { payload: JSON.stringify(envelope) } : {}),
  });
}

export function indicator(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${randomUUID()}`,
    created: '2024-01-01T00:00:00.000Z',
    modified: '2024-01-01T00:00:00.000Z',
    name: 'exercise indicator',
    pattern: "[ipv4-addr:value = '198.51.100.7']",
    pattern_type: 'stix',
    valid_from: '2024-01-01T00:00:00Z',
    labels: ['exercise'],
    ...overrides,
  };
}

export interface CollectionResource {
  id: string;
  title: string;
  can_read: boolean;
  can_write: boolean;
  x_tansiq_audience: string;
}

export async function collections(
  app: FastifyInstance,
  username: string,
): Promise<CollectionResource[]> {
  const res = await taxii(app, username, 'GET', '/taxii2/api/collections/');
  if (res.statusCode !== 200)
    throw new Error(`collections ${username}: ${res.statusCode} ${res.body}`);
  return (res.json() as { collections: CollectionResource[] }).collections;
}

export async function collectionOf(
  app: FastifyInstance,
  username: string,
  audience: string,
): Promise<string> {
  const found = (await collections(app, username)).find((c) => c.x_tansiq_audience === audience);
  if (!found) throw new Error(`${username} has no ${audience} collection`);
  return found.id;
}
