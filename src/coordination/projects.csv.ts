import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { Contact, OrgInput, Project, ProjectInput } from '../../contract/coordination.ts';

/**
 * The register as CSV (RFC 4180, UTF-8, comma, header row), the same columns out and in, so an
 * export edited in a spreadsheet imports back. Lists inside a cell are separated by `;`.
 */
export const CSV_COLUMNS = [
  'id',
  'title_ar',
  'title_fr',
  'title_en',
  'description_ar',
  'description_fr',
  'description_en',
  'donors',
  'implementers',
  'countries',
  'domains',
  'starts_on',
  'ends_on',
  'status',
  'budget',
  'currency',
  'contacts',
  'audience',
  'tlp',
  'federate',
  'owner',
  'source',
  'iati_identifier',
] as const;
/** Written on export, ignored on import (the server decides them). */
const INFORMATIONAL = new Set(['owner', 'source', 'iati_identifier']);
const KNOWN = new Set<string>(CSV_COLUMNS);
export const REQUIRED_COLUMNS = ['donors', 'countries', 'domains', 'starts_on', 'status'];

export interface CsvRecord {
  line: number;
  values: Record<string, string>;
  /** A problem with the line itself (wrong number of fields). */
  problem?: string;
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number | null,
    message: string,
  ) {
    super(message);
  }
}

/** Spreadsheet formula injection (OWASP "CSV injection"): such cells are written with a leading
 * apostrophe, which the import takes off again. */
const FORMULA = /^[=+\-@\t\r]/;

function cell(value: string): string {
  const safe = FORMULA.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(values: string[]): string {
  return `${values.map(cell).join(',')}\r\n`;
}

const unquoteFormula = (value: string) => (/^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value);

/** The header, checked: unknown columns are refused (a typo would silently drop a column). */
function checkHeader(columns: string[]): void {
  const unknown = columns.filter((c) => !KNOWN.has(c));
  if (unknown.length > 0)
    throw new CsvSyntaxError(
      1,
      `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (known: ${CSV_COLUMNS.join(', ')})`,
    );
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (!columns.some((c) => c.startsWith('title_'))) missing.unshift('title_ar|title_fr|title_en');
  if (missing.length > 0)
    throw new CsvSyntaxError(
      1,
      `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
    );
}

/** Records with the line each starts on, read in chunks so a large file never holds the loop. */
export async function* readCsv(input: string): AsyncGenerator<CsvRecord> {
  // One line ending (spreadsheets write CRLF): csv-parse then counts lines as an editor does.
  const text = input.replace(/\r\n?/g, '\n');
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += 64 * 1024) chunks.push(text.slice(i, i + 64 * 1024));
  const parser = Readable.from(chunks).pipe(
    parse({
      bom: true,
      columns: (header: string[]) => {
        const columns = header.map((h) => h.trim().toLowerCase());
        checkHeader(columns);
        return columns;
      },
      info: true,
      raw: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }),
  );
  try {
    for await (const row of parser as AsyncIterable<{
      record: Record<string, string>;
      raw: string;
      info: { lines: number; error?: { code: string } };
    }>) {
      const body = row.raw.replace(/^\n+/, '').replace(/\n$/, '');
      const line = row.info.lines - (body.match(/\n/g)?.length ?? 0);
      const values: Record<string, string> = {};
      for (const [key, value] of Object.entries(row.record)) {
        if (!INFORMATIONAL.has(key)) values[key] = unquoteFormula(value.trim());
      }
      yield {
        line,
        values,
        ...(row.info.error
          ? {
              problem: `${Object.keys(row.record).length} fields where the header has more or fewer`,
            }
          : {}),
      };
    }
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw error;
    const e = error as { lines?: number; message?: string };
    throw new CsvSyntaxError(e.lines ?? null, e.message ?? String(error));
  }
}

const split = (value: string | undefined) =>
  (value ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);

/** `US; IT; European Union`: member codes, or organisation names. */
function orgs(value: string | undefined, isMemberCode: (code: string) => boolean): OrgInput[] {
  return split(value).map((token) =>
    isMemberCode(token) ? { member: token.toUpperCase() } : { name: token },
  );
}

/** `A. Diallo | Ministère de la Justice | a.diallo@example.org | +227 20 00 00 00` */
function contacts(value: string | undefined): Contact[] {
  return split(value).map((entry) => {
    const [name = '', organisation, email, phone] = entry.split('|').map((s) => s.trim());
    return {
      name,
      ...(organisation ? { organisation } : {}),
      ...(email ? { email } : {}),
      ...(phone ? { phone } : {}),
    };
  });
}

export interface CsvRowProblem {
  field: string;
  message: string;
}

/** One CSV row as the API's project input; sharing columns are returned as written. */
export function rowToInput(
  values: Record<string, string>,
  lookup: {
    isMemberCode: (code: string) => boolean;
    domainKey: (text: string) => string | undefined;
  },
):
  | {
      input: Omit<ProjectInput, 'audience' | 'tlp' | 'federate'>;
      sharing: { audience?: string; tlp?: string; federate?: string };
      id?: string;
    }
  | CsvRowProblem {
  const domains: string[] = [];
  for (const token of split(values.domains)) {
    const key = lookup.domainKey(token);
    if (!key) return { field: 'domains', message: `unknown domain "${token}"` };
    domains.push(key);
  }
  const countries = split(values.countries).map((token) => {
    const [country = '', ...admin] = token.split(':');
    return { country: country.trim(), admin1: admin.join(':').trim() || null };
  });
  let budget: number | null = null;
  if (values.budget) {
    const normalised = values.budget.replace(/[\s_\u00a0\u202f]/g, '');
    if (!/^\d+(\.\d+)?$/.test(normalised))
      return {
        field: 'budget',
        message: `"${values.budget}" is not an amount such as 1250000 or 1250000.50`,
      };
    budget = Number(normalised);
  }
  const status = (values.status ?? '').toLowerCase();
  return {
    id: values.id || undefined,
    input: {
      title: { ar: values.title_ar, fr: values.title_fr, en: values.title_en },
      description: {
        ar: values.description_ar,
        fr: values.description_fr,
        en: values.description_en,
      },
      donors: orgs(values.donors, lookup.isMemberCode),
      implementers: orgs(values.implementers, lookup.isMemberCode),
      countries,
      domains,
      starts_on: values.starts_on ?? '',
      ends_on: values.ends_on || null,
      status: status as ProjectInput['status'],
      budget,
      currency: values.currency || null,
      contacts: contacts(values.contacts),
    },
    sharing: {
      audience: values.audience || undefined,
      tlp: values.tlp?.toLowerCase() || undefined,
      federate: values.federate || undefined,
    },
  };
}

function audienceText(audience: Project['audience']): string {
  return typeof audience === 'object' ? `recipients:${audience.recipients.join(',')}` : audience;
}

/** One project as a CSV row (columns in `CSV_COLUMNS` order). */
export function projectToRow(p: Project): string[] {
  const org = (x: Project['parties'][number]) => x.member ?? x.name ?? x.ref ?? '';
  return [
    p.id,
    p.title.ar,
    p.title.fr,
    p.title.en,
    p.description.ar,
    p.description.fr,
    p.description.en,
    p.parties
      .filter((x) => x.role === 'funding')
      .map(org)
      .join('; '),
    p.parties
      .filter((x) => x.role === 'implementing')
      .map(org)
      .join('; '),
    p.countries.map((c) => (c.admin1 ? `${c.country}:${c.admin1}` : c.country)).join('; '),
    p.domains.join('; '),
    p.starts_on,
    p.ends_on ?? '',
    p.status,
    p.budget === null ? '' : String(p.budget),
    p.currency ?? '',
    p.contacts
      .map((c) =>
        [c.name, c.organisation ?? '', c.email ?? '', c.phone ?? '']
          .join(' | ')
          .replace(/( \| )+$/, ''),
      )
      .join('; '),
    audienceText(p.audience),
    p.tlp,
    p.federate ? 'true' : 'false',
    p.owner,
    p.source,
    p.iati_identifier ?? '',
  ];
}
