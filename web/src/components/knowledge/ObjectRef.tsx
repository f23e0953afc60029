import type { ObjectLabel } from '../../api';
import { isMessageKey, useI18n } from '../../i18n';
import { Link } from '../../router';
import { StixType } from '../Names';

/** Writing direction of a text in a content language. */
export function textDir(lang: string | undefined): 'rtl' | 'ltr' | 'auto' {
  if (lang === 'ar') return 'rtl';
  return lang ? 'ltr' : 'auto';
}

/** An object's name in the reader's language when known, with the language it is in. */
export function labelText(
  label: ObjectLabel,
  locale: string,
): { text: string; lang?: string } | null {
  const local = label.names?.[locale];
  if (local) return { text: local, lang: locale };
  if (label.name) return { text: label.name, lang: label.lang };
  return null;
}

export function objectHref(id: string): string {
  return `/objects/${encodeURIComponent(id)}`;
}

/**
 * A referenced object as a reader sees it: its type and its name in the reader's language, linked,
 * marked when revoked. One the reader may not read, or that is not here, reads the same either way.
 */
export function ObjectRef({ label, showType = true }: { label: ObjectLabel; showType?: boolean }) {
  const { t, locale } = useI18n();
  if (!label.visible) {
    const key = `stix.${label.type}`;
    return (
      <span className="kn-ref kn-ref-hidden" data-testid="object-ref" data-visible="false">
        {showType && <span className="stix-type">{isMessageKey(key) ? t(key) : label.type}</span>}
        <span className="kn-ref-unavailable">{t('knowledge.ref.unavailable')}</span>
      </span>
    );
  }
  const name = labelText(label, locale);
  return (
    <span
      className={label.revoked ? 'kn-ref kn-ref-revoked' : 'kn-ref'}
      data-testid="object-ref"
      data-visible="true"
      data-object-id={label.id}
      data-revoked={label.revoked ? 'true' : undefined}
    >
      {showType && <StixType type={label.type} />}
      <Link to={objectHref(label.id)} className="kn-ref-name">
        {name ? (
          <bdi lang={name.lang} dir={textDir(name.lang)}>
            {name.text}
          </bdi>
        ) : (
          <code dir="ltr">{label.id}</code>
        )}
      </Link>
      {label.revoked && <span className="tag tag-revoked">{t('objects.revoked')}</span>}
    </span>
  );
}

/** A relationship type in the reader's language ("attributed to", "منسوب إلى"). */
export function useRelationshipText(): (type: string) => string {
  const { t } = useI18n();
  return (type) => {
    const key = `knowledge.rel.${type}`;
    return isMessageKey(key) ? t(key) : type.replace(/-/g, ' ');
  };
}

/** A referring property in the reader's language ("refers to", "author"). */
export function usePropertyText(): (property: string) => string {
  const { t } = useI18n();
  return (property) => {
    const key = `knowledge.prop.${property}`;
    return isMessageKey(key) ? t(key) : property.replace(/_refs?$/, '').replace(/_/g, ' ');
  };
}
