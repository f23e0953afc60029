import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { normaliseSectorVocabulary } from './iati.sectors.ts';

/**
 * Reads IATI Activity Standard 2.0x files (and tolerates 1.0x spellings) activity by activity, so
 * one unreadable activity is reported by its identifier instead of failing the file, and a large
 * file never holds the event loop: the text is cut at `<iati-activity>` boundaries and each
 * activity is parsed on its own, yielding between batches. Files that concatenate several
 * `<iati-activities>` roots of different versions are read root by root.
 */

type Node = Record<string, unknown>;

/** Elements that may repeat: always read as lists, whatever one file happens to contain. */
const REPEATED = new Set([
  'narrative',
  'title',
  'description',
  'participating-org',
  'activity-date',
  'contact-info',
  'recipient-country',
  'recipient-region',
  'sector',
  'budget',
  'transaction',
  'telephone',
  'email',
  'person-name',
  'organisation',
  'tansiq:admin1',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (name) => REPEATED.has(name),
});

export type Narratives = Record<string, string>;

export interface IatiOrg {
  role: string;
  ref: string | null;
  type: string | null;
  names: Narratives;
}

export interface IatiSector {
  vocabulary: string;
  code: string;
  percentage: number | null;
  narrative: string | null;
  vocabularyUri: string | null;
}

export interface IatiActivity {
  identifier: string;
  /** Line of `<iati-activity>` in the file. */
  line: number;
  version: string | null;
  titles: Narratives;
  descriptions: Narratives;
  reportingOrg: { ref: string | null; names: Narratives } | null;
  orgs: IatiOrg[];
  status: string | null;
  dates: { type: string; iso: string }[];
  contacts: {
    name: string | null;
    organisation: string | null;
    email: string | null;
    phone: string | null;
  }[];
  countries: { code: string; percentage: number | null }[];
  regions: { code: string; vocabulary: string; percentage: number | null }[];
  /** Subdivisions by country, from Tansiq's own export (`tansiq:admin1`). */
  admin1: Record<string, string>;
  sectors: IatiSector[];
  budgets: {
    type: string;
    status: string;
    start: string | null;
    end: string | null;
    value: number;
    currency: string | null;
  }[];
  transactions: {
    type: string;
    value: number;
    currency: string | null;
    sectors: IatiSector[];
    countries: { code: string; percentage: number | null }[];
    regions: { code: string; vocabulary: string; percentage: number | null }[];
  }[];
  defaultCurrency: string | null;
}

export type ActivityOutcome =
  | { ok: true; activity: IatiActivity }
  | { ok: false; identifier: string | null; line: number; message: string };

const list = (value: unknown): Node[] =>
  (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).map((v) =>
    typeof v === 'object' && v !== null ? (v as Node) : { '#text': String(v) },
  );
const one = (value: unknown): Node | undefined => list(value)[0];
const attr = (node: Node | undefined, name: string): string | null => {
  const value = node?.[`@${name}`];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
};
const text = (node: Node | undefined): string | null => {
  const value = node?.['#text'];
  return typeof value === 'string' && value.trim() !== ''
    ? value.trim()
    : typeof value === 'number'
      ? String(value)
      : null;
};
const number = (value: string | null): number | null => {
  if (value === null) return null;
  const n = Number(value.replace(/[\s,]/g, ''));
  return Number.isFinite(n) ? n : null;
};
const isoDate = (value: string | null): string | null => {
  const match = value?.match(/^\d{4}-\d{2}-\d{2}/);
  return match ? match[0] : null;
};

/** `en`, `EN`, `fr-FR` → a two-letter language code. */
function langOf(value: string | null, fallback: string): string {
  return (value ?? fallback).slice(0, 2).toLowerCase();
}

/** Narratives by language; 1.0x put the text right in the element, with its own xml:lang. */
function narratives(nodes: Node[], defaultLang: string): Narratives {
  const out: Narratives = {};
  for (const node of nodes) {
    const own = list(node.narrative);
    if (own.length === 0) {
      const value = text(node);
      const lang = langOf(attr(node, 'xml:lang'), defaultLang);
      if (value && !out[lang]) out[lang] = value;
      continue;
    }
    for (const n of own) {
      const value = text(n);
      const lang = langOf(attr(n, 'xml:lang'), defaultLang);
      if (value && !out[lang]) out[lang] = value;
    }
  }
  return out;
}

function firstNarrative(nodes: Node[], lang: string): string | null {
  const all = narratives(nodes, lang);
  return all.en ?? all.fr ?? all.ar ?? Object.values(all)[0] ?? null;
}

function sectors(nodes: Node[], lang: string): IatiSector[] {
  return nodes
    .map((node) => ({
      vocabulary: normaliseSectorVocabulary(attr(node, 'vocabulary') ?? undefined),
      code: attr(node, 'code') ?? '',
      percentage: number(attr(node, 'percentage')),
      narrative: firstNarrative([node], lang),
      vocabularyUri: attr(node, 'vocabulary-uri'),
    }))
    .filter((s) => s.code !== '');
}

function countries(nodes: Node[]) {
  return nodes
    .map((node) => ({
      code: (attr(node, 'code') ?? '').toUpperCase(),
      percentage: number(attr(node, 'percentage')),
    }))
    .filter((c) => c.code !== '');
}

function regions(nodes: Node[]) {
  return nodes
    .map((node) => ({
      code: attr(node, 'code') ?? '',
      vocabulary: attr(node, 'vocabulary') ?? '1',
      percentage: number(attr(node, 'percentage')),
    }))
    .filter((r) => r.code !== '');
}

/** One `<iati-activity>` element, already parsed, into our neutral reading of it. */
function readActivity(node: Node, line: number, root: RootInfo): IatiActivity {
  const lang = langOf(attr(node, 'xml:lang'), root.lang);
  const identifier = text(one(node['iati-identifier']));
  if (!identifier) throw new Error('no iati-identifier');
  const defaultCurrency = attr(node, 'default-currency');
  const reporting = one(node['reporting-org']);
  return {
    identifier,
    line,
    version: attr(node, 'version') ?? root.version,
    titles: narratives(list(node.title), lang),
    descriptions: (() => {
      const all = list(node.description);
      const general = all.filter((d) => (attr(d, 'type') ?? '1') === '1');
      return narratives(general.length ? general : all, lang);
    })(),
    reportingOrg: reporting
      ? { ref: attr(reporting, 'ref'), names: narratives([reporting], lang) }
      : null,
    orgs: list(node['participating-org']).map((org) => ({
      role: attr(org, 'role') ?? '',
      ref: attr(org, 'ref'),
      type: attr(org, 'type'),
      names: narratives([org], lang),
    })),
    status: attr(one(node['activity-status']), 'code'),
    dates: list(node['activity-date'])
      .map((d) => ({ type: attr(d, 'type') ?? '', iso: isoDate(attr(d, 'iso-date')) ?? '' }))
      .filter((d) => d.iso !== ''),
    contacts: list(node['contact-info']).map((c) => ({
      name: firstNarrative(list(c['person-name']), lang),
      organisation: firstNarrative(list(c.organisation), lang),
      email: text(one(c.email)),
      phone: text(one(c.telephone)),
    })),
    countries: countries(list(node['recipient-country'])),
    regions: regions(list(node['recipient-region'])),
    admin1: Object.fromEntries(
      list(node['tansiq:admin1'])
        .map((a) => [attr(a, 'country')?.toUpperCase() ?? '', text(a) ?? ''])
        .filter(([country, name]) => country && name),
    ),
    sectors: sectors(list(node.sector), lang),
    budgets: list(node.budget).flatMap((b) => {
      const valueNode = one(b.value);
      const value = number(text(valueNode));
      if (value === null) return [];
      return [
        {
          type: attr(b, 'type') ?? '1',
          status: attr(b, 'status') ?? '1',
          start: isoDate(attr(one(b['period-start']), 'iso-date')),
          end: isoDate(attr(one(b['period-end']), 'iso-date')),
          value,
          currency: attr(valueNode, 'currency') ?? defaultCurrency,
        },
      ];
    }),
    transactions: list(node.transaction).flatMap((t) => {
      const valueNode = one(t.value);
      const value = number(text(valueNode));
      return [
        {
          type: attr(one(t['transaction-type']), 'code') ?? '',
          value: value ?? 0,
          currency: attr(valueNode, 'currency') ?? defaultCurrency,
          sectors: sectors(list(t.sector), lang),
          countries: countries(list(t['recipient-country'])),
          regions: regions(list(t['recipient-region'])),
        },
      ];
    }),
    defaultCurrency,
  };
}

interface RootInfo {
  version: string | null;
  lang: string;
}

/** Comments may hold anything, even markup: blank them out, keeping line numbers. */
function withoutComments(xml: string): string {
  return xml.replace(/<!--[\s\S]*?-->/g, (comment) => comment.replace(/[^\n]/g, ' '));
}

const PIECES =
  /<iati-activities\b[^>]*>|<iati-activity\b[^>]*\/>|<iati-activity\b[\s\S]*?<\/iati-activity\s*>/g;

export class NotIatiError extends Error {}

/**
 * Every activity of an IATI file, in order, each read or reported. Throws `NotIatiError` when the
 * text holds no `<iati-activities>` root at all.
 */
export async function* readIati(xml: string, batch = 50): AsyncGenerator<ActivityOutcome> {
  const source = withoutComments(xml);
  let root: RootInfo | null = null;
  let lineAt = 0;
  let line = 1;
  let count = 0;
  for (const match of source.matchAll(PIECES)) {
    const piece = match[0];
    // Lines are counted incrementally: the file is read once, whatever its size.
    for (let i = lineAt; i < match.index; i += 1) if (source.charCodeAt(i) === 10) line += 1;
    lineAt = match.index;
    if (piece.startsWith('<iati-activities')) {
      const head = parser.parse(`${piece.replace(/\/?>$/, '')}/>`) as Node;
      const node = one(head['iati-activities']);
      root = { version: attr(node, 'version'), lang: langOf(attr(node, 'xml:lang'), 'en') };
      continue;
    }
    if (!root) throw new NotIatiError('no <iati-activities> element before the first activity');
    count += 1;
    if (count % batch === 0) await yieldToLoop();
    const identifier =
      piece.match(/<iati-identifier\b[^>]*>\s*([^<]*?)\s*<\/iati-identifier>/)?.[1] || null;
    const valid = XMLValidator.validate(piece);
    if (valid !== true) {
      yield {
        ok: false,
        identifier,
        line: line + valid.err.line - 1,
        message: `not well-formed XML: ${valid.err.msg}`,
      };
      continue;
    }
    try {
      const parsed = parser.parse(piece) as Node;
      yield { ok: true, activity: readActivity(one(parsed['iati-activity']) ?? {}, line, root) };
    } catch (error) {
      yield {
        ok: false,
        identifier,
        line,
        message: error instanceof Error ? error.message : String(error),
      };
    }
  }
  if (!root)
    throw new NotIatiError('this is not an IATI activities file: no <iati-activities> element');
}
