import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import type { Config } from './config.ts';
import { installCapabilities } from './capabilities.ts';
import { loadKeyring } from './secrets/keyring.ts';
import type { DbHandle } from './db/index.ts';
import { authentication } from './http/auth.ts';
import { errorHandler } from './http/errors.ts';
import { checkJsonDepth, hasNul, utf8Text } from './http/json.ts';
import { AppError } from './errors.ts';
import { validatorCompiler } from './http/validation.ts';
import { securityHeaders } from './http/headers.ts';
import { loggerOptions, type LogStream } from './http/logging.ts';
import { opsRoutes } from './ops/ops.routes.ts';
import { countRequests, createMetrics } from './ops/metrics.ts';
import type { ProcessState } from './ops/readiness.ts';
import { authenticator } from './accounts/auth.service.ts';
import { sessionRoutes } from './accounts/session.routes.ts';
import { tokensRoutes } from './accounts/tokens.routes.ts';
import { usersRoutes } from './accounts/users.routes.ts';
import { adminRoutes } from './admin/admin.routes.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { membersRoutes } from './members/members.routes.ts';
import { objectsRoutes } from './exchange/objects.routes.ts';
import { serveProjections } from './exchange/projector.ts';
import { taxiiRoutes, TAXII_PREFIX } from './taxii/taxii.routes.ts';
import { peersRoutes } from './federation/peers.routes.ts';
import { pictureRoutes } from './picture/picture.routes.ts';
import { knowledgeRoutes } from './knowledge/knowledge.routes.ts';
import { coordinationRoutes } from './coordination/coordination.routes.ts';
import { publicRoutes } from './coordination/public.routes.ts';
import { ingestRoutes } from './ingest/ingest.routes.ts';
import { searchRoutes } from './search/search.routes.ts';
import { notificationsRoutes } from './notifications/notifications.routes.ts';

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/dist');

export interface AppOptions {
  config: Config;
  handle: DbHandle;
  /** Extra capabilities (TAXII, federation) register themselves here. */
  plugins?: ((app: FastifyInstance) => Promise<void>)[];
  /** Shared with `serve`, which marks it when told to stop (then /readyz answers 503). */
  state?: ProcessState;
  /** Where log lines go instead of standard output (tests read them). */
  logStream?: LogStream;
}

/** Builds the HTTP app from the capabilities; `listen` is the caller's business. */
export async function buildApp({
  config,
  handle,
  plugins = [],
  state = { shuttingDown: false },
  logStream,
}: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // JSON lines without secrets: no headers or bodies, secret query parameters blanked.
    logger: loggerOptions(config.logLevel, logStream),
    bodyLimit: 1024 * 1024,
    // Behind a reverse proxy, the client's address comes from the proxies named (login limits key on it).
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
  });
  const { db } = handle;
  installCapabilities();
  const keyring = loadKeyring(config);
  app.setValidatorCompiler(validatorCompiler);
  // JSON bodies: UTF-8 and the nesting checked first, then Fastify's own parser (it refuses __proto__ too).
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = utf8Text(body as Buffer);
      checkJsonDepth(text);
    } catch (e) {
      done(e as Error, undefined);
      return;
    }
    void parseJson(request, text, done);
  });
  app.setErrorHandler(errorHandler);
  // First: every answer, refused ones included, carries the security headers and is counted.
  await securityHeaders(app, config);
  const metrics = createMetrics(handle);
  countRequests(app, metrics);
  app.addHook('onRequest', async (request) => {
    if (hasNul(request.url))
      throw new AppError(400, 'bad_request', 'url: contains a NUL character (%00)', 'url');
  });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.url.startsWith('/taxii2')) {
      return reply.status(404).send({
        code: 'not_found',
        message: `${request.method} ${request.url.split('?')[0]}: no such endpoint`,
      });
    }
    // The web app routes on the client: any other path is the app's page.
    if (fs.existsSync(path.join(WEB_DIST, 'index.html')))
      return reply.type('text/html').sendFile('index.html');
    return reply
      .status(404)
      .type('text/plain')
      .send('The web app is not built: run `npm run build:web`.');
  });

  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tansiq API',
        version: '1',
        description:
          'Exchange of STIX 2.1 objects under TLP 2.0 and audiences. Errors: {code, message, field?}.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'tansiq_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
  });
  await app.register(authentication, authenticator(db, config));
  await opsRoutes(app, { config, handle, state, metrics });
  await app.register(
    async (api) => {
      // First: every API answer reads the projections of what was written a moment ago.
      serveProjections(api, db);
      await sessionRoutes(api, { db, config, keyring });
      await usersRoutes(api, { db });
      await tokensRoutes(api, { db });
      await membersRoutes(api, { db });
      await adminRoutes(api, { db });
      await auditRoutes(api, { db });
      await objectsRoutes(api, { db, config });
      await api.register(peersRoutes, { db, keyring, config, prefix: '/peers' });
      await knowledgeRoutes(api, { db, config });
      await api.register(pictureRoutes, { db, config, prefix: '/picture' });
      await api.register(coordinationRoutes, { db });
      await api.register(ingestRoutes, { db });
      await searchRoutes(api, { db });
      await notificationsRoutes(api, { db, config });
      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    },
    { prefix: '/api/v1' },
  );
  await app.register(taxiiRoutes, { db, config, prefix: TAXII_PREFIX });
  await app.register(publicRoutes, { db });
  for (const plugin of plugins) await app.register(plugin);
  if (fs.existsSync(WEB_DIST)) {
    await app.register(fastifyStatic, {
      root: WEB_DIST,
      prefix: '/',
      wildcard: true,
      index: ['index.html'],
    });
  }
  return app;
}
