import type { Contact } from '../../contract/coordination.ts';
import type { MembersTable } from '../db/schema.ts';
import type { IatiActivity, IatiOrg, IatiSector, Narratives } from './iati.parse.ts';
import { DOMAIN_VOCABULARY_URI, domainsOfSector } from './iati.sectors.ts';
import type { ProjectParts } from './projects.repository.ts';
import type { PartyRole, ProjectsTable, ProjectStatus } from './projects.table.ts';
import { isCountry, isDay, type MemberIndex } from './validate.ts';

/**
 * An IATI activity as a register entry. IATI codelists: OrganisationRole (1 funding,
 * 2 accountable, 3 extending, 4 implementing), ActivityDateType (1 planned start, 2 actual start,
 * 3 planned end, 4 actual end), ActivityStatus (1 pipeline … 6 suspended), BudgetType (1 original,
 * 2 revised), TransactionType (2 outgoing commitment). 1.0x words are read as their codes.
 */

const ROLES: Record<string, PartyRole> = {
  '1': 'funding',
  funding: 'funding',
  '2': 'accountable',
  accountable: 'accountable',
  '3': 'extending',
  extending: 'extending',
  '4': 'implementing',
  implementing: 'implementing',
};

const DATE_TYPES: Record<string, 'start-planned' | 'start-actual' | 'end-planned' | 'end-actual'> =
  {
    '1': 'start-planned',
    'start-planned': 'start-planned',
    '2': 'start-actual',
    'start-actual': 'start-actual',
    '3': 'end-planned',
    'end-planned': 'end-planned',
    '4': 'end-actual',
    'end-actual': 'end-actual',
  };

const STATUSES: Record<string, ProjectStatus> = {
  '1': 'pipeline',
  '2': 'active',
  '3': 'completed', // finalisation: the work is done, the accounts are being closed
  '4': 'completed',
  '5': 'cancelled',
  '6': 'suspended',
};

/** OECD DAC donor codes (organisation identifiers `XM-DAC-<code>`) of states on this instance. */
const DAC_DONORS: Record<string, string> = {
  '4': 'FR',
  '5': 'DE',
  '6': 'IT',
  '301': 'CA',
  '302': 'US',
  '12': 'GB',
  '566': 'SA',
  '576': 'AE',
};

/** Which member of this instance an IATI organisation is, if any: by a government identifier
 * (`US-GOV-1`, `XM-DAC-6-4`) or by name. */
export function memberOfOrg(
  org: { ref: string | null; names: Narratives },
  members: MemberIndex,
): MembersTable | undefined {
  const ref = org.ref?.toUpperCase() ?? '';
  const gov =
    ref.match(/^([A-Z]{2})-GOV\b/)?.[1] ?? DAC_DONORS[ref.match(/^XM-DAC-(\d+)\b/)?.[1] ?? ''];
  if (gov) {
    const state = members.all().find((m) => m.kind === 'state' && m.iso2 === gov);
    if (state) return state;
  }
  for (const name of Object.values(org.names)) {
    const member = members.byName(name);
    if (member) return member;
  }
  return undefined;
}

const nameOf = (names: Narratives) =>
  names.en ?? names.fr ?? names.ar ?? Object.values(names)[0] ?? null;

export interface MappedActivity {
  identifier: string;
  columns: Pick<
    ProjectsTable,
    | 'title_ar'
    | 'title_fr'
    | 'title_en'
    | 'description_ar'
    | 'description_fr'
    | 'description_en'
    | 'starts_on'
    | 'ends_on'
    | 'status'
    | 'budget'
    | 'currency'
    | 'contacts'
    | 'iati_identifier'
    | 'iati_reporting_org_ref'
    | 'iati_reporting_org_name'
  >;
  parts: Omit<ProjectParts, 'recipients'>;
  warnings: string[];
}

export class UnreadableActivity extends Error {}

/** Sum of the budgets, revised (type 2) replacing original (type 1) for the same period, in the
 * currency most of them use. */
function budgetOf(
  a: IatiActivity,
  warnings: string[],
): { budget: number | null; currency: string | null } {
  const byPeriod = new Map<string, IatiActivity['budgets'][number]>();
  for (const b of a.budgets) {
    const key = `${b.start ?? ''}/${b.end ?? ''}`;
    const held = byPeriod.get(key);
    if (!held || (held.type !== '2' && b.type === '2')) byPeriod.set(key, b);
    else if (held.type === b.type) byPeriod.set(key, { ...held, value: held.value + b.value });
  }
  let amounts = [...byPeriod.values()].map((b) => ({ value: b.value, currency: b.currency }));
  if (amounts.length === 0) {
    amounts = a.transactions
      .filter((t) => t.type === '2' || t.type.toUpperCase() === 'C')
      .map((t) => ({ value: t.value, currency: t.currency }));
  }
  if (amounts.length === 0)
    return { budget: null, currency: a.defaultCurrency?.toUpperCase() ?? null };
  const counts = new Map<string, number>();
  for (const x of amounts)
    if (x.currency)
      counts.set(x.currency.toUpperCase(), (counts.get(x.currency.toUpperCase()) ?? 0) + 1);
  const currency = [...counts.entries()].sort((p, q) => q[1] - p[1])[0]?.[0] ?? null;
  if (!currency) {
    warnings.push('budget: no currency given (no default-currency): budget left out');
    return { budget: null, currency: null };
  }
  if (counts.size > 1)
    warnings.push(
      `budget: amounts in several currencies (${[...counts.keys()].join(', ')}): the ${currency} ones are summed`,
    );
  const total = amounts
    .filter((x) => x.currency?.toUpperCase() === currency)
    .reduce((s, x) => s + x.value, 0);
  return { budget: Math.round(total * 100) / 100, currency };
}

function dedupeSectors(list: IatiSector[]): IatiSector[] {
  const seen = new Set<string>();
  return list.filter((s) => {
    const key = `${s.vocabulary}/${s.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Maps one activity, or throws `UnreadableActivity` saying what is missing. Sectors and recipient
 * countries given per transaction stand for the activity when it gives none itself (IATI allows
 * either, not both). Publisher vocabularies and unknown codes are kept; unknown country codes are
 * reported and left out.
 */
export function mapActivity(
  a: IatiActivity,
  ctx: { members: MemberIndex; domainKeys: Set<string>; importer: MembersTable },
): MappedActivity {
  const warnings: string[] = [];
  const titles = a.titles;
  let title = { ar: titles.ar ?? null, fr: titles.fr ?? null, en: titles.en ?? null };
  if (!title.ar && !title.fr && !title.en) {
    const other = Object.entries(titles)[0];
    if (!other) throw new UnreadableActivity('no title');
    warnings.push(`title: only in "${other[0]}", kept as the English title`);
    title = { ar: null, fr: null, en: other[1] };
  }
  const description = {
    ar: a.descriptions.ar ?? null,
    fr: a.descriptions.fr ?? null,
    en: a.descriptions.en ?? null,
  };
  if (!description.ar && !description.fr && !description.en) {
    description.en = Object.values(a.descriptions)[0] ?? null;
  }

  const dates: Partial<Record<string, string>> = {};
  for (const d of a.dates) {
    const type = DATE_TYPES[d.type.toLowerCase()];
    if (type && isDay(d.iso) && !dates[type]) dates[type] = d.iso;
  }
  const starts = dates['start-actual'] ?? dates['start-planned'];
  if (!starts) throw new UnreadableActivity('no start date (activity-date of type 1 or 2)');
  let ends = dates['end-actual'] ?? dates['end-planned'] ?? null;
  if (ends && ends < starts) {
    warnings.push(`activity-date: end ${ends} is before start ${starts}: end left out`);
    ends = null;
  }

  let status: ProjectStatus = 'active';
  if (a.status && STATUSES[a.status]) status = STATUSES[a.status]!;
  else
    warnings.push(
      `activity-status: ${a.status ? `unknown code "${a.status}"` : 'missing'}, read as active`,
    );

  const fromTransactions = a.countries.length === 0 && a.regions.length === 0;
  const countryCodes = fromTransactions
    ? [
        ...new Map(
          a.transactions
            .flatMap((t) => t.countries)
            .map((c) => [c.code, { code: c.code, percentage: null }]),
        ).values(),
      ]
    : a.countries;
  const countries = countryCodes.filter((c) => {
    if (isCountry(c.code)) return true;
    warnings.push(`recipient-country: unknown code "${c.code}" left out`);
    return false;
  });
  const regionList = fromTransactions
    ? [
        ...new Map(
          a.transactions
            .flatMap((t) => t.regions)
            .map((r) => [`${r.vocabulary}/${r.code}`, { ...r, percentage: null }]),
        ).values(),
      ]
    : a.regions;
  if (countries.length === 0 && regionList.length === 0)
    throw new UnreadableActivity(
      'no recipient country or region (neither on the activity nor on its transactions)',
    );

  const sectorList = dedupeSectors(
    a.sectors.length > 0
      ? a.sectors
      : a.transactions.flatMap((t) => t.sectors).map((s) => ({ ...s, percentage: null })),
  );
  const domains = [...new Set(sectorList.flatMap((s) => domainsOfSector(s, ctx.domainKeys)))];
  if (domains.length === 0) domains.push('other');

  const parties: ProjectParts['parties'] = [];
  const seenParty = new Set<string>();
  const addParty = (org: Pick<IatiOrg, 'ref' | 'names'>, role: PartyRole) => {
    const member = memberOfOrg(org, ctx.members);
    const name = member ? null : nameOf(org.names);
    if (!member && !name && !org.ref) return;
    const key = `${role}/${member?.id ?? org.ref ?? name}`;
    if (seenParty.has(key)) return;
    seenParty.add(key);
    parties.push({
      role,
      member_id: member?.id ?? null,
      name: member ? null : (name ?? org.ref),
      ref: org.ref,
    });
  };
  const ordered: PartyRole[] = ['funding', 'implementing', 'accountable', 'extending'];
  for (const role of ordered) {
    for (const org of a.orgs) if (ROLES[org.role.toLowerCase()] === role) addParty(org, role);
  }
  if (!parties.some((p) => p.role === 'funding')) {
    // No funding organisation named: the publisher funds what it reports, else the importer does.
    if (a.reportingOrg && (a.reportingOrg.ref || nameOf(a.reportingOrg.names)))
      addParty(a.reportingOrg, 'funding');
    else parties.unshift({ role: 'funding', member_id: ctx.importer.id, name: null, ref: null });
  }

  const contacts: Contact[] = a.contacts
    .map((c) => ({
      name: c.name ?? c.organisation ?? '',
      ...(c.organisation && c.name ? { organisation: c.organisation } : {}),
      ...(c.email ? { email: c.email } : {}),
      ...(c.phone ? { phone: c.phone } : {}),
    }))
    .filter((c) => c.name || c.email);

  const { budget, currency } = budgetOf(a, warnings);
  return {
    identifier: a.identifier,
    columns: {
      title_ar: title.ar,
      title_fr: title.fr,
      title_en: title.en,
      description_ar: description.ar,
      description_fr: description.fr,
      description_en: description.en,
      starts_on: starts,
      ends_on: ends,
      status,
      budget,
      currency,
      contacts: JSON.stringify(contacts),
      iati_identifier: a.identifier,
      iati_reporting_org_ref: a.reportingOrg?.ref ?? null,
      iati_reporting_org_name: a.reportingOrg ? nameOf(a.reportingOrg.names) : null,
    },
    parts: {
      countries: countries.map((c) => ({
        iso2: c.code,
        admin1: a.admin1[c.code] ?? null,
        percentage: c.percentage,
      })),
      regions: regionList.map((r) => ({
        code: r.code,
        vocabulary: r.vocabulary,
        percentage: r.percentage,
      })),
      domains,
      // Our own domains read back from an export are domains, not publisher sectors to keep.
      sectors: sectorList
        .filter((s) => s.vocabularyUri !== DOMAIN_VOCABULARY_URI)
        .map((s) => ({
          vocabulary: s.vocabulary,
          code: s.code,
          percentage: s.percentage,
          narrative: s.narrative,
        })),
      parties,
    },
    warnings,
  };
}
