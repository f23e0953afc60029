// Local conventions for dates, month names and digits: a user's region, read by the server (to
// answer /me) and by the web app (to format), so both resolve it the same way.
import type { Locale } from './vocabulary.ts';

/**
 * The regions a user may choose, each a BCP 47 tag whose conventions Intl (ICU's CLDR data, the
 * same in Node and Chromium) knows under that very tag: in Morocco Latin digits and «نونبر», in
 * Saudi Arabia Arabic-Indic digits and «نوفمبر», in Jordan «تشرين الثاني».
 */
export const REGIONS = [
  ...['MA', 'DZ', 'TN', 'LY', 'EG', 'MR', 'SD', 'TD', 'SO', 'DJ'].map((c) => `ar-${c}`),
  ...['SA', 'AE', 'QA', 'KW', 'BH', 'OM', 'JO', 'LB', 'IQ'].map((c) => `ar-${c}`),
  ...['FR', 'BE', 'CH', 'CA', 'MA', 'DZ', 'TN', 'MR', 'SN', 'ML', 'NE'].map((c) => `fr-${c}`),
  ...['BF', 'TD', 'CM', 'CI', 'TG', 'BJ', 'GN', 'CF', 'CG', 'CD', 'GA', 'DJ'].map((c) => `fr-${c}`),
  ...['GB', 'US', 'IE', 'CA', 'AU', 'NG', 'GH', 'KE', 'UG', 'TZ', 'ZA'].map((c) => `en-${c}`),
  ...['CM', 'SL', 'LR', 'GM', 'IT', 'FR'].map((c) => `en-${c}`),
] as const;

/** When no region of the interface language fits: Arabic with Arabic-Indic digits, French as in
 * France, English as in Britain (day before month, as coalition correspondence writes it). */
export const DEFAULT_FORMATS: Record<Locale, string> = {
  ar: 'ar-u-nu-arab',
  fr: 'fr-FR',
  en: 'en-GB',
};

export function isRegion(value: string): boolean {
  return (REGIONS as readonly string[]).includes(value);
}

/**
 * The tag dates and numbers are written in, for an interface `language`: the chosen region when
 * it is in that language; else the chosen region's country (or, with no choice, the member's
 * country) in that language when Intl knows it (ar-MA chosen, French interface: fr-MA); else the
 * language's default.
 */
export function formattingLocale(
  language: Locale,
  region: string | null,
  memberCountry: string | null,
): string {
  const chosen = region && isRegion(region) ? region : null;
  if (chosen?.startsWith(`${language}-`)) return chosen;
  const country = chosen ? chosen.slice(chosen.indexOf('-') + 1) : memberCountry?.toUpperCase();
  const local = country ? `${language}-${country}` : null;
  return local && isRegion(local) ? local : DEFAULT_FORMATS[language];
}
