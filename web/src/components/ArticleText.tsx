import type { ReactNode } from 'react';
import type { Span } from '../ingestApi';
import { useI18n, type MessageKey } from '../i18n';

export const MARK_KINDS = [
  'person',
  'organization',
  'group',
  'place',
  'country',
  'date',
  'casualty',
] as const;
export type MarkKind = (typeof MARK_KINDS)[number];

export interface Mark extends Span {
  kind: MarkKind;
  /** The review row it belongs to (`ingest-entity-…`), for a link from the text. */
  target?: string;
  dropped?: boolean;
}

const LABELS: Record<MarkKind, MessageKey> = {
  person: 'ingest.kind.person',
  organization: 'ingest.kind.organization',
  group: 'ingest.kind.group',
  place: 'ingest.kind.place',
  country: 'ingest.kind.country',
  date: 'ingest.kind.date',
  casualty: 'ingest.kind.casualty',
};

/** The cleaned article, in its own direction, with each entity highlighted by kind. */
export function ArticleText({
  text,
  language,
  marks,
}: {
  text: string;
  language: string;
  marks: Mark[];
}) {
  const { t } = useI18n();
  const sorted = [...marks].sort((a, b) => a.start - b.start || b.end - a.end);
  const parts: ReactNode[] = [];
  let at = 0;
  for (const [index, mark] of sorted.entries()) {
    if (mark.start < at || mark.end > text.length) continue; // overlaps one already shown
    if (mark.start > at) parts.push(text.slice(at, mark.start));
    const label = t(LABELS[mark.kind]);
    const body = text.slice(mark.start, mark.end);
    parts.push(
      <mark
        key={index}
        className={`ingest-mark ingest-mark-${mark.kind}${mark.dropped ? ' ingest-mark-dropped' : ''}`}
        title={label}
        data-kind={mark.kind}
        data-testid="ingest-mark"
      >
        {mark.target ? <a href={`#${mark.target}`}>{body}</a> : body}
      </mark>,
    );
    at = mark.end;
  }
  parts.push(text.slice(at));
  const dir = language === 'ar' ? 'rtl' : 'ltr';
  return (
    <div className="ingest-article-wrap">
      <ul className="ingest-legend" aria-label={t('ingest.legend')}>
        {MARK_KINDS.map((kind) => (
          <li key={kind}>
            <span className={`ingest-mark ingest-mark-${kind}`}>{t(LABELS[kind])}</span>
          </li>
        ))}
      </ul>
      <div className="ingest-article" dir={dir} lang={language} data-testid="ingest-article">
        {parts}
      </div>
    </div>
  );
}
