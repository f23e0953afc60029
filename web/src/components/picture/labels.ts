import { useMemo } from 'react';
import type { Locale } from '../../api';
import { isMessageKey, useI18n } from '../../i18n';

const TAGS: Record<Locale, string> = { ar: 'ar', fr: 'fr', en: 'en-GB' };

/** Country names in the user's language, from the browser's own data (Intl.DisplayNames). */
export function useCountryName(): (code: string) => string {
  const { locale } = useI18n();
  return useMemo(() => {
    const names = new Intl.DisplayNames([TAGS[locale]], { type: 'region', fallback: 'code' });
    return (code: string) => {
      try {
        return names.of(code) ?? code;
      } catch {
        return code;
      }
    };
  }, [locale]);
}

/** Every ISO 3166-1 code the browser names, sorted by name in the user's language. */
export function useCountryOptions(): { code: string; name: string }[] {
  const { locale } = useI18n();
  return useMemo(() => {
    const names = new Intl.DisplayNames([TAGS[locale]], { type: 'region', fallback: 'none' });
    const skip = new Set(
      'EU EZ UN QO QU XA XB ZZ AC CP DG EA IC TA AN BU CS DD DY FX HV NH NT RH SU TP VD YD YU ZR'.split(
        ' ',
      ),
    );
    const out: { code: string; name: string }[] = [];
    for (let a = 65; a <= 90; a++)
      for (let b = 65; b <= 90; b++) {
        const code = String.fromCharCode(a, b);
        const name = skip.has(code) ? undefined : names.of(code);
        if (name) out.push({ code, name });
      }
    return out.sort((x, y) => x.name.localeCompare(y.name, TAGS[locale]));
  }, [locale]);
}

export function useEventTypeLabel(): (code: string) => string {
  const { t } = useI18n();
  return (code) => {
    const key = `picture.eventType.${code}`;
    return isMessageKey(key) ? t(key) : code;
  };
}

export function useSubEventTypeLabel(): (code: string) => string {
  const { t } = useI18n();
  return (code) => {
    const key = `picture.subEventType.${code}`;
    return isMessageKey(key) ? t(key) : code;
  };
}

/** A name in the user's language, else English, else any. */
export function localName(
  names: Record<string, string> | undefined,
  locale: Locale,
  fallback: string,
): string {
  if (!names) return fallback;
  return names[locale] ?? names.en ?? Object.values(names)[0] ?? fallback;
}

/** Eight colours that stay apart for most colour vision (Okabe–Ito, with grey for "other"). */
export const SERIES_COLOURS = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#8C6D1F',
  '#000000',
];
export const OTHER_COLOUR = '#9aa3ad';

/** Sequential shades for the map, light to dark (ColorBrewer "OrRd", 6 classes). */
export const SHADES = ['#fef0d9', '#fdd49e', '#fdbb84', '#fc8d59', '#e34a33', '#b30000'];

/** Class limits for a shade: quantile-like steps that read well for counts spanning 1 to 1,000s. */
export function shadeSteps(max: number): number[] {
  if (max <= 0) return [];
  const steps: number[] = [];
  for (let i = 1; i <= SHADES.length; i++)
    steps.push(Math.max(1, Math.round(Math.pow(max, i / SHADES.length))));
  return [...new Set(steps)];
}

export function shadeOf(value: number, steps: number[]): string | null {
  if (value <= 0 || steps.length === 0) return null;
  const i = steps.findIndex((s) => value <= s);
  const index = i === -1 ? steps.length - 1 : i;
  return SHADES[
    Math.min(
      SHADES.length - 1,
      Math.round((index * (SHADES.length - 1)) / Math.max(1, steps.length - 1)),
    )
  ]!;
}
