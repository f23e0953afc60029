import type { Locale } from './api';

// The one place that turns our locales into Intl settings. Arabic uses Arabic-Indic digits
// (numberingSystem 'arab'); English uses day-month order, as coalition correspondence does.
const TAGS: Record<Locale, string> = { ar: 'ar', fr: 'fr-FR', en: 'en-GB' };

function numbering(locale: Locale): { numberingSystem?: string } {
  return locale === 'ar' ? { numberingSystem: 'arab' } : {};
}

const dateTimeCache = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(locale: Locale, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}:${withTime}`;
  let format = dateTimeCache.get(key);
  if (!format) {
    // Timestamps are shown in UTC: members work across several time zones.
    format = new Intl.DateTimeFormat(TAGS[locale], {
      ...numbering(locale),
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

export function formatNumber(locale: Locale, value: number): string {
  return new Intl.NumberFormat(TAGS[locale], numbering(locale)).format(value);
}

export function formatList(locale: Locale, items: string[]): string {
  return new Intl.ListFormat(TAGS[locale], { type: 'conjunction', style: 'short' }).format(items);
}

export function compareText(locale: Locale, a: string, b: string): number {
  return a.localeCompare(b, TAGS[locale]);
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
  return new Intl.NumberFormat(TAGS[locale], {
    ...numbering(locale),
    style: 'unit',
    unit,
    unitDisplay: 'long',
  }).format(seconds / size);
}
