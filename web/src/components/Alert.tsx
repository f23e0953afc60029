import type { ReactNode } from 'react';
import { errorText } from '../errors';
import { useI18n } from '../i18n';

interface Props {
  kind?: 'error' | 'warning' | 'info' | 'success';
  testId?: string;
  children: ReactNode;
}

export function Alert({ kind = 'error', testId, children }: Props) {
  return (
    <div
      className={`alert alert-${kind}`}
      role={kind === 'error' ? 'alert' : 'status'}
      data-testid={testId}
    >
      {children}
    </div>
  );
}

/** An error or hint shown under one form field (`aria-describedby` points at its id). */
export function FieldMessage({
  id,
  kind,
  testId,
  children,
}: {
  id: string;
  kind: 'error' | 'warning';
  testId?: string;
  children: ReactNode;
}) {
  return (
    <p
      id={id}
      className={`field-message field-${kind}`}
      role={kind === 'error' ? 'alert' : undefined}
      data-testid={testId}
    >
      {children}
    </p>
  );
}

/** A list or page that failed to load, with a way to ask again. */
export function LoadError({
  error,
  onRetry,
  testId,
}: {
  error: unknown;
  onRetry: () => void;
  testId?: string;
}) {
  const { t } = useI18n();
  return (
    <Alert testId={testId}>
      {t('common.error', { message: errorText(t, error) })}{' '}
      <button type="button" className="link-button" onClick={onRetry}>
        {t('common.retry')}
      </button>
    </Alert>
  );
}
