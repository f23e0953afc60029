import type { ReactNode } from 'react';
import type { ReviewStatus } from '../ingestApi';
import { useI18n } from '../i18n';
import { formatNumber } from '../format';

/** One entity of the review: accept or drop it, correct it, link it. */
export function EntityRow({
  id,
  status,
  onStatus,
  children,
  testId,
}: {
  id: string;
  status: ReviewStatus;
  onStatus: (status: ReviewStatus) => void;
  children: ReactNode;
  testId: string;
}) {
  const { t } = useI18n();
  return (
    <li
      id={id}
      className={`ingest-entity ingest-entity-${status}`}
      data-testid={testId}
      data-status={status}
    >
      <div className="ingest-entity-fields">{children}</div>
      <div className="ingest-entity-actions" role="group" aria-label={t('ingest.decision')}>
        <button
          type="button"
          className={`button button-small${status === 'accepted' ? ' button-primary' : ''}`}
          aria-pressed={status === 'accepted'}
          onClick={() => onStatus(status === 'accepted' ? 'proposed' : 'accepted')}
          data-testid={`${testId}-accept`}
        >
          {t('ingest.accept')}
        </button>
        <button
          type="button"
          className={`button button-small${status === 'dropped' ? ' button-danger' : ''}`}
          aria-pressed={status === 'dropped'}
          onClick={() => onStatus(status === 'dropped' ? 'proposed' : 'dropped')}
          data-testid={`${testId}-drop`}
        >
          {t('ingest.drop')}
        </button>
      </div>
    </li>
  );
}

/** A titled list of entity rows, with a count; says so when there is none. */
export function EntityList({
  title,
  count,
  children,
  testId,
}: {
  title: string;
  count: number;
  children: ReactNode;
  testId: string;
}) {
  const { t, locale } = useI18n();
  return (
    <section className="ingest-entities" data-testid={testId}>
      <h3 className="ingest-entities-title">
        {title} <span className="muted">({formatNumber(locale, count)})</span>
      </h3>
      {count === 0 ? (
        <p className="muted">{t('ingest.none')}</p>
      ) : (
        <ul className="ingest-entity-list">{children}</ul>
      )}
    </section>
  );
}
