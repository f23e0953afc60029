import { AppError } from '../errors.ts';
import type { MembersTable } from '../db/schema.ts';

/** Checks shared by the coordination services: dates, countries, currencies, members. */

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export const invalid = (field: string, message: string) =>
  new AppError(422, 'validation', `${field}: ${message}`, field);

/** A real calendar day `YYYY-MM-DD` (not 2023-02-30). */
export function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function checkDay(field: string, value: string): string {
  if (!isDay(value)) throw invalid(field, `"${value}" is not a date YYYY-MM-DD`);
  return value;
}

/** An ISO 3166-1 alpha-2 code the platform knows a name for (upper-cased). */
export function checkCountry(field: string, value: string): string {
  const code = value.trim().toUpperCase();
  if (!isCountry(code))
    throw invalid(field, `"${value}" is not an ISO 3166-1 country code such as NE`);
  return code;
}

export function isCountry(value: string): boolean {
  if (!/^[A-Z]{2}$/.test(value) || value === 'ZZ') return false;
  return regionNames.of(value) !== value;
}

/** An ISO 4217 currency code (upper-cased). */
export function checkCurrency(field: string, value: string): string {
  const code = value.trim().toUpperCase();
  if (!CURRENCIES.has(code))
    throw invalid(field, `"${value}" is not an ISO 4217 currency code such as EUR`);
  return code;
}

/** Members by code, for checking many codes in one request. */
export class MemberIndex {
  private readonly byCode: Map<string, MembersTable>;
  private readonly byId: Map<string, MembersTable>;
  constructor(members: MembersTable[]) {
    this.byCode = new Map(members.map((m) => [m.code, m]));
    this.byId = new Map(members.map((m) => [m.id, m]));
  }

  find(code: string): MembersTable | undefined {
    return this.byCode.get(code.trim().toUpperCase());
  }

  /** The member with this code, or a 422 naming the field. */
  require(field: string, code: string): MembersTable {
    const member = this.find(code);
    if (!member) throw new AppError(422, 'unknown_member', `${field}: no member "${code}"`, field);
    return member;
  }

  byMemberId(id: string): MembersTable | undefined {
    return this.byId.get(id);
  }

  /** A member whose name in any language, or code, is `name` (for CSV and IATI organisations). */
  byName(name: string): MembersTable | undefined {
    const needle = name.trim().toLowerCase();
    for (const m of this.byCode.values()) {
      if ([m.code, m.name_en, m.name_fr, m.name_ar].some((n) => n.toLowerCase() === needle))
        return m;
    }
    return undefined;
  }

  all(): MembersTable[] {
    return [...this.byCode.values()];
  }
}

/** Today (UTC), as chair terms and due dates are compared. */
export const today = () => new Date().toISOString().slice(0, 10);
