import type { SearchFacets, SearchHit, SearchPage, SearchQuery } from '../../contract/search.ts';
import type { Db } from '../db/index.ts';
import type { Locale, MembersTable } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { listMembers } from '../members/members.repository.ts';
import { userById } from '../members/users.repository.ts';
import { readerOf, type Actor } from '../policy/viewer.ts';
import { TLP_LEVELS } from '../stix/tlp.ts';
import type { SearchableText } from './extract.ts';
import { resultKind, searchKind } from './kinds.ts';
import { terms } from './normalise.ts';
import {
  aliasCandidates,
  expressionOf,
  hasPositive,
  highlightTerms,
  parseQuery,
  type ParsedQuery,
} from './query.ts';
import { catchUp } from './search.index.ts';
import {
  docsById,
  searchFacets,
  searchPage,
  visibleSpellings,
  type Cursor,
  type FacetRow,
  type ResultRow,
  type SearchFilter,
} from './search.repository.ts';
import { buildSnippet } from './snippet.ts';

const LOCALES: readonly Locale[] = ['ar', 'fr', 'en'];
const TYPE_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function list(value: string | undefined): string[] {
  return [
    ...new Set(
      (value ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

/** A date bound: a day (whole day included) or an RFC 3339 instant. */
function bound(value: string | undefined, field: 'from' | 'to'): string | undefined {
  if (value === undefined || value === '') return undefined;
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const ms = Date.parse(day ? `${value}T00:00:00Z` : value);
  const ok = !Number.isNaN(ms) && (day || RFC3339.test(value));
  if (!ok || (day && new Date(ms).toISOString().slice(0, 10) !== value))
    throw new AppError(
      400,
      'validation',
      `${field}: use a date (YYYY-MM-DD) or an RFC 3339 timestamp`,
      field,
    );
  return new Date(day && field === 'to' ? ms + 86_400_000 - 1 : ms).toISOString();
}

function toFilter(q: SearchQuery, members: MembersTable[]): SearchFilter {
  const types = list(q.type);
  if (types.length > 40) throw new AppError(400, 'validation', 'type: at most 40 types', 'type');
  const badType = types.find((t) => !TYPE_NAME.test(t));
  if (badType)
    throw new AppError(400, 'validation', `type: "${badType}" is not a type name`, 'type');
  const tlps = list(q.tlp);
  const badTlp = tlps.find((t) => !(TLP_LEVELS as readonly string[]).includes(t));
  if (badTlp)
    throw new AppError(
      400,
      'validation',
      `tlp: unknown level "${badTlp}" (use ${TLP_LEVELS.join(', ')})`,
      'tlp',
    );
  const byCode = new Map(members.map((m) => [m.code, m.id]));
  const owners = list(q.owner).map((code) => {
    const id = byCode.get(code.toUpperCase());
    if (!id) throw new AppError(400, 'unknown_member', `owner: no member ${code}`, 'owner');
    return id;
  });
  const from = bound(q.from, 'from');
  const to = bound(q.to, 'to');
  if (from && to && from > to) throw new AppError(400, 'validation', 'to: comes before from', 'to');
  return {
    ...(types.length ? { types } : {}),
    ...(tlps.length ? { tlps } : {}),
    ...(owners.length ? { ownerIds: owners } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}

function encodeCursor(r: ResultRow): string {
  return Buffer.from(JSON.stringify([r.tier, r.at, r.found, r.id])).toString('base64url');
}

function decodeCursor(value: string): Cursor {
  const fail = () =>
    new AppError(400, 'validation', 'cursor: not a cursor this server issued', 'cursor');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString());
  } catch {
    throw fail();
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) throw fail();
  const [tier, at, found, id] = parsed as unknown[];
  if (
    (tier !== 0 && tier !== 1) ||
    typeof at !== 'string' ||
    typeof found !== 'string' ||
    typeof id !== 'string'
  )
    throw fail();
  return { tier, at, found, id };
}

/**
 * Other spellings of the names a query contains, from the names the reader may read (aliases of
 * groups, translated names of places) and the members' names in three languages.
 */
async function spellings(
  db: Db,
  actor: Actor,
  query: ParsedQuery,
  members: MembersTable[],
): Promise<Map<string, string[][]>> {
  const candidates = aliasCandidates(query);
  const sets = new Map<string, Set<string>>();
  const add = (key: string, phrase: string) => {
    if (!phrase) return;
    const set = sets.get(key) ?? new Set<string>();
    set.add(phrase);
    sets.set(key, set);
  };
  for (const row of await visibleSpellings(db, readerOf(actor), candidates))
    add(row.set_key, row.phrase);
  for (const m of members)
    for (const name of [m.name_ar, m.name_fr, m.name_en])
      add(`member:${m.code}`, terms(name).join(' '));
  const out = new Map<string, string[][]>();
  for (const candidate of candidates) {
    const phrases = new Set<string>();
    for (const set of sets.values()) if (set.has(candidate)) for (const p of set) phrases.add(p);
    if (phrases.size > 1)
      out.set(
        candidate,
        [...phrases].map((p) => p.split(' ')),
      );
  }
  return out;
}

function facetsOf(
  rows: FacetRow[],
  members: MembersTable[],
): { total: number; facets: SearchFacets } {
  const codes = new Map(members.map((m) => [m.id, m.code]));
  const facets: SearchFacets = { type: [], tlp: [], owner: [], year: [] };
  let total = 0;
  for (const r of rows) {
    if (r.facet === 'total') total = r.n;
    else
      facets[r.facet].push({
        value: r.facet === 'owner' ? (codes.get(r.value) ?? r.value) : r.value,
        count: r.n,
      });
  }
  for (const f of Object.values(facets))
    f.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
  facets.year.sort((a, b) => (a.value < b.value ? 1 : -1));
  return { total, facets };
}

/** The snippets of a page: the matched documents' text, read back by their kinds. */
async function snippets(
  db: Db,
  rows: ResultRow[],
  highlight: ReturnType<typeof highlightTerms>,
  locale: Locale,
): Promise<Map<string, SearchHit['snippet']>> {
  const ids = rows.flatMap((r) => r.docs.split(',').map(Number));
  const docs = await docsById(db, ids);
  const keysByKind = new Map<string, string[]>();
  for (const d of docs) keysByKind.set(d.kind, [...(keysByKind.get(d.kind) ?? []), d.record_key]);
  const texts = new Map<string, SearchableText>();
  for (const [kind, keys] of keysByKind) {
    const k = searchKind(kind);
    if (!k) continue;
    for (const [key, text] of await k.texts(db, keys)) texts.set(`${kind}:${key}`, text);
  }
  const docText = new Map(docs.map((d) => [d.doc_id, texts.get(`${d.kind}:${d.record_key}`)]));
  const out = new Map<string, SearchHit['snippet']>();
  for (const r of rows) {
    const mine = r.docs
      .split(',')
      .map((id) => docText.get(Number(id)))
      .filter((t): t is SearchableText => t !== undefined);
    out.set(`${r.found}:${r.id}`, buildSnippet(mine, highlight, locale));
  }
  return out;
}

/**
 * Search what the actor may read. Everything the answer holds — results, total, facets,
 * snippets, names — comes from rows the policy-bound query returned.
 */
export async function search(db: Db, actor: Actor, q: SearchQuery): Promise<SearchPage> {
  const parsed = parseQuery(q.q);
  if (!hasPositive(parsed))
    throw new AppError(400, 'validation', 'q: give at least one word to look for', 'q');
  const members = await listMembers(db);
  const filter = toFilter(q, members);
  const after = q.cursor ? decodeCursor(q.cursor) : undefined;
  const limit = q.limit ?? 20;
  const user = q.lang ? undefined : await userById(db, actor.userId);
  const locale: Locale = q.lang ?? (user && LOCALES.includes(user.locale) ? user.locale : 'en');

  await catchUp(db);
  const reader = readerOf(actor);
  const expression = expressionOf(parsed, await spellings(db, actor, parsed, members));
  const rows = await searchPage(db, reader, expression, filter, limit + 1, after);
  const page = rows.slice(0, limit);
  const counted = after
    ? undefined
    : facetsOf(await searchFacets(db, reader, expression, filter), members);

  const snippet = await snippets(db, page, highlightTerms(expression), locale);
  const names = new Map<string, { name: string; lang?: string }>();
  for (const found of new Set(page.map((r) => r.found))) {
    const kind = resultKind(found);
    if (!kind) continue;
    const mine = page.filter((r) => r.found === found);
    for (const [id, presented] of await kind.present(db, actor, mine, locale))
      names.set(`${found}:${id}`, presented);
  }
  const codes = new Map(members.map((m) => [m.id, m.code]));
  const items: SearchHit[] = page.map((r) => {
    const presented = names.get(`${r.found}:${r.id}`);
    return {
      kind: r.found,
      id: r.id,
      type: r.type,
      name: presented?.name ?? r.id,
      ...(presented?.lang ? { lang: presented.lang } : {}),
      snippet: snippet.get(`${r.found}:${r.id}`) ?? null,
      tlp: r.tlp as SearchHit['tlp'],
      owner: codes.get(r.owner_id) ?? r.owner_id,
      date: r.at,
    };
  });
  return {
    items,
    next: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null,
    ...(counted ? { total: counted.total, facets: counted.facets } : {}),
  };
}
