/**
 * Wall-clock times in IANA time zones, with the platform's own time-zone data (Intl): a meeting
 * is set "10:00 in Europe/Brussels" and stored with its UTC instant, as calendars need it.
 */

const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formats.set(timeZone, f);
  }
  return f;
}

export function isTimeZone(value: string): boolean {
  try {
    format(value);
    return value.length <= 64 && /^[A-Za-z_+\-/0-9]+$/.test(value);
  } catch {
    return false;
  }
}

/** The wall-clock time (`YYYY-MM-DDTHH:mm`) of an instant in a zone. */
export function localTime(instantMs: number, timeZone: string): string {
  const parts = Object.fromEntries(
    format(timeZone)
      .formatToParts(new Date(instantMs))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/**
 * The UTC instant of a wall-clock time in a zone, or null when that time does not exist there (the
 * hour skipped when clocks go forward). An hour that happens twice takes its first occurrence.
 */
export function zonedToUtc(local: string, timeZone: string): Date | null {
  const naive = Date.parse(`${local}:00Z`);
  if (Number.isNaN(naive)) return null;
  const offset = (at: number) => Date.parse(`${localTime(at, timeZone)}:00Z`) - at;
  // The offsets in force around that time: near a change of offset there are two to try.
  const hours = 3_600_000;
  const candidates = [naive - 12 * hours, naive, naive + 12 * hours].map(
    (at) => naive - offset(at),
  );
  const found = candidates.filter((at) => localTime(at, timeZone) === local).sort((a, b) => a - b);
  return found.length > 0 ? new Date(found[0]!) : null;
}
