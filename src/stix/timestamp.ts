/** RFC 3339 timestamps as STIX 2.1 §3.2 requires them: UTC, "Z", optional fractional seconds. */
const STIX_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z$/;

export function isStixTimestamp(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = STIX_TIMESTAMP.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as number[];
  if (month! < 1 || month! > 12 || hour! > 23 || minute! > 59 || second! > 60) return false;
  const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  return day! >= 1 && day! <= daysInMonth;
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
