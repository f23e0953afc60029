import { DEFAULT_FORMATS, type Locale } from './api';

// The one place that turns the user's language and region into Intl settings. Every date and
// number of the web app is written through `intlLocale`: the user's region (contract/regions.ts,
// `me.formatting_locale`) decides digits and month names — in Morocco Latin digits and «نونبر», in
// Saudi Arabia Arabic-Indic digits and «نوفمبر» — as ICU's CLDR data has them.

/** The signed-in user's formatting tag (App sets it as it renders, before any page formats). */
let current: string | null = null;

export function setFormattingLocale(tag: string | null): void {
  current = tag;
}

/** The Intl tag for text in `locale`: the user's region when it is in that language, else the
 * language's default (text in another language than the user's keeps that language's own). */
export function intlLocale(locale: Locale): string {
  return current && (current === locale || current.startsWith(`${locale}-`))
    ? current
    : DEFAULT_FORMATS[locale];
}

const dateTimeCache = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(locale: Locale, withTime: boolean): Intl.DateTimeFormat {
  const tag = intlLocale(locale);
  const key = `${tag}:${withTime}`;
  let format = dateTimeCache.get(key);
  if (!format) {
    // Timestamps are shown in UTC: members work across several time zones.
    format = new Intl.DateTimeFormat(tag, {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
      timeZone: 'UTC',
      ...(withTime ? { timeZoneName: 'short' } : {}),
    });
    dateTimeCache.set(key, format);
  }
  return format;
}

/** RFC 3339 timestamps may carry microseconds; Date only keeps milliseconds. */
function parseTimestamp(value: string): Date | null {
  const date = new Date(value.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDateTime(locale: Locale, value: string | null | undefined): string {
  if (!value) return '';
  const date = parseTimestamp(value);
  return date ? dateTimeFormat(locale, true).format(date) : value;
}

export function formatDate(locale: Locale, value: string | null | undefined): string {
  if (!value) return '';
  const date = parseTimestamp(value);
  return date ? dateTimeFormat(locale, false).format(date) : value;
}

export function formatNumber(
  locale: Locale,
  value: number,
  options?: Intl.NumberFormatOptions,
): string {
  return new Intl.NumberFormat(intlLocale(locale), options).format(value);
}

/** A date with the caller's choice of parts (a month and year on a chart's axis, …). */
export function formatDateWith(
  locale: Locale,
  date: Date,
  options: Intl.DateTimeFormatOptions,
): string {
  return new Intl.DateTimeFormat(intlLocale(locale), options).format(date);
}

export function formatList(locale: Locale, items: string[]): string {
  return new Intl.ListFormat(intlLocale(locale), { type: 'conjunction', style: 'short' }).format(
    items,
  );
}

export function compareText(locale: Locale, a: string, b: string): number {
  return a.localeCompare(b, intlLocale(locale));
}

/** Digits as typed on an Arabic or Persian keyboard (٠–٩, ۰–۹) become ASCII; everything else
 * but digits is dropped. For one-time codes, which servers compare as ASCII. */
export function asciiDigits(text: string): string {
  return text
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/\D/g, '');
}

/** A base32 secret in groups of four, easier to read out and type by hand. */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/** A whole number of seconds in the largest unit that divides it ("5 minutes", "٦ ساعات"). */
export function formatDuration(locale: Locale, seconds: number): string {
  const units: [Intl.NumberFormatOptions['unit'], number][] = [
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
  ];
  const [unit, size] = units.find(([, length]) => seconds >= length && seconds % length === 0) ?? [
    'second',
    1,
  ];
  return new Intl.NumberFormat(intlLocale(locale), {
    style: 'unit',
    unit,
    unitDisplay: 'long',
  }).format(seconds / size);
}
