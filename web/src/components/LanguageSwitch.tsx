import { LOCALES, type Locale } from '../api';
import { useI18n } from '../i18n';

interface Props {
  onChange: (locale: Locale) => void;
  variant?: 'dark' | 'light';
}

export function LanguageSwitch({ onChange, variant = 'dark' }: Props) {
  const { locale, t } = useI18n();
  return (
    <div
      className={`lang-switch lang-switch-${variant}`}
      role="group"
      aria-label={t('header.language')}
    >
      {LOCALES.map((code) => (
        <button
          key={code}
          type="button"
          lang={code}
          className={code === locale ? 'active' : undefined}
          aria-pressed={code === locale}
          data-testid={`lang-${code}`}
          onClick={() => onChange(code)}
        >
          {t(`lang.${code}`)}
        </button>
      ))}
    </div>
  );
}
