import { useMemo, useState } from 'react';
import { api, isRegion, LOCALES, REGIONS, type Locale } from '../api';
import { errorText } from '../errors';
import { compareText, formatDateWith, formatNumber } from '../format';
import { isLocale, useI18n } from '../i18n';
import { useSession } from '../session';
import { Alert } from './Alert';
import { Field } from './Field';

/** A date and a number to show what a region writes (the 5th of November: نونبر or نوفمبر). */
const SAMPLE_DATE = new Date(Date.UTC(2024, 10, 5, 14, 30));
const SAMPLE_NUMBER = 1234567.5;

/**
 * The user's language and region: the region decides dates, month names and digits (in Morocco
 * Latin digits and «نونبر», in Saudi Arabia Arabic-Indic digits and «نوفمبر»). Until one is chosen,
 * the member's country decides.
 */
export function RegionPanel() {
  const { t, locale, formats } = useI18n();
  const { me, setLocale, reloadMe } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // The chosen region as this language has it (ar-MA chosen, French interface: fr-MA), or the
  // choice itself when this language has no counterpart (en-US in Arabic).
  const counterpart = me.region ? `${locale}-${me.region.slice(me.region.indexOf('-') + 1)}` : '';
  const chosen = !me.region ? '' : isRegion(counterpart) ? counterpart : me.region;

  const options = useMemo(() => {
    const countries = new Intl.DisplayNames([locale], { type: 'region' });
    const languages = new Intl.DisplayNames([locale], { type: 'language' });
    const mine = REGIONS.filter((tag) => tag.startsWith(`${locale}-`)).map((tag) => ({
      tag: tag as string,
      name: countries.of(tag.slice(3)) ?? tag,
    }));
    if (chosen && !mine.some((o) => o.tag === chosen))
      mine.push({ tag: chosen, name: languages.of(chosen) ?? chosen });
    return mine.sort((a, b) => compareText(locale, a.name, b.name));
  }, [locale, chosen]);
  const country = me.member.iso2
    ? new Intl.DisplayNames([locale], { type: 'region' }).of(me.member.iso2)
    : undefined;

  function choose(value: string) {
    setBusy(true);
    setError(null);
    void api
      .setRegion(value || null)
      .then(reloadMe, (failure: unknown) => setError(errorText(t, failure)))
      .finally(() => setBusy(false));
  }

  return (
    <section className="panel" aria-labelledby="region-title" data-testid="region-panel">
      <h2 id="region-title" className="panel-title">
        {t('account.region.title')}
      </h2>
      {error && <Alert>{error}</Alert>}
      <div className="region-fields">
        <Field label={t('account.region.language')}>
          <select
            className="select"
            value={locale}
            onChange={(event) => isLocale(event.target.value) && setLocale(event.target.value)}
            data-testid="account-language"
          >
            {LOCALES.map((code: Locale) => (
              <option key={code} value={code} lang={code}>
                {t(`lang.${code}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('account.region.region')} hint={t('account.region.hint')}>
          <select
            className="select"
            value={chosen}
            disabled={busy}
            onChange={(event) => choose(event.target.value)}
            data-testid="account-region"
          >
            <option value="">
              {country
                ? t('account.region.fromMember', { country })
                : t('account.region.languageDefault')}
            </option>
            {options.map((o) => (
              <option key={o.tag} value={o.tag}>
                {o.name}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <p className="region-sample" data-testid="region-sample" data-formats={formats}>
        {t('account.region.sample', {
          date: formatDateWith(locale, SAMPLE_DATE, { dateStyle: 'full', timeZone: 'UTC' }),
          number: formatNumber(locale, SAMPLE_NUMBER),
        })}
      </p>
    </section>
  );
}
