/** RFC 3339 timestamps as STIX 2.1 §3.2 requires them: UTC, "Z", optional fractional seconds. */
const STIX_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z$/;

export function isStixTimestamp(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = STIX_TIMESTAMP.exec(value);
  if (!m) return false;
  const year = Number(m[1]),
    month = Number(m[2]),
    day = Number(m[3]);
  if (month < 1 || month > 12 || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 60)
    return false;
  return day >= 1 && day <= daysInMonth(year, month);
}

/** Proleptic Gregorian calendar, as RFC 3339 §5.7 asks (arithmetic: this is on the ingest hot path). */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * A fixed-width form (nine fractional digits) that sorts as text in time order, so that versions
 * compare the same way in SQLite and PostgreSQL. Digits beyond nanoseconds are dropped.
 */
export function versionKey(timestamp: string): string {
  const m = STIX_TIMESTAMP.exec(timestamp);
  if (!m) throw new Error(`not a STIX timestamp: ${timestamp}`);
  const fraction = (m[7] ?? '').padEnd(9, '0').slice(0, 9);
  return `${timestamp.slice(0, 19)}.${fraction}Z`;
}

/** Microseconds since the epoch, as `date_added` is stored. */
export function nowMicros(): number {
  return Math.floor((performance.timeOrigin + performance.now()) * 1000);
}

/** `date_added` as TAXII 2.1 presents it: RFC 3339 with microsecond precision. */
export function formatMicros(micros: number): string {
  const millis = Math.floor(micros / 1000);
  const iso = new Date(millis).toISOString(); // 2026-11-29T00:00:00.123Z
  const extra = String(micros % 1000).padStart(3, '0');
  return `${iso.slice(0, 23)}${extra}Z`;
}

/** Parses an RFC 3339 timestamp into microseconds since the epoch; undefined when malformed. */
export function parseMicros(value: string): number | undefined {
  if (!isStixTimestamp(value)) return undefined;
  const m = STIX_TIMESTAMP.exec(value)!;
  const millis = Date.parse(`${value.slice(0, 19)}Z`);
  const fraction = (m[7] ?? '').padEnd(6, '0').slice(0, 6);
  return millis * 1000 + Number(fraction);
}
