import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type TestApp } from './helpers.ts';

type Response = { description?: string; content?: Record<string, { schema?: unknown }> };
type Operation = { responses?: Record<string, Response> };

/** Responses described by schemas: the document describes every 2xx body, and only that is sent. */
describe('the OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp('sqlite');
  });
  afterAll(() => t.close());

  it('describes a 2xx response for every operation, with a schema wherever there is a body', async () => {
    const doc = json<{ paths: Record<string, Record<string, Operation>> }>(
      await t.app.inject({ url: '/api/v1/openapi.json' }),
    );
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method, op })),
    );
    expect(operations.length).toBeGreaterThan(30);
    const missing = operations.filter(({ op }) => {
      const ok = Object.entries(op.responses ?? {}).filter(([code]) => /^2/.test(code));
      // Without a declared schema the generator writes a placeholder "Default Response".
      return (
        ok.length === 0 ||
        ok.some(([, r]) =>
          r.content === undefined
            ? r.description === 'Default Response'
            : !Object.values(r.content).some((c) => c.schema),
        )
      );
    });
    expect(missing.map(({ method, path }) => `${method} ${path}`)).toEqual([]);
    // TAXII is described there too.
    expect(Object.keys(doc.paths)).toContain('/taxii2/api/collections/{collection}/objects/');
  });

  it('sends only the fields a response schema names', async () => {
    const users = json<{ items: Record<string, unknown>[] }>(
      await t.app.inject({ url: '/api/v1/users', headers: await t.login('admin') }),
    );
    expect(users.items.length).toBeGreaterThan(10);
    for (const user of users.items)
      expect(Object.keys(user).sort()).toEqual([
        'created_at',
        'disabled',
        'id',
        'locale',
        'member_code',
        'member_id',
        'role',
        'username',
      ]);
  });
});
