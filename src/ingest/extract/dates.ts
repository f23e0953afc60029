import { PhraseMatcher, type Match } from '../matcher.ts';
import { AMBIGUOUS_WEEKDAYS, MONTHS, SHORT_MONTHS, WEEKDAYS } from '../lexicon/calendar.ts';
import { NUMBER_WORDS } from '../lexicon/numbers.ts';
import { normaliseArabic, normaliseLatin, type Token } from '../text.ts';
import { isIn, prevWord, type Context, type Span } from './context.ts';

/**
 * Dates: absolute ones in the three languages and every Arabic set of month names, numeric ones,
 * years after "in"/"في"/"en", and relative ones ("أمس الخميس", "Wednesday", "dans la nuit de
 * dimanche à lundi", "قبل أسبوع") resolved against the publication date when it is known.
 */

export type DatePrecision = 'day' | 'week' | 'month' | 'year';

export interface DateHit extends Span {
  from: number;
  to: number;
  text: string;
  /** YYYY-MM-DD, YYYY-MM or YYYY; null for a relative date with no publication date to resolve it. */
  date: string | null;
  precision: DatePrecision;
  relative: boolean;
}

type RelativeKind =
  | { kind: 'days'; days: number }
  | { kind: 'today' }
  | { kind: 'ago-unit'; unit: 'day' | 'week' | 'month' };

interface Matchers {
  months: PhraseMatcher<number>;
  weekdays: PhraseMatcher<number>;
  relative: PhraseMatcher<RelativeKind>;
  numbers: PhraseMatcher<number>;
}

let matchers: Matchers | null = null;

function build(): Matchers {
  if (matchers) return matchers;
  const months = new PhraseMatcher<number>();
  for (const [n, names] of Object.entries(MONTHS))
    for (const name of names) months.add(name, Number(n), { capital: false });
  const weekdays = new PhraseMatcher<number>();
  for (const [n, names] of Object.entries(WEEKDAYS))
    for (const name of names) weekdays.add(name, Number(n), { capital: false });
  const relative = new PhraseMatcher<RelativeKind>();
  const rel = (words: string[], value: RelativeKind) => {
    for (const w of words) relative.add(w, value, { capital: false });
  };
  rel(['yesterday', 'hier', 'أمس', 'الأمس', 'البارحة', 'يوم أمس'], { kind: 'days', days: -1 });
  rel(['the day before yesterday', 'avant-hier', 'أول أمس', 'أول من أمس', 'أول أمس الأول'], {
    kind: 'days',
    days: -2,
  });
  rel(['tomorrow', 'demain', 'غدا', 'يوم غد'], { kind: 'days', days: 1 });
  rel(
    [
      'today',
      "aujourd'hui",
      'صباح اليوم',
      'مساء اليوم',
      'فجر اليوم',
      'ظهر اليوم',
      'ليلة اليوم',
      'في وقت سابق اليوم',
      'earlier today',
      'ce matin',
      'this morning',
      'cet après-midi',
      'ce soir',
      'tonight',
    ],
    { kind: 'today' },
  );
  rel(['قبل يوم', 'il y a un jour', 'a day ago'], { kind: 'days', days: -1 });
  rel(['قبل يومين', 'il y a deux jours', 'two days ago'], { kind: 'days', days: -2 });
  rel(
    [
      'قبل أسبوع',
      'a week ago',
      'one week ago',
      'il y a une semaine',
      'last week',
      'la semaine dernière',
      'la semaine passée',
      'الأسبوع الماضي',
      'الاسبوع الماضي',
      'قبل أسبوعين',
      'two weeks ago',
      'il y a deux semaines',
    ],
    { kind: 'ago-unit', unit: 'week' },
  );
  rel(['last month', 'le mois dernier', 'le mois passé', 'الشهر الماضي'], {
    kind: 'ago-unit',
    unit: 'month',
  });
  const numbers = new PhraseMatcher<number>();
  for (const [n, w] of NUMBER_WORDS) numbers.add(w, n, { capital: false });
  matchers = { months, weekdays, relative, numbers };
  return matchers;
}

const ORDINAL = new Set(['st', 'nd', 'rd', 'th', 'er', 'eme', 'e']);
const YEAR_CUES = new Set([
  ...[
    'in',
    'en',
    'since',
    'depuis',
    'until',
    "jusqu'en",
    'year',
    'annee',
    'of',
    'early',
    'late',
    'mid',
    'by',
    'during',
    'from',
    'to',
    'et',
    'and',
  ].map(normaliseLatin),
  ...[
    'في',
    'عام',
    'العام',
    'سنة',
    'منذ',
    'خلال',
    'حتى',
    'لعام',
    'بعام',
    'وعام',
    'مطلع',
    'أواخر',
    'بداية',
    'نهاية',
    'إلى',
    'و',
  ].map(normaliseArabic),
]);
const MONTH_CUES = new Set([
  ...[
    'in',
    'since',
    'during',
    'early',
    'late',
    'mid',
    'last',
    'next',
    'this',
    'until',
    'en',
    'depuis',
    'debut',
    'fin',
    'mi',
    'courant',
    'des',
    'jusqu',
    'au',
    'mois',
  ].map(normaliseLatin),
  ...[
    'في',
    'شهر',
    'خلال',
    'منذ',
    'مطلع',
    'أواخر',
    'نهاية',
    'بداية',
    'منتصف',
    'حتى',
    'أوائل',
    'بحلول',
  ].map(normaliseArabic),
]);
const NEXT = new Set([
  ...['next', 'prochain', 'prochaine', 'coming'].map(normaliseLatin),
  ...['المقبل', 'القادم', 'المقبلة', 'القادمة'].map(normaliseArabic),
]);
const LAST = new Set([
  ...['last', 'dernier', 'derniere', 'passe', 'past'].map(normaliseLatin),
  ...['الماضي', 'الفائت', 'المنصرم', 'الماضية'].map(normaliseArabic),
]);
const THIS = new Set(['ce', 'cette', 'this']);
const BEFORE_WEEKDAY = new Set([
  ...[
    'on',
    'ce',
    'cette',
    'this',
    'last',
    'next',
    'le',
    'night',
    'nuit',
    'early',
    'late',
    'matin',
    'soir',
    'morning',
    'evening',
  ].map(normaliseLatin),
  ...['يوم', 'ليلة', 'ليل', 'فجر', 'صباح', 'مساء', 'ظهر', 'عصر', 'اليوم'].map(normaliseArabic),
]);
/** "dans la nuit de dimanche à lundi", "ليلة الأحد إلى الاثنين": one night over two days. */
const NIGHT = new Set([
  ...['nuit', 'night', 'overnight'].map(normaliseLatin),
  ...['ليلة', 'ليل', 'فجر'].map(normaliseArabic),
]);
const RANGE_LINKS = new Set([
  ...['a', 'à', 'to', 'into', 'au', '-'].map(normaliseLatin),
  ...['إلى', 'الى', 'على', 'و', '-'].map(normaliseArabic),
]);

const AMBIGUOUS_WEEKDAYS_NORM = new Set([...AMBIGUOUS_WEEKDAYS].map(normaliseArabic));

const pad = (n: number) => String(n).padStart(2, '0');

function isoDay(y: number, m: number, d: number): string | null {
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

function addDays(iso: string, days: number): string {
  const dt = new Date(`${iso}T00:00:00Z`);
  dt.setUTCDate(dt.getUTCDate() + days);
  return dt.toISOString().slice(0, 10);
}

function weekdayOf(iso: string): number {
  return new Date(`${iso}T00:00:00Z`).getUTCDay();
}

/** The weekday's date: the latest on or before publication, the next after it, or the nearest. */
export function resolveWeekday(
  published: string,
  day: number,
  mode: 'past' | 'next' | 'near',
): string {
  const pub = weekdayOf(published);
  if (mode === 'next') return addDays(published, (day - pub + 7) % 7 || 7);
  const back = (pub - day + 7) % 7;
  if (mode === 'near' && back > 3) return addDays(published, 7 - back);
  return addDays(published, -back);
}

function num(t: Token | undefined): number | null {
  if (!t || t.script !== 'num' || t.norm.length > 4) return null;
  return Number(t.norm);
}

const isYear = (n: number | null): n is number => n !== null && n >= 1900 && n <= 2100;
const isDay = (n: number | null): n is number => n !== null && n >= 1 && n <= 31;

export function findDates(
  ctx: Context,
  published: string | undefined,
  language: string,
): DateHit[] {
  const { months, weekdays, relative } = build();
  const { tokens } = ctx;
  const hits: DateHit[] = [];
  const used = new Uint8Array(tokens.length);
  const push = (
    from: number,
    to: number,
    date: string | null,
    precision: DatePrecision,
    rel: boolean,
  ) => {
    const start = tokens[from]!.start;
    const end = tokens[to - 1]!.end;
    hits.push({
      from,
      to,
      start,
      end,
      text: ctx.text.slice(start, end),
      date,
      precision,
      relative: rel,
    });
    used.fill(1, from, to);
  };
  const pubYear = published ? Number(published.slice(0, 4)) : null;

  for (let i = 0; i < tokens.length; i += 1) {
    if (used[i]) continue;
    const t = tokens[i]!;

    // Numeric: 01/10/2024, 2024-10-01, 2024-10.
    if (t.script === 'num') {
      const a = num(t);
      const s1 = tokens[i + 1]?.raw;
      const b = num(tokens[i + 2]);
      const s2 = tokens[i + 3]?.raw;
      const c = num(tokens[i + 4]);
      const tight = (k: number) =>
        tokens[k] && tokens[k - 1] && tokens[k]!.start === tokens[k - 1]!.end;
      if (
        a !== null &&
        b !== null &&
        c !== null &&
        s1 === s2 &&
        (s1 === '/' || s1 === '.' || s1 === '-') &&
        tight(i + 1) &&
        tight(i + 2) &&
        tight(i + 3) &&
        tight(i + 4)
      ) {
        let date: string | null = null;
        if (isYear(a)) date = isoDay(a, b, c);
        else if (isYear(c)) {
          // Day first, as in Arabic and French; an English date with a month first shows it (10/25/2024).
          date = isoDay(c, b, a) ?? (language === 'en' ? isoDay(c, a, b) : null);
        }
        if (date) {
          push(i, i + 5, date, 'day', false);
          i += 4;
          continue;
        }
      }
      if (
        isYear(a) &&
        s1 === '-' &&
        b !== null &&
        b >= 1 &&
        b <= 12 &&
        tight(i + 1) &&
        tight(i + 2) &&
        tokens[i + 2]!.norm.length === 2
      ) {
        push(i, i + 3, `${a}-${pad(b)}`, 'month', false);
        i += 2;
        continue;
      }
    }

    // Absolute with a month name.
    const month = t.script !== 'punct' && t.script !== 'num' ? months.at(tokens, i) : null;
    if (month) {
      const hit = monthDate(ctx, month, used, pubYear, published);
      if (hit) {
        push(hit.from, hit.to, hit.date, hit.precision, false);
        i = hit.to - 1;
        continue;
      }
    }

    // A year after "in", "في", "en", "عام".
    if (t.script === 'num' && isYear(num(t)) && t.norm.length === 4) {
      const k = prevWord(ctx, i);
      const next = tokens[i + 1];
      if (
        k >= 0 &&
        isIn(ctx, k, YEAR_CUES) &&
        !(next && (next.raw === '%' || /^\d/.test(next.raw)))
      ) {
        push(i, i + 1, t.norm, 'year', false);
        continue;
      }
    }

    // Relative days and weeks.
    const r = t.script !== 'punct' && t.script !== 'num' ? relative.at(tokens, i) : null;
    if (r) {
      let to = r.to;
      let date: string | null = null;
      let precision: DatePrecision = 'day';
      const v = r.value;
      if (v.kind === 'days' || v.kind === 'today') {
        const days = v.kind === 'days' ? v.days : 0;
        // "أمس الخميس", "hier jeudi": the weekday confirms the day and belongs to the date.
        const wd = weekdays.at(tokens, to);
        if (wd && ctx.sentence[wd.from] === ctx.sentence[i]) to = wd.to;
        else if (tokens[to]?.raw === ',' || tokens[to]?.raw === '(') {
          const wd2 = weekdays.at(tokens, to + 1);
          if (wd2) to = wd2.to + (tokens[wd2.to]?.raw === ')' ? 1 : 0);
        }
        if (published) date = addDays(published, days);
      } else {
        precision = v.unit === 'month' ? 'month' : 'week';
        const words = ctx.text.slice(tokens[i]!.start, tokens[r.to - 1]!.end);
        const weeks = /two|deux|أسبوعين/.test(words) ? 2 : 1;
        if (published) {
          date =
            v.unit === 'month'
              ? (() => {
                  const d = new Date(`${published}T00:00:00Z`);
                  d.setUTCDate(1);
                  d.setUTCMonth(d.getUTCMonth() - 1);
                  return d.toISOString().slice(0, 7);
                })()
              : addDays(published, -7 * weeks);
        }
      }
      push(i, to, date, precision, true);
      i = to - 1;
      continue;
    }

    // "N days ago", "il y a N jours", "قبل N أيام".
    const ago = daysAgo(ctx, i);
    if (ago) {
      push(ago.from, ago.to, published ? addDays(published, -ago.days) : null, 'day', true);
      i = ago.to - 1;
      continue;
    }

    // A weekday alone ("Wednesday", "ce mercredi", "الخميس الماضي", "la nuit de dimanche à lundi").
    const wd = t.script !== 'punct' && t.script !== 'num' ? weekdays.at(tokens, i) : null;
    if (wd) {
      const hit = weekdayDate(ctx, wd, published, used);
      if (hit) {
        push(hit.from, hit.to, hit.date, 'day', true);
        i = hit.to - 1;
      }
    }
  }
  return hits.sort((a, b) => a.from - b.from);
}

function monthDate(
  ctx: Context,
  m: Match<number>,
  used: Uint8Array,
  pubYear: number | null,
  published: string | undefined,
): { from: number; to: number; date: string | null; precision: DatePrecision } | null {
  const { tokens } = ctx;
  const month = m.value;
  let from = m.from;
  let to = m.to;
  // "مايو/أيار", "أيار (مايو)": the same month in two calendars.
  const pair = () => {
    const sep = tokens[to]?.raw;
    if (sep === '/' || sep === '(' || sep === '-') {
      const other = build().months.at(tokens, to + 1);
      if (other && other.value === month) {
        to = other.to + (sep === '(' && tokens[other.to]?.raw === ')' ? 1 : 0);
      }
    }
  };
  pair();
  // "Dec. 2", "janv. 2024": the abbreviation's full stop.
  if (
    tokens[to]?.raw === '.' &&
    tokens[to]!.start === tokens[to - 1]!.end &&
    /^[a-z]{3,5}$/.test(tokens[to - 1]!.norm)
  )
    to += 1;
  // "شهر ديسمبر"
  if (tokens[from - 1]?.norm === 'شهر') from -= 1;
  let day: number | null = null;
  // Day before: "2 décembre", "1er octobre", "le 2 of December", "2nd December", "2 من ديسمبر".
  let k = from - 1;
  if (
    tokens[k] &&
    (tokens[k]!.norm === 'of' || tokens[k]!.norm === 'من' || tokens[k]!.norm === 'de')
  )
    k -= 1;
  if (
    tokens[k] &&
    ORDINAL.has(tokens[k]!.norm) &&
    tokens[k - 1]?.script === 'num' &&
    tokens[k]!.start === tokens[k - 1]!.end
  )
    k -= 1;
  if (k >= 0 && !used[k] && isDay(num(tokens[k])) && tokens[k]!.norm.length <= 2) {
    day = num(tokens[k]);
    from = k;
  }
  // Day after: "December 2", "December 2nd", "December 2, 2021".
  if (day === null && isDay(num(tokens[to])) && tokens[to]!.norm.length <= 2) {
    day = num(tokens[to]);
    to += 1;
    if (tokens[to] && ORDINAL.has(tokens[to]!.norm) && tokens[to]!.start === tokens[to - 1]!.end)
      to += 1;
  }
  // Year after: "juin 2018", "December 2, 2021", "ديسمبر 2021".
  let year: number | null = null;
  let y = to;
  if (tokens[y]?.raw === ',') y += 1;
  if (isYear(num(tokens[y])) && tokens[y]!.norm.length === 4) {
    year = num(tokens[y]);
    to = y + 1;
  }
  const word = tokens
    .slice(m.from, m.to)
    .map((t) => t.norm)
    .join(' ');
  // A month alone ("in December", "en mai", "في مايو") needs a word of time before it; "May",
  // "mars", "ماي" are words too, and "مايو" may be a name ("لويدجي دي مايو").
  if (day === null && year === null) {
    const k2 = prevWord(ctx, from);
    if (SHORT_MONTHS.has(word) || k2 < 0 || !isIn(ctx, k2, MONTH_CUES)) return null;
  }
  // A weekday before the day belongs to the date: "lundi 30 septembre", "Wednesday, May 11".
  const { weekdays } = build();
  for (const back of [1, 2]) {
    const w = from - back;
    if (w < 0) break;
    const wd = weekdays.at(tokens, w);
    if (wd && wd.to === from - (back === 2 && tokens[from - 1]?.raw === ',' ? 1 : 0)) {
      from = w;
      break;
    }
  }
  // Without a year and no publication date to take it from, the date is kept with its text.
  if (day !== null) {
    const y2 = year ?? inferYear(published, pubYear, month, day);
    if (y2 === null)
      return isoDay(2000, month, day) ? { from, to, date: null, precision: 'day' } : null;
    const iso = isoDay(y2, month, day);
    if (!iso) return null;
    return { from, to, date: iso, precision: 'day' };
  }
  const y2 = year ?? inferYear(published, pubYear, month, 1);
  if (y2 === null) return { from, to, date: null, precision: 'month' };
  return { from, to, date: `${y2}-${pad(month)}`, precision: 'month' };
}

/** A date written without its year is the latest such date on or before publication. */
function inferYear(
  published: string | undefined,
  pubYear: number | null,
  month: number,
  day: number,
): number | null {
  if (!published || pubYear === null) return null;
  const candidate = `${pubYear}-${pad(month)}-${pad(day)}`;
  return candidate <= addDays(published, 7) ? pubYear : pubYear - 1;
}

function daysAgo(ctx: Context, i: number): { from: number; to: number; days: number } | null {
  const { tokens } = ctx;
  const t = tokens[i]!;
  const n = (k: number) => num(tokens[k]) ?? build().numbers.at(tokens, k)?.value ?? null;
  // قبل N أيام
  if (t.norm === 'قبل') {
    const count = n(i + 1);
    const unit = tokens[i + 2]?.norm;
    if (count !== null && unit && /^(ايام|يوما|يوم)$/.test(unit))
      return { from: i, to: i + 3, days: count };
  }
  // il y a N jours
  if (t.norm === 'il' && tokens[i + 1]?.norm === 'y' && tokens[i + 2]?.norm === 'a') {
    const count = n(i + 3);
    if (count !== null && /^jours?$/.test(tokens[i + 4]?.norm ?? ''))
      return { from: i, to: i + 5, days: count };
  }
  // N days ago
  const count = num(t);
  if (
    count !== null &&
    count < 60 &&
    /^days?$/.test(tokens[i + 1]?.norm ?? '') &&
    tokens[i + 2]?.norm === 'ago'
  )
    return { from: i, to: i + 3, days: count };
  return null;
}

function weekdayDate(
  ctx: Context,
  wd: Match<number>,
  published: string | undefined,
  used: Uint8Array,
): { from: number; to: number; date: string | null } | null {
  const { tokens } = ctx;
  const { weekdays } = build();
  let from = wd.from;
  let to = wd.to;
  let mode: 'past' | 'next' | 'near' = 'past';
  let day = wd.value;
  const before = prevWord(ctx, from);
  const beforeNorm = before >= 0 ? tokens[before]!.norm : '';
  // The night of Sunday to Monday: the date of the first day.
  const range = () => {
    const k = to;
    if (k < tokens.length && RANGE_LINKS.has(tokens[k]!.norm)) {
      const second = weekdays.at(tokens, k + 1);
      if (second && second.value === (day + 1) % 7) return second;
    }
    return null;
  };
  const second = range();
  if (second) to = second.to;
  if (before >= 0 && !used[before] && BEFORE_WEEKDAY.has(beforeNorm)) {
    // "on Wednesday", "le lundi": the preposition tells a date, but is not part of it.
    if (beforeNorm !== 'on' && beforeNorm !== 'le') from = before;
    if (THIS.has(beforeNorm)) mode = 'near';
    if (NEXT.has(beforeNorm)) mode = 'next';
    // "dans la nuit de dimanche", "night of Sunday"
    const b2 = prevWord(ctx, before);
    if (beforeNorm === 'de' || beforeNorm === 'of') {
      /* handled below */
    }
    if (b2 >= 0 && NIGHT.has(tokens[b2]!.norm)) from = b2;
  } else if ((beforeNorm === 'de' || beforeNorm === 'of') && before >= 0) {
    const b2 = prevWord(ctx, before);
    if (b2 >= 0 && NIGHT.has(tokens[b2]!.norm)) from = b2;
  }
  const after = tokens[to];
  const modified =
    !!after &&
    (LAST.has(after.norm) || NEXT.has(after.norm)) &&
    ctx.sentence[to] === ctx.sentence[wd.from];
  if (modified) {
    if (NEXT.has(after!.norm)) mode = 'next';
    to += 1;
  }
  const ambiguous =
    AMBIGUOUS_WEEKDAYS_NORM.has(tokens[wd.from]!.norm) &&
    tokens[wd.from]!.norm === tokens[wd.from]!.norm;
  if (ambiguous && from === wd.from && !modified && !second) return null;
  // A weekday right before a day number is part of an absolute date, found elsewhere.
  if (tokens[to]?.script === 'num') return null;
  if (!published) return { from, to, date: null };
  if (second) {
    // The night ends on the second day, on or before publication.
    const end = resolveWeekday(published, second.value, mode);
    return { from, to, date: addDays(end, -1) };
  }
  day = wd.value;
  return { from, to, date: resolveWeekday(published, day, mode) };
}

export { addDays, weekdayOf };
