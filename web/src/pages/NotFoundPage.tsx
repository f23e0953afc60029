import type { ReactNode } from 'react';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { useTitle } from '../useTitle';

interface Props {
  /** The page's heading; by default "Page not found". */
  title?: string;
  /** What happened, in a sentence; by default that no page has this address. */
  children?: ReactNode;
  testId?: string;
}

/**
 * What a missing page (or a record the reader may not see, which is the same 404) shows: a heading
 * that names it, a sentence, and two ways on, back where the reader came from and home.
 */
export function NotFoundPage({ title, children, testId = 'not-found' }: Props) {
  const { t } = useI18n();
  const heading = title ?? t('notFound.title');
  useTitle(heading);
  return (
    <section className="page not-found" data-testid={testId}>
      <h1 data-testid="not-found-title">{heading}</h1>
      <p className="muted">{children ?? t('notFound.text')}</p>
      <div className="not-found-actions">
        {window.history.length > 1 && (
          <button
            type="button"
            className="button"
            onClick={() => window.history.back()}
            data-testid="not-found-back"
          >
            {t('notFound.back')}
          </button>
        )}
        <Link to="/" className="button button-primary" data-testid="not-found-home">
          {t('notFound.home')}
        </Link>
      </div>
    </section>
  );
}
