import { useI18n } from '../i18n';
import { CopyButton } from './CopyButton';

/** Recovery codes, shown once: the user copies them or saves them as a file before going on. */
export function RecoveryCodesBox({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useI18n();
  const text = codes.join('\n');
  const file = `data:text/plain;charset=utf-8,${encodeURIComponent(`${text}\n`)}`;
  return (
    <div className="recovery-codes" data-testid="recovery-codes" role="region" aria-live="polite">
      <h3 className="panel-subtitle">{t('account.recovery.title')}</h3>
      <p>{t('account.recovery.explain')}</p>
      <ol className="recovery-list" dir="ltr">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="form-actions form-actions-start">
        <CopyButton text={text} label="account.recovery.copy" testId="recovery-copy" />
        <a className="button" href={file} download="tansiq-recovery-codes.txt">
          {t('account.recovery.save')}
        </a>
        <button
          type="button"
          className="button button-primary"
          onClick={onDone}
          data-testid="recovery-done"
        >
          {t('account.recovery.done')}
        </button>
      </div>
    </div>
  );
}
