import { prefixTerm, STOPWORDS, terms, wordSpans } from './normalise.ts';

/**
 * What a user types, as terms the index holds: words (all required), "quoted phrases", a prefix
 * with a trailing `*`, and `-word` to exclude. Every word goes through the same rules as indexed
 * text, so the query's spelling does not matter. The compiled forms for SQLite FTS5 and
 * PostgreSQL tsquery mean exactly the same thing over the same terms, so both databases find the
 * same records.
 */

/** One word or a phrase (terms that must follow each other); `prefix` applies to the last term. */
export interface Atom {
  terms: string[];
  prefix: boolean;
}

interface Clause {
  atom: Atom;
  negated: boolean;
  /** A single unquoted word: may be dropped as a stopword, or joined to its neighbours as an alias. */
  plain: boolean;
}

export interface ParsedQuery {
  clauses: Clause[];
}

/** Each entry holds if any of its atoms matches (a word, or the spellings of a name). */
export type Alternatives = Atom[];

export interface SearchExpression {
  all: Alternatives[];
  none: Atom[];
}

const MAX_CLAUSES = 12;
const MAX_PHRASE = 12;
/** Aliases are looked up for runs of up to this many words ("Islamic State West Africa Province"). */
const MAX_ALIAS_WORDS = 6;
const CHUNK = /(-?)"([^"]*)"?|(\S+)/g;

function atomOf(text: string, prefix: boolean): Atom | null {
  if (!prefix) {
    const t = terms(text).slice(0, MAX_PHRASE);
    return t.length ? { terms: t, prefix: false } : null;
  }
  const spans = wordSpans(text);
  const last = spans[spans.length - 1];
  if (!last) return null;
  const head = spans.slice(0, -1).flatMap((s) => s.terms);
  const tail = prefixTerm(text.slice(last.start, last.end));
  // A one-letter prefix would match a large part of the index: take the word as written.
  if (tail.length < 2) return atomOf(text, false);
  return { terms: [...head, tail].slice(-MAX_PHRASE), prefix: true };
}

/** Parses a query; the result may have no positive clause (the caller says so to the user). */
export function parseQuery(q: string): ParsedQuery {
  const text = q.replace(/[«»“”„]/g, '"');
  const clauses: Clause[] = [];
  for (const m of text.matchAll(CHUNK)) {
    if (clauses.length >= MAX_CLAUSES) break;
    const quoted = m[2];
    let word = m[3];
    let negated = m[1] === '-';
    if (quoted === undefined && word !== undefined && word.length > 1 && word.startsWith('-')) {
      negated = true;
      word = word.slice(1);
    }
    const prefix = word !== undefined && /\*+$/.test(word);
    const atom = atomOf(quoted ?? word!.replace(/\*+$/, ''), quoted === undefined && prefix);
    if (!atom) continue;
    clauses.push({
      atom,
      negated,
      plain: quoted === undefined && !atom.prefix && atom.terms.length === 1,
    });
  }
  const positives = clauses.filter((c) => !c.negated);
  const content = positives.filter((c) => !(c.plain && STOPWORDS.has(c.atom.terms[0]!)));
  // Stopwords are not required, unless the query has nothing else.
  if (content.length > 0 && content.length < positives.length)
    return { clauses: clauses.filter((c) => c.negated || content.includes(c)) };
  return { clauses };
}

export function hasPositive(query: ParsedQuery): boolean {
  return query.clauses.some((c) => !c.negated);
}

const key = (t: string[]) => t.join(' ');

/** The word runs and phrases of a query that an alias (a name's other spelling) could replace. */
export function aliasCandidates(query: ParsedQuery): string[] {
  const out = new Set<string>();
  const positives = query.clauses.filter((c) => !c.negated);
  positives.forEach((c, i) => {
    if (!c.plain) {
      if (!c.atom.prefix) out.add(key(c.atom.terms));
      return;
    }
    const run: string[] = [];
    for (let j = i; j < positives.length && run.length < MAX_ALIAS_WORDS; j += 1) {
      const next = positives[j]!;
      if (!next.plain) break;
      run.push(next.atom.terms[0]!);
      out.add(key(run));
    }
  });
  return [...out];
}

/**
 * The expression to search: each positive clause, where a run of words (or a phrase) is a name
 * with other spellings in `aliases` (phrase → its spellings, as term lists), becomes "any of them".
 * The longest run wins, from the left.
 */
export function expressionOf(
  query: ParsedQuery,
  aliases: ReadonlyMap<string, string[][]> = new Map(),
): SearchExpression {
  const positives = query.clauses.filter((c) => !c.negated);
  const all: Alternatives[] = [];
  for (let i = 0; i < positives.length;) {
    const c = positives[i]!;
    let taken = 1;
    let spellings: string[][] | undefined;
    if (c.plain) {
      const run: string[] = [];
      for (let j = i; j < positives.length && run.length < MAX_ALIAS_WORDS; j += 1) {
        if (!positives[j]!.plain) break;
        run.push(positives[j]!.atom.terms[0]!);
        const found = aliases.get(key(run));
        if (found) {
          spellings = found;
          taken = run.length;
        }
      }
    } else if (!c.atom.prefix) {
      spellings = aliases.get(key(c.atom.terms));
    }
    const own: Atom = {
      terms: positives.slice(i, i + taken).flatMap((p) => p.atom.terms),
      prefix: c.atom.prefix,
    };
    const alternatives = [own];
    const seen = new Set([key(own.terms)]);
    for (const s of spellings ?? []) {
      if (seen.has(key(s))) continue;
      seen.add(key(s));
      alternatives.push({ terms: s, prefix: false });
    }
    all.push(alternatives);
    i += taken;
  }
  return { all, none: query.clauses.filter((c) => c.negated).map((c) => c.atom) };
}

// SQLite FTS5 query syntax (https://sqlite.org/fts5.html §3): terms hold only letters and digits,
// so a "string" needs no escaping; `"a b" *` is a phrase whose last term is a prefix.
const fts5Atom = (a: Atom) => `"${a.terms.join(' ')}"${a.prefix ? ' *' : ''}`;
const fts5Any = (alts: Atom[]) =>
  alts.length === 1 ? fts5Atom(alts[0]!) : `(${alts.map(fts5Atom).join(' OR ')})`;

/** The FTS5 MATCH expression; `column` restricts every term to one column (`title`). */
export function toFts5(e: SearchExpression, column?: string): string {
  const required = e.all.map(fts5Any).join(' AND ');
  const body = e.none.length && !column ? `(${required}) NOT ${fts5Any(e.none)}` : required;
  return column ? `{${column}} : (${body})` : body;
}

// PostgreSQL tsquery syntax: 'term', 'pre':* for a prefix, <-> for "followed by", & | ! for
// and, or, not.
const tsAtom = (a: Atom) =>
  a.terms.map((t, i) => `'${t}'${a.prefix && i === a.terms.length - 1 ? ':*' : ''}`).join(' <-> ');
const tsAny = (alts: Atom[]) =>
  alts.length === 1
    ? `( ${tsAtom(alts[0]!)} )`
    : `( ${alts.map((a) => `( ${tsAtom(a)} )`).join(' | ')} )`;

/** The tsquery text; `positiveOnly` leaves out the excluded words (for the title test). */
export function toTsquery(e: SearchExpression, positiveOnly = false): string {
  const required = e.all.map(tsAny).join(' & ');
  if (!e.none.length || positiveOnly) return required;
  return `${required} & !${tsAny(e.none)}`;
}

/** Terms and prefixes to mark in a snippet: every positive term of every alternative. */
export function highlightTerms(e: SearchExpression): { exact: Set<string>; prefixes: string[] } {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const alts of e.all) {
    for (const a of alts) {
      a.terms.forEach((t, i) => {
        if (a.prefix && i === a.terms.length - 1) prefixes.push(t);
        else exact.add(t);
      });
    }
  }
  return { exact, prefixes };
}
