import type { Texts } from '../coordinationApi';
import { LOCALES } from '../coordination';
import { direction, useI18n } from '../i18n';
import { FieldMessage } from './Alert';

interface Props {
  /** What the texts are ("Title"), shown with each language's name. */
  label: string;
  value: Texts;
  onChange: (next: Texts) => void;
  multiline?: boolean;
  rows?: number;
  /** `${testId}-${lang}` names each control. */
  testId: string;
  error?: string | null;
  required?: boolean;
}

/** One text in the three working languages, the interface language first; each control carries
 * the `lang` and `dir` of what it holds. */
export function TextsFields({
  label,
  value,
  onChange,
  multiline,
  rows = 4,
  testId,
  error,
  required,
}: Props) {
  const { t, locale } = useI18n();
  const order = [locale, ...LOCALES.filter((l) => l !== locale)];
  const errorId = `${testId}-error`;
  return (
    <fieldset className="texts-fields" data-testid={testId}>
      <legend className="label">
        {label}
        {required && <span className="muted"> · {t('coord.form.oneLanguage')}</span>}
      </legend>
      <div className="texts-grid">
        {order.map((lang) => {
          const common = {
            className: multiline ? 'textarea' : 'input',
            dir: direction(lang),
            lang,
            value: value[lang],
            'aria-label': `${label} — ${t(`contentLang.${lang}`)}`,
            'aria-invalid': error ? true : undefined,
            'aria-describedby': error ? errorId : undefined,
            'data-testid': `${testId}-${lang}`,
          };
          return (
            <label key={lang} className="field texts-lang">
              <span className="hint">{t(`contentLang.${lang}`)}</span>
              {multiline ? (
                <textarea
                  {...common}
                  rows={rows}
                  onChange={(e) => onChange({ ...value, [lang]: e.target.value })}
                />
              ) : (
                <input
                  {...common}
                  onChange={(e) => onChange({ ...value, [lang]: e.target.value })}
                />
              )}
            </label>
          );
        })}
      </div>
      {error && (
        <FieldMessage id={errorId} kind="error" testId={`${testId}-error`}>
          {error}
        </FieldMessage>
      )}
    </fieldset>
  );
}

/** A text shown in the interface language, or in the language it exists in (marked so). */
export function LocalText({
  texts,
  as: Tag = 'span',
  className,
}: {
  texts: Texts;
  as?: 'span' | 'p' | 'h1' | 'h2' | 'h3' | 'div';
  className?: string;
}) {
  const { locale } = useI18n();
  const lang = texts[locale]
    ? locale
    : ((['en', 'fr', 'ar'] as const).find((l) => texts[l]) ?? locale);
  return (
    <Tag className={className} lang={lang} dir={direction(lang)}>
      {texts[lang]}
    </Tag>
  );
}
