import { useEffect, useMemo, useState } from 'react';
import type { Locale } from './api';
import { formatDateWith, formatNumber } from './format';
import {
  coordination,
  type ActionStatus,
  type Domain,
  type Modality,
  type NeedPriority,
  type ParticipantRole,
  type Presence,
  type ProjectStatus,
  type Texts,
} from './coordinationApi';

// Shared pieces of the coordination pages: the closed lists (typed against the contract, so a
// change there breaks the build here), country and domain names, texts in three languages.

export const PROJECT_STATUSES: ProjectStatus[] = [
  'pipeline',
  'active',
  'completed',
  'suspended',
  'cancelled',
];
export const NEED_PRIORITIES: NeedPriority[] = ['high', 'medium', 'low'];
export const MODALITIES: Modality[] = ['in_person', 'online', 'hybrid'];
export const PARTICIPANT_ROLES: ParticipantRole[] = ['chair', 'speaker', 'delegate', 'observer'];
export const PRESENCES: Presence[] = ['in_person', 'video'];
export const ACTION_STATUSES: ActionStatus[] = ['open', 'done', 'dropped'];
export const LOCALES: Locale[] = ['ar', 'fr', 'en'];

/** ISO 3166-1 alpha-2 codes, Africa first (the group's beneficiaries), then the rest. */
export const AFRICA =
  'DZ AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ EG GQ ER SZ ET GA GM GH GN GW KE LS LR LY MG MW ML MR MU MA MZ NA NE NG RW ST SN SC SL SO ZA SS SD TZ TG TN UG ZM ZW'.split(
    ' ',
  );
const OTHERS =
  'AF AL AD AG AR AM AU AT AZ BS BH BD BB BY BE BZ BT BO BA BR BN BG KH CA CL CN CO CR HR CU CY CZ DK DM DO EC SV EE FJ FI FR GE DE GR GD GT GY HT HN HU IS IN ID IR IQ IE IL IT JM JP JO KZ KI KP KR KW KG LA LV LB LI LT LU MY MV MT MH MX FM MD MC MN ME MM NR NP NL NZ NI MK NO OM PK PW PS PA PG PY PE PH PL PT QA RO RU KN LC VC WS SM SA RS SG SK SI SB LK SR SE CH SY TJ TH TL TO TT TR TM TV UA AE GB US UY UZ VU VA VE VN YE'.split(
    ' ',
  );
export const COUNTRIES = [...AFRICA, ...OTHERS];

const TAGS: Record<Locale, string> = { ar: 'ar', fr: 'fr-FR', en: 'en-GB' };

/** Country names in the interface language (the platform's own data, Intl). */
export function useCountryName(locale: Locale): (code: string) => string {
  return useMemo(() => {
    const names = new Intl.DisplayNames([TAGS[locale]], { type: 'region' });
    return (code: string) => names.of(code) ?? code;
  }, [locale]);
}

/** Countries sorted by their name in the interface language, Africa first. */
export function useCountryOptions(locale: Locale): { code: string; name: string }[] {
  const name = useCountryName(locale);
  return useMemo(() => {
    const sort = (codes: string[]) =>
      codes
        .map((code) => ({ code, name: name(code) }))
        .sort((a, b) => a.name.localeCompare(b.name, TAGS[locale]));
    return [...sort(AFRICA), ...sort(OTHERS)];
  }, [name, locale]);
}

let domainCache: Promise<Domain[]> | null = null;

/** The controlled list of domains, asked once per page load. */
export function useDomains(): Domain[] {
  const [list, setList] = useState<Domain[]>([]);
  useEffect(() => {
    domainCache ??= coordination.domains().then(
      (page) => page.items,
      (error: unknown) => {
        domainCache = null;
        throw error;
      },
    );
    let live = true;
    domainCache.then(
      (items) => live && setList(items),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return list;
}

export function domainName(domains: Domain[], key: string, locale: Locale): string {
  return domains.find((d) => d.key === key)?.names[locale] ?? key;
}

export const EMPTY_TEXTS: Texts = { ar: '', fr: '', en: '' };

/** The text in the interface language, else in the first language it was written in. */
export function pickText(texts: Texts, locale: Locale): { text: string; lang: Locale } {
  if (texts[locale]) return { text: texts[locale], lang: locale };
  for (const other of ['en', 'fr', 'ar'] as const)
    if (texts[other]) return { text: texts[other], lang: other };
  return { text: '', lang: locale };
}

/** Only the languages written, trimmed (the API stores the others as absent). */
export function writtenTexts(texts: Texts): Partial<Texts> {
  const out: Partial<Texts> = {};
  for (const lang of LOCALES) if (texts[lang].trim()) out[lang] = texts[lang].trim();
  return out;
}

export function formatMoney(
  locale: Locale,
  amount: number,
  currency: string,
  compact = false,
): string {
  return formatNumber(locale, amount, {
    style: 'currency',
    currency,
    maximumFractionDigits: compact ? 1 : 0,
    ...(compact ? { notation: 'compact' } : {}),
  });
}

/** A date `YYYY-MM-DD` as a calendar date (not shifted by any time zone). */
export function formatDay(locale: Locale, day: string | null): string {
  if (!day) return '';
  return formatDateWith(locale, new Date(`${day}T00:00:00Z`), {
    dateStyle: 'medium',
    timeZone: 'UTC',
  });
}

/** An instant in a time zone, with the zone's short name ("10:00 CET"). */
export function formatInZone(
  locale: Locale,
  iso: string,
  timeZone: string,
  withDate = true,
): string {
  return formatDateWith(locale, new Date(iso), {
    ...(withDate ? { dateStyle: 'full' } : {}),
    timeStyle: 'short',
    timeZone,
  });
}

/** The browser's own zone, for a new meeting's default. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export const TIME_ZONES: string[] = Intl.supportedValuesOf('timeZone');

/** Today as the server compares due dates: UTC. */
export const todayUtc = () => new Date().toISOString().slice(0, 10);
