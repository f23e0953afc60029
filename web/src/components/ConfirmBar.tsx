import type { ReactNode } from 'react';
import { useI18n } from '../i18n';

interface Props {
  /** `${testId}-dialog`, `${testId}-confirm` and `${testId}-cancel` name its parts. */
  testId: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  children: ReactNode;
}

/** An inline "are you sure?" for a destructive action, in place of a modal. */
export function ConfirmBar({ testId, confirmLabel, onConfirm, onCancel, children }: Props) {
  const { t } = useI18n();
  return (
    <div
      className="alert alert-warning confirm-bar"
      role="alertdialog"
      data-testid={`${testId}-dialog`}
    >
      <span>{children}</span>
      <span className="confirm-actions">
        <button
          type="button"
          className="button button-small button-danger"
          onClick={onConfirm}
          data-testid={`${testId}-confirm`}
        >
          {confirmLabel}
        </button>
        <button
          type="button"
          className="button button-small"
          onClick={onCancel}
          data-testid={`${testId}-cancel`}
        >
          {t('common.cancel')}
        </button>
      </span>
    </div>
  );
}
