import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { SearchPage, SearchQuery } from '../../contract/search.ts';
import type { Db } from '../db/index.ts';
import { requireActor } from '../http/auth.ts';
import { answers } from '../http/responses.ts';
import { startIndexer } from './search.index.ts';
import { search } from './search.service.ts';

/** `GET /search`, and the background indexer that keeps the index current while the server runs. */
export async function searchRoutes(root: FastifyInstance, opts: { db: Db }): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;

  app.get(
    '/search',
    {
      schema: {
        tags: ['search'],
        summary:
          'Search in Arabic, French and English over everything you may read: results, a snippet with the match marked, facets',
        querystring: SearchQuery,
        response: answers(SearchPage),
      },
    },
    async (request) => search(db, requireActor(request), request.query),
  );

  const indexer = startIndexer(db, (error) => root.log.error({ err: error }, 'search indexer'));
  root.addHook('onClose', () => indexer.stop());
}
