import type { Item, ObjectDetail } from '../../api';
import { LOCALES } from '../../api';
import { isLocale, useI18n } from '../../i18n';
import { languageName } from '../ContentLangSelect';
import { textDir } from './ObjectRef';

/**
 * An object's texts in the reader's language: the owner's translation when there is one (with the
 * original a click away), else the original; then the owner's other languages. The original's own
 * language is never listed again as a "translation".
 */
export function ObjectTexts({ detail, shown }: { detail: ObjectDetail; shown: Item }) {
  const { t, locale } = useI18n();
  const { object } = shown;
  const original = typeof object.lang === 'string' ? object.lang : undefined;
  // A translation speaks for the latest version only: an older version is shown as written.
  const latest = shown.object.modified === detail.object.modified;
  const local = latest && original !== locale ? detail.translations[locale] : undefined;
  const description = local?.description ?? object.description;
  const descriptionLang = local?.description ? locale : original;
  const others = latest
    ? [
        ...LOCALES.filter((code) => code !== original && code !== locale),
        ...Object.keys(detail.translations).filter((code) => !isLocale(code) && code !== original),
      ].flatMap((code) => {
        const tr = detail.translations[code];
        return tr && (tr.name || tr.description) ? [{ code, ...tr }] : [];
      })
    : [];

  return (
    <>
      {description && (
        <section className="panel" data-testid="kn-description">
          <h2 className="panel-title">{t('detail.description')}</h2>
          <p
            className="content-text"
            lang={descriptionLang}
            dir={textDir(descriptionLang)}
            data-testid="kn-description-text"
          >
            {description}
          </p>
          {local?.description && object.description && (
            <details className="kn-original">
              <summary>
                {t('knowledge.original', { lang: original ? languageName(t, original) : '' })}
              </summary>
              {object.name && (
                <p className="translation-name" lang={original} dir={textDir(original)}>
                  {object.name}
                </p>
              )}
              <p className="content-text" lang={original} dir={textDir(original)}>
                {object.description}
              </p>
            </details>
          )}
        </section>
      )}
      {others.length > 0 && (
        <section className="panel" data-testid="detail-translations">
          <h2 className="panel-title">{t('knowledge.otherLanguages')}</h2>
          <div className="translations">
            {others.map((tr) => (
              <article key={tr.code} className="translation" data-lang={tr.code}>
                <h3 className="translation-lang">{languageName(t, tr.code)}</h3>
                {tr.name && (
                  <p className="translation-name" lang={tr.code} dir={textDir(tr.code)}>
                    {tr.name}
                  </p>
                )}
                {tr.description && (
                  <p className="content-text" lang={tr.code} dir={textDir(tr.code)}>
                    {tr.description}
                  </p>
                )}
              </article>
            ))}
          </div>
        </section>
      )}
    </>
  );
}
