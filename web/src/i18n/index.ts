import { createContext, useContext } from 'react';
import { LOCALES, type Locale } from '../api';
import { FRENCH_FORMS, frenchPlace, type FrenchForm } from '../frenchPlaces';
import ar from './ar.json';
import en from './en.json';
import fr from './fr.json';

/** Message keys are derived from the English catalog; the others must have the same keys. */
export type MessageKey = keyof typeof en;
export type Catalog = Record<MessageKey, string>;
export type Params = Record<string, string | number>;

const catalogs: Record<Locale, Catalog> = { ar, fr, en };

export function isLocale(value: unknown): value is Locale {
  return (LOCALES as readonly unknown[]).includes(value);
}

export function direction(locale: Locale): 'rtl' | 'ltr' {
  return locale === 'ar' ? 'rtl' : 'ltr';
}

/** The direction of a field one may type in any language: its own once it holds text (an Arabic
 * name stays right-to-left in the French interface), the page's while empty (its placeholder). */
export function typedDir(value: string | null | undefined): 'auto' | undefined {
  return value ? 'auto' : undefined;
}

/**
 * A catalog text with its `{placeholders}` filled. French writes `{member|de}`, `{country|à}`,
 * `{member|le}` or `{member|Le}` where a name follows a preposition or starts a sentence: the name
 * then takes its article, contracted as French does (« du Niger », « au Maroc », « de l’Algérie »).
 */
export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const template = catalogs[locale][key];
  if (!params) return template;
  return template.replace(/\{(\w+)(?:\|([^}]+))?\}/g, (whole, name: string, form?: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return locale === 'fr' && isFrenchForm(form) ? frenchPlace(String(value), form) : String(value);
  });
}

const isFrenchForm = (form: string | undefined): form is FrenchForm =>
  (FRENCH_FORMS as readonly (string | undefined)[]).includes(form);

/** A key built at run time (e.g. `stix.${type}`) is only used if the catalog has it. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

export type Translate = (key: MessageKey, params?: Params) => string;

export interface I18n {
  locale: Locale;
  /** The BCP 47 tag dates and numbers are written in (the user's region, contract/regions.ts). */
  formats: string;
  dir: 'rtl' | 'ltr';
  t: Translate;
}

export const I18nContext = createContext<I18n>({
  locale: 'en',
  formats: 'en-GB',
  dir: 'ltr',
  t: (key, params) => translate('en', key, params),
});

export function useI18n(): I18n {
  return useContext(I18nContext);
}

const STORAGE_KEY = 'tansiq.locale';

/** Before login the choice lives in localStorage; after login the server keeps it per user. */
export function storedLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // Storage may be disabled by policy; fall through to the browser language.
  }
  const preferred = navigator.language.slice(0, 2);
  return isLocale(preferred) ? preferred : 'en';
}

export function storeLocale(locale: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not fatal: the choice simply is not remembered.
  }
}
