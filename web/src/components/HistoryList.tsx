import { useCallback, useEffect, useState } from 'react';
import type { HistoryItem } from '../api';
import { isMessageKey, useI18n } from '../i18n';
import { useSession } from '../session';
import { formatDate, formatDateTime } from '../format';
import { LoadError } from './Alert';

/** What a history entry's value is, in words: dates as dates, member kinds and roles in our
 * language, names as written (in their own direction). */
function useValueText() {
  const { t, locale } = useI18n();
  return (field: string, value: string | null) => {
    if (value === null) return t('history.noValue');
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(locale, value);
    const key =
      field === 'kind' ? `org.kind.${value}` : field === 'role' ? `org.role.${value}` : '';
    return key && isMessageKey(key) ? t(key) : value;
  };
}

/**
 * A member's or a group's history, newest first, as the server reads it from the audit log:
 * when, who, what, why, and each field before → after (nothing earlier is lost).
 */
export function HistoryList(props: {
  name: string;
  load: () => Promise<{ items: HistoryItem[] }>;
  testId: string;
}) {
  const { t, locale, dir } = useI18n();
  const { members } = useSession();
  // Before, then after, in reading order: the arrow points the way the page reads.
  const arrow = dir === 'rtl' ? ' ← ' : ' → ';
  const valueText = useValueText();
  const { load } = props;
  const [items, setItems] = useState<HistoryItem[] | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const fetchItems = useCallback(() => {
    setFailure(null);
    load().then(
      (answer) => setItems(answer.items),
      (error: unknown) => setFailure(error),
    );
  }, [load]);
  useEffect(fetchItems, [fetchItems]);

  const memberName = (code: string) => members.get(code)?.names[locale] ?? code;
  const label = (prefix: string, value: string) => {
    const key = `${prefix}.${value}`;
    return isMessageKey(key) ? t(key) : value;
  };

  return (
    <section
      className="history"
      data-testid={props.testId}
      aria-label={t('history.title', { name: props.name })}
    >
      <h4 className="panel-title">{t('history.title', { name: props.name })}</h4>
      {failure !== null && <LoadError error={failure} onRetry={fetchItems} />}
      {items === null && failure === null && <p className="muted">{t('common.loading')}</p>}
      {items?.length === 0 && <p className="muted">{t('history.empty')}</p>}
      {items && items.length > 0 && (
        <ol className="history-list">
          {items.map((item) => (
            <li key={item.seq} data-testid="history-item" data-action={item.action}>
              <div className="history-head">
                <strong>{label('history.action', item.action)}</strong>
                {item.member && item.term && (
                  <span> · {t('history.term', { member: memberName(item.member) })}</span>
                )}
                {item.member && !item.term && <span> · {memberName(item.member)}</span>}
                {item.because && (
                  <span className="muted"> · {label('history.because', item.because)}</span>
                )}
              </div>
              <div className="history-meta muted">
                <time dateTime={item.at}>{formatDateTime(locale, item.at)}</time>{' '}
                {item.actor && <span>{t('history.by', { actor: item.actor })}</span>}
              </div>
              {item.changes.length > 0 && (
                <dl className="history-changes">
                  {item.changes.map((change) => (
                    <div key={change.field} className="history-change" data-field={change.field}>
                      <dt>{label('history.field', change.field)}</dt>
                      <dd>
                        {change.before !== null && (
                          <del dir="auto" data-testid="history-before">
                            {valueText(change.field, change.before)}
                          </del>
                        )}
                        {change.before !== null && change.after !== null && (
                          <span aria-hidden="true">{arrow}</span>
                        )}
                        {change.after !== null ? (
                          <ins dir="auto" data-testid="history-after">
                            {valueText(change.field, change.after)}
                          </ins>
                        ) : (
                          change.before === null && <span>{t('history.noValue')}</span>
                        )}
                      </dd>
                    </div>
                  ))}
                </dl>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
