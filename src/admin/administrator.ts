import type { AuditEntry } from '../audit/audit.repository.ts';
import { AppError, requireSession } from '../errors.ts';
import { isInstanceAdmin } from '../policy/roles.ts';
import type { Actor } from '../policy/viewer.ts';

/** Who changes the coalition's shape: `null` is the operator at the command line or the demo. */
export type Administrator = Actor | null;

export function requireInstanceAdmin(actor: Administrator): void {
  if (!actor) return;
  requireSession(actor);
  if (!isInstanceAdmin(actor))
    throw new AppError(403, 'forbidden', 'only an instance admin manages members and groups');
}

/**
 * An administration entry of the audit log. `about` is the member it concerns (a member code), or
 * `*` when it concerns the instance as a whole (a group, not one member): see
 * `policy/access.ts#mayReadAuditEntry` for who reads it.
 */
export function entry(
  actor: Administrator,
  action: string,
  subject: string,
  detail: Record<string, unknown>,
  about: string,
): AuditEntry {
  return {
    actor: actor?.username ?? 'cli',
    member: actor?.memberCode ?? null,
    action,
    subject,
    detail,
    about,
  };
}

export const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day (YYYY-MM-DD) that exists. */
export function isDay(value: string): boolean {
  if (!DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function requireDay(value: string, field: string): string {
  if (!isDay(value))
    throw new AppError(422, 'validation', `${field}: a date such as 2023-11-15`, field);
  return value;
}

/** The day a member retires or a group closes: today unless given, never in the future. */
export function pastDay(value: string | undefined, today: string, field = 'on'): string {
  if (value === undefined) return today;
  requireDay(value, field);
  if (value > today) throw new AppError(422, 'validation', `${field}: not after today`, field);
  return value;
}
