// The search API contract (issue 9): request and response schemas of `GET /api/v1/search`. The
// route validates with them and the OpenAPI document describes them; the web app imports only the
// types (`import type`). Nothing here may import from src/ or web/.
import { Type, type Static } from 'typebox';
import { LocaleSchema, Nullable, TlpSchema } from './common.ts';

export const SEARCH_LIMIT_DEFAULT = 20;
export const SEARCH_LIMIT_MAX = 100;
export const SEARCH_QUERY_MAX = 500;

export const SearchQuery = Type.Object({
  q: Type.String({
    minLength: 1,
    maxLength: SEARCH_QUERY_MAX,
    description:
      'words (all required, any spelling: Arabic variants, accents, plurals), "a phrase", prefix*, -excluded',
  }),
  type: Type.Optional(
    Type.String({
      maxLength: 1000,
      description:
        'result types (STIX types, or meeting, project, need, communique, article-draft), comma-separated',
    }),
  ),
  tlp: Type.Optional(Type.String({ maxLength: 100, description: 'TLP levels, comma-separated' })),
  owner: Type.Optional(
    Type.String({ maxLength: 400, description: 'owner member codes, comma-separated' }),
  ),
  from: Type.Optional(
    Type.String({
      maxLength: 40,
      description: 'records dated on or after: YYYY-MM-DD or RFC 3339',
    }),
  ),
  to: Type.Optional(
    Type.String({
      maxLength: 40,
      description: 'records dated on or before: YYYY-MM-DD or RFC 3339',
    }),
  ),
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: SEARCH_LIMIT_MAX, default: SEARCH_LIMIT_DEFAULT }),
  ),
  cursor: Type.Optional(
    Type.String({ maxLength: 600, description: '`next` of the previous page' }),
  ),
  lang: Type.Optional(LocaleSchema),
});
export type SearchQuery = Static<typeof SearchQuery>;

export const SearchSnippet = Type.Object({
  field: Type.String({ description: 'the property that matched (description, name, notes …)' }),
  lang: Type.Optional(Type.String()),
  parts: Type.Array(
    Type.Object({
      text: Type.String(),
      mark: Type.Optional(Type.Literal(true, { description: 'a matched word' })),
    }),
  ),
});
export type SearchSnippet = Static<typeof SearchSnippet>;

export const SearchHit = Type.Object({
  kind: Type.String({
    description:
      'what the result is: `object` (a STIX object), `meeting`, `project`, `need`, `communique` or `article-draft`',
  }),
  id: Type.String(),
  type: Type.String({
    description:
      'its STIX type, or the kind of record for the others (the `type` facet and filter)',
  }),
  name: Type.String({ description: 'its name, in the requested language where it has one' }),
  lang: Type.Optional(Type.String({ description: 'language of the name' })),
  snippet: Nullable(SearchSnippet),
  tlp: TlpSchema,
  owner: Type.String({ description: 'owner member code' }),
  date: Type.String({ description: 'the date the record is about (publication, event, creation)' }),
});
export type SearchHit = Static<typeof SearchHit>;

export const FacetCount = Type.Object({ value: Type.String(), count: Type.Integer() });
export type FacetCount = Static<typeof FacetCount>;

export const SearchFacets = Type.Object({
  type: Type.Array(FacetCount),
  tlp: Type.Array(FacetCount),
  owner: Type.Array(FacetCount, { description: 'by owner member code' }),
  year: Type.Array(FacetCount),
});
export type SearchFacets = Static<typeof SearchFacets>;

export const SearchPage = Type.Object({
  items: Type.Array(SearchHit),
  next: Nullable(Type.String()),
  total: Type.Optional(
    Type.Integer({ description: 'results you may read, with the filters (first page only)' }),
  ),
  facets: Type.Optional(SearchFacets),
});
export type SearchPage = Static<typeof SearchPage>;
