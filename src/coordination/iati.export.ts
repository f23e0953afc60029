import { XMLBuilder } from 'fast-xml-parser';
import type { Domain, Project, Texts } from '../../contract/coordination.ts';
import type { MembersTable } from '../db/schema.ts';
import { DOMAIN_VOCABULARY_URI } from './iati.sectors.ts';
import { LANGS } from './texts.ts';

/**
 * The register as an IATI Activity Standard 2.03 file (schema iati-activities-schema.xsd): the
 * elements each activity needs, in the schema's order, and the handling our records carry (TLP,
 * audience) in an extension element of our own namespace, which the standard allows at the end
 * of an activity. Imported activities keep their identifier, reporting organisation and sectors.
 */
export const TANSIQ_NS = 'urn:tansiq:iati:1';

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
  // `exercise="true"` is an attribute with a value, not an HTML-style boolean attribute.
  suppressBooleanAttributes: false,
});

const STATUS_CODES: Record<Project['status'], string> = {
  pipeline: '1',
  active: '2',
  completed: '4',
  cancelled: '5',
  suspended: '6',
};
const ROLE_CODES = { funding: '1', accountable: '2', extending: '3', implementing: '4' } as const;

/** Characters XML 1.0 cannot carry at all (C0 controls but tab, line feed, carriage return). */
// eslint-disable-next-line no-control-regex -- matching the controls is the point
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const clean = (value: string) => value.replace(NOT_XML, '');

function narratives(texts: Partial<Texts>) {
  return LANGS.filter((l) => texts[l]?.trim()).map((l) => ({
    '@xml:lang': l,
    '#text': clean(texts[l]!),
  }));
}

/** An xsd:decimal (never exponent notation). */
const decimal = (n: number) => n.toFixed(2).replace(/\.?0+$/, '');

export interface ExportContext {
  members: Map<string, MembersTable>;
  domains: Map<string, Domain>;
}

const memberNames = (m: MembersTable | undefined, fallback: string): Partial<Texts> =>
  m ? { ar: m.name_ar, fr: m.name_fr, en: m.name_en } : { en: fallback };

/** Our local identifier for a member as an organisation (it has no IATI registration here). */
export const orgRef = (code: string) => `TANSIQ-${code}`;

function activity(p: Project, ctx: ExportContext) {
  const owner = ctx.members.get(p.owner);
  const reporting = p.reporting_org
    ? {
        '@ref': p.reporting_org.ref ?? orgRef(p.owner),
        '@type': '10',
        narrative: narratives({ en: p.reporting_org.name ?? p.reporting_org.ref ?? p.owner }),
      }
    : {
        '@ref': orgRef(p.owner),
        '@type': owner?.kind === 'organisation' ? '40' : '10',
        narrative: narratives(memberNames(owner, p.owner)),
      };
  const description = narratives(p.description).length ? p.description : p.title;
  const started = p.status !== 'pipeline';
  const finished = p.status === 'completed' || p.status === 'cancelled';
  const sectors = p.sectors.map((s) => ({
    '@vocabulary': s.vocabulary,
    '@code': s.code,
    ...(s.percentage !== null ? { '@percentage': decimal(s.percentage) } : {}),
    ...(s.narrative ? { narrative: narratives({ en: s.narrative }) } : {}),
  }));
  // Our domains as a publisher vocabulary (99, or 98 when the publisher's own 99 is kept).
  const ours = p.sectors.some((s) => s.vocabulary === '99') ? '98' : '99';
  const share = p.domains.length > 1 ? Math.floor(10_000 / p.domains.length) / 100 : null;
  p.domains.forEach((key, i) => {
    const domain = ctx.domains.get(key);
    const percentage =
      share === null
        ? null
        : i === p.domains.length - 1
          ? 100 - share * (p.domains.length - 1)
          : share;
    sectors.push({
      '@vocabulary': ours,
      '@vocabulary-uri': DOMAIN_VOCABULARY_URI,
      '@code': key,
      ...(percentage !== null ? { '@percentage': decimal(percentage) } : {}),
      narrative: narratives(domain?.names ?? { en: key }),
    } as (typeof sectors)[number]);
  });
  return {
    '@xml:lang': 'en',
    '@last-updated-datetime': p.updated_at.replace(/\.\d+Z$/, 'Z'),
    ...(p.currency ? { '@default-currency': p.currency } : {}),
    'iati-identifier': clean(p.iati_identifier ?? `${orgRef(p.owner)}-${p.id}`),
    'reporting-org': reporting,
    title: { narrative: narratives(p.title) },
    description: { '@type': '1', narrative: narratives(description) },
    'participating-org': p.parties.map((party) => ({
      ...(party.ref ? { '@ref': party.ref } : party.member ? { '@ref': orgRef(party.member) } : {}),
      '@role': ROLE_CODES[party.role],
      narrative: narratives(
        party.member
          ? memberNames(ctx.members.get(party.member), party.member)
          : { en: party.name ?? party.ref ?? '' },
      ),
    })),
    'activity-status': { '@code': STATUS_CODES[p.status] },
    'activity-date': [
      { '@iso-date': p.starts_on, '@type': started ? '2' : '1' },
      ...(p.ends_on ? [{ '@iso-date': p.ends_on, '@type': finished ? '4' : '3' }] : []),
    ],
    'contact-info': p.contacts.map((c) => ({
      '@type': '1',
      ...(c.organisation
        ? { organisation: { narrative: narratives({ en: c.organisation }) } }
        : {}),
      ...(c.name ? { 'person-name': { narrative: narratives({ en: c.name }) } } : {}),
      ...(c.phone ? { telephone: clean(c.phone) } : {}),
      ...(c.email ? { email: clean(c.email) } : {}),
    })),
    'recipient-country': p.countries.map((c) => ({
      '@code': c.country,
      ...(c.percentage !== null ? { '@percentage': decimal(c.percentage) } : {}),
    })),
    'recipient-region': p.regions.map((r) => ({
      '@code': r.code,
      '@vocabulary': r.vocabulary,
      ...(r.percentage !== null ? { '@percentage': decimal(r.percentage) } : {}),
    })),
    sector: sectors,
    // IATI budgets need a period: one for the whole project when it has an end date.
    ...(p.budget !== null && p.currency && p.ends_on
      ? {
          budget: {
            '@type': '1',
            '@status': p.status === 'pipeline' ? '1' : '2',
            'period-start': { '@iso-date': p.starts_on },
            'period-end': { '@iso-date': p.ends_on },
            value: {
              '@currency': p.currency,
              '@value-date': p.starts_on,
              '#text': decimal(p.budget),
            },
          },
        }
      : {}),
    'tansiq:sharing': {
      '@owner': p.owner,
      '@tlp': p.tlp,
      '@audience':
        typeof p.audience === 'object'
          ? `recipients:${p.audience.recipients.join(',')}`
          : p.audience,
      '@federate': p.federate ? 'true' : 'false',
      ...(p.exercise ? { '@exercise': 'true' } : {}),
    },
    // IATI has no place for a first-level subdivision without a gazetteer code: ours, by name.
    'tansiq:admin1': p.countries
      .filter((c) => c.admin1)
      .map((c) => ({ '@country': c.country, '#text': clean(c.admin1!) })),
  };
}

export function iatiHeader(generated: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03" generated-datetime="${generated}" xmlns:tansiq="${TANSIQ_NS}">\n`;
}

export const IATI_FOOTER = '</iati-activities>\n';

/** Activities as XML text, indented inside the root. */
export function iatiActivities(projects: Project[], ctx: ExportContext): string {
  return builder
    .build({ 'iati-activity': projects.map((p) => activity(p, ctx)) })
    .split('\n')
    .map((line: string) => (line ? `  ${line}` : line))
    .join('\n');
}
