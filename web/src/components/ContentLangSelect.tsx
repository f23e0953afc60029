import type { Locale } from '../api';
import { LOCALES } from '../api';
import { isLocale, useI18n } from '../i18n';

/** The name of a content language in the reader's language; a code Tansiq has no name for stays a code. */
export function languageName(t: ReturnType<typeof useI18n>['t'], code: string): string {
  return isLocale(code) ? t(`contentLang.${code}`) : code;
}

/** Which of the three languages a text is written in. */
export function ContentLangSelect({
  value,
  onChange,
  testId,
}: {
  value: Locale;
  onChange: (lang: Locale) => void;
  testId?: string;
}) {
  const { t } = useI18n();
  return (
    <select
      className="select"
      value={value}
      onChange={(e) => onChange(e.target.value as Locale)}
      data-testid={testId}
    >
      {LOCALES.map((code) => (
        <option key={code} value={code}>
          {languageName(t, code)}
        </option>
      ))}
    </select>
  );
}
