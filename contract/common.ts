import { Type, type Static, type TSchema } from 'typebox';
import { ERROR_CODES, ERROR_REASONS } from './errors.ts';
import { LOCALES, TLP_LEVELS, type Locale } from './vocabulary.ts';

/** A literal union from one of the vocabulary's lists. */
export const OneOf = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const LocaleSchema = OneOf(LOCALES);
export const TlpSchema = OneOf(TLP_LEVELS, 'TLP 2.0 level');

/** A text in each of the three languages. */
export const LocalizedSchema = Type.Object(
  Object.fromEntries(LOCALES.map((l) => [l, Type.String()])) as Record<
    Locale,
    ReturnType<typeof Type.String>
  >,
);
export type Localized = Static<typeof LocalizedSchema>;

/** `member`, `coalition`, `group:<slug>`, or `{"recipients": [member codes]}`. */
export const AudienceSchema = Type.Union([
  Type.String({ description: '"member", "coalition" or "group:<slug>"' }),
  Type.Object({ recipients: Type.Array(Type.String()) }),
]);
export type Audience = 'member' | 'coalition' | `group:${string}` | { recipients: string[] };

/**
 * The one error shape of every surface: a stable code, the field it is about, and for clients
 * that word it themselves the sharing `rule` or the schema `reason` (with its `limit`); `message`
 * is English for people reading the API.
 */
export const ErrorSchema = Type.Object({
  code: OneOf(ERROR_CODES),
  message: Type.String(),
  field: Type.Optional(Type.String()),
  rule: Type.Optional(Type.String()),
  reason: Type.Optional(OneOf(ERROR_REASONS)),
  limit: Type.Optional(Type.Number()),
});
export type ApiErrorBody = Static<typeof ErrorSchema>;

/** A page of items and the cursor of the next one. */
export const PageOf = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), next: Nullable(Type.String()) });
export interface Page<T> {
  items: T[];
  next: string | null;
}

/** A list without paging. */
export const ItemsOf = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item) });
