import { useCallback, useEffect, useState } from 'react';
import { api, type SessionInfo } from '../api';
import { errorText } from '../errors';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { Alert } from './Alert';

/** The user's open sessions: where and when each was used; end one, or all the others. */
export function SessionsPanel() {
  const { t, locale } = useI18n();
  const [sessions, setSessions] = useState<SessionInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    api.sessions().then(
      (page) => setSessions(page.items),
      (failure: unknown) => setError(errorText(t, failure)),
    );
  }, [t]);
  useEffect(load, [load]);

  const act = (work: Promise<unknown>) => {
    setBusy(true);
    setError(null);
    void work
      .then(load, (failure: unknown) => setError(errorText(t, failure)))
      .finally(() => setBusy(false));
  };

  const others = sessions?.filter((s) => !s.current) ?? [];
  return (
    <section className="panel" aria-labelledby="sessions-title" data-testid="sessions-panel">
      <h2 id="sessions-title" className="panel-title">
        {t('account.sessions.title')}
      </h2>
      <p className="hint">{t('account.sessions.explain')}</p>
      {error && <Alert>{error}</Alert>}
      {sessions === null ? (
        <p aria-busy="true">{t('common.loading')}</p>
      ) : (
        <ul className="session-list">
          {sessions.map((s) => (
            <li key={s.id} className="session-card" data-current={s.current}>
              <div className="session-where">
                <bdi dir="ltr">{s.address ?? '—'}</bdi>
                {s.current && (
                  <span className="tag tag-active">{t('account.sessions.current')}</span>
                )}
              </div>
              <div className="session-agent" dir="ltr">
                {s.user_agent ?? t('account.sessions.unknownAgent')}
              </div>
              <div className="hint">
                {t('account.sessions.seen', {
                  started: formatDateTime(locale, s.created_at),
                  seen: formatDateTime(locale, s.last_seen_at ?? s.created_at),
                })}
              </div>
              {!s.current && (
                <button
                  type="button"
                  className="button button-small"
                  disabled={busy}
                  onClick={() => act(api.endSession(s.id))}
                  data-testid="session-end"
                >
                  {t('account.sessions.end')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {others.length > 0 && (
        <div className="form-actions form-actions-start">
          <button
            type="button"
            className="button button-danger"
            disabled={busy}
            onClick={() => act(api.endOtherSessions())}
            data-testid="sessions-end-others"
          >
            {t('account.sessions.endOthers')}
          </button>
        </div>
      )}
    </section>
  );
}
