import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Db } from '../db/index.ts';
import { detailPage, listPage, notFoundPage } from './public.html.ts';
import { atomFeed, publicCommuniques } from './public.service.ts';
import type { Lang } from './texts.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CSS = fs.readFileSync(path.join(HERE, 'public/communiques.css'), 'utf8');
const ROOT = path.resolve(HERE, '../..');
/** The font files the public stylesheet names, from the packages the web app uses too. */
const FONTS: Record<string, string> = Object.fromEntries(
  [
    ['noto-naskh-arabic', 'noto-naskh-arabic-arabic-400-normal.woff2'],
    ['noto-naskh-arabic', 'noto-naskh-arabic-arabic-700-normal.woff2'],
    ['inter', 'inter-latin-400-normal.woff2'],
    ['inter', 'inter-latin-700-normal.woff2'],
  ].map(([pkg, file]) => [
    file!,
    path.join(ROOT, 'node_modules/@fontsource', pkg!, 'files', file!),
  ]),
);

const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 10 })) });

/** `?lang=`, else the first of ar/fr/en the browser asks for, else English. */
function langOf(request: FastifyRequest): Lang {
  const asked = (request.query as { lang?: string }).lang?.slice(0, 2).toLowerCase();
  if (asked === 'ar' || asked === 'fr' || asked === 'en') return asked;
  for (const part of (request.headers['accept-language'] ?? '').split(',')) {
    const code = part.trim().slice(0, 2).toLowerCase();
    if (code === 'ar' || code === 'fr' || code === 'en') return code;
  }
  return 'en';
}

const html = { description: 'HTML', content: { 'text/html': { schema: Type.String() } } };

/**
 * The public face of the coordination: published joint communiqués, without login, as plain
 * HTML in three languages and as an Atom feed. Registered outside /api/v1.
 */
export async function publicRoutes(root: FastifyInstance, opts: { db: Db }): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;
  const tags = ['public'];

  app.get('/public/communiques.css', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CSS),
  );

  app.get(
    '/public/fonts/:file',
    { schema: { hide: true, params: Type.Object({ file: Type.String({ maxLength: 80 }) }) } },
    async (request, reply) => {
      const file = FONTS[request.params.file];
      if (!file || !fs.existsSync(file))
        return reply.status(404).type('text/plain').send('no such font');
      return reply
        .type('font/woff2')
        .header('cache-control', 'public, max-age=604800')
        .send(fs.createReadStream(file));
    },
  );

  app.get(
    '/public/communiques',
    {
      schema: {
        tags,
        summary: 'Published joint communiqués (HTML, no login)',
        querystring: LangQuery,
        response: { 200: html },
      },
    },
    async (request, reply) => {
      const lang = langOf(request);
      return reply
        .type('text/html; charset=utf-8')
        .header('content-language', lang)
        .send(listPage(lang, await publicCommuniques(db)));
    },
  );

  app.get(
    '/public/communiques.atom',
    {
      schema: {
        tags,
        summary: 'Published joint communiqués as an Atom feed, in one language',
        querystring: LangQuery,
        response: {
          200: {
            description: 'Atom 1.0',
            content: { 'application/atom+xml': { schema: Type.String() } },
          },
        },
      },
    },
    async (request, reply) => {
      const lang = langOf(request);
      const base = `${request.protocol}://${request.host}`;
      return reply
        .type('application/atom+xml; charset=utf-8')
        .send(atomFeed(await publicCommuniques(db), lang, base));
    },
  );

  app.get(
    '/public/communiques/:id',
    {
      schema: {
        tags,
        summary: 'One published communiqué (HTML, no login)',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        querystring: LangQuery,
        response: { 200: html, 404: html },
      },
    },
    async (request, reply) => {
      const lang = langOf(request);
      const [found] = /^[0-9a-f-]{36}$/i.test(request.params.id)
        ? await publicCommuniques(db, request.params.id)
        : [];
      reply.type('text/html; charset=utf-8').header('content-language', lang);
      return found
        ? reply.send(detailPage(lang, found))
        : reply.status(404).send(notFoundPage(lang));
    },
  );
}
