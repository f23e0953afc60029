import { useCallback, useEffect, useState } from 'react';
import { api, type Audience, type Peer, type TransferReport } from '../api';
import { Table } from '../components/Table';
import { AdminPage, type Notice } from '../components/AdminTabs';
import { Alert, LoadError } from '../components/Alert';
import { ConfirmBar } from '../components/ConfirmBar';
import { PageNotice } from '../components/PageHeader';
import { useAudienceText, useMemberName } from '../components/Names';
import { PeerForm } from '../components/PeerForm';
import { errorText } from '../errors';
import { formatDateTime, formatDuration, formatNumber } from '../format';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { useTitle } from '../useTitle';

type Direction = 'pull' | 'push';

/** The peer's audience spec as the API's audience (`recipients:A,B` is spelled out there). */
function audienceOf(spec: string): Audience {
  if (spec.startsWith('recipients:')) {
    return { recipients: spec.slice('recipients:'.length).split(',').filter(Boolean) };
  }
  return spec as Audience;
}

export function PeersPage() {
  const { t } = useI18n();
  const { me } = useSession();
  useTitle(t('peers.title'));
  const allowed = me.role === 'instance_admin';
  const [peers, setPeers] = useState<Peer[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [actionError, setActionError] = useState<{ peer: string; text: string } | null>(null);
  const [running, setRunning] = useState<{ peer: string; direction: Direction } | null>(null);
  const [reports, setReports] = useState<
    Record<string, { direction: Direction; report: TransferReport }>
  >({});
  const [confirmRemove, setConfirmRemove] = useState<string | null>(null);

  const reload = useCallback(() => {
    if (!allowed) return;
    setLoadError(null);
    api.peers().then(
      (page) => setPeers(page.peers),
      (failure: unknown) => setLoadError(failure),
    );
  }, [allowed]);
  useEffect(reload, [reload]);

  if (!allowed) {
    return (
      <PageNotice title={t('peers.title')} testId="peers-forbidden">
        {t('peers.adminsOnly')}
      </PageNotice>
    );
  }

  function transfer(name: string, direction: Direction) {
    setRunning({ peer: name, direction });
    setActionError(null);
    setNotice(null);
    (direction === 'pull' ? api.pullPeer(name) : api.pushPeer(name)).then(
      (report) => {
        setRunning(null);
        setReports((current) => ({ ...current, [name]: { direction, report } }));
        reload();
      },
      (failure: unknown) => {
        setRunning(null);
        setActionError({ peer: name, text: errorText(t, failure) });
      },
    );
  }

  function remove(name: string) {
    setConfirmRemove(null);
    setActionError(null);
    api.removePeer(name).then(
      () => {
        setPeers((current) => current?.filter((peer) => peer.name !== name) ?? null);
        setNotice({ key: 'peers.removed', params: { name } });
      },
      (failure: unknown) => setActionError({ peer: name, text: errorText(t, failure) }),
    );
  }

  return (
    <AdminPage
      title={t('peers.title')}
      subtitle={t('peers.subtitle')}
      notice={notice}
      testIdPrefix="peers"
    >
      {loadError !== null && <LoadError error={loadError} onRetry={reload} testId="peers-error" />}

      {peers === null && loadError === null && <p className="muted">{t('common.loading')}</p>}
      {peers?.length === 0 && (
        <div className="empty-state" data-testid="peers-empty">
          {t('peers.empty')}
        </div>
      )}
      {peers?.map((peer) => (
        <PeerCard
          key={peer.name}
          peer={peer}
          running={running?.peer === peer.name ? running.direction : null}
          busy={running !== null}
          error={actionError?.peer === peer.name ? actionError.text : null}
          last={reports[peer.name] ?? null}
          confirming={confirmRemove === peer.name}
          onTransfer={(direction) => transfer(peer.name, direction)}
          onRemove={() => setConfirmRemove(peer.name)}
          onConfirmRemove={() => remove(peer.name)}
          onCancelRemove={() => setConfirmRemove(null)}
        />
      ))}

      <PeerForm
        onAdded={(peer) => {
          setNotice({ key: 'peers.added', params: { name: peer.name } });
          setPeers((current) => [...(current ?? []), peer]);
        }}
      />
    </AdminPage>
  );
}

interface CardProps {
  peer: Peer;
  running: Direction | null;
  busy: boolean;
  error: string | null;
  last: { direction: Direction; report: TransferReport } | null;
  confirming: boolean;
  onTransfer: (direction: Direction) => void;
  onRemove: () => void;
  onConfirmRemove: () => void;
  onCancelRemove: () => void;
}

function PeerCard(props: CardProps) {
  const { peer, running, busy, error, last, confirming } = props;
  const { t, locale } = useI18n();
  const memberName = useMemberName();
  const audienceText = useAudienceText();
  const titles = new Map(last?.report.collections.map((c) => [c.collection, c.title]) ?? []);
  const checkpoints = [...peer.checkpoints].sort(
    (a, b) =>
      a.direction.localeCompare(b.direction) || a.collection_id.localeCompare(b.collection_id),
  );
  return (
    <article className="panel peer-card" data-testid="peer-card" data-peer={peer.name}>
      <div className="group-card-header">
        <h2 className="group-name">
          <bdi>{peer.name}</bdi>
        </h2>
        <span
          className={
            peer.last_error ? 'tag tag-disabled' : peer.last_pull_at ? 'tag tag-active' : 'tag'
          }
          data-testid="peer-status"
        >
          {peer.last_error
            ? t('peers.status.error')
            : peer.last_pull_at
              ? t('peers.status.ok')
              : t('peers.status.never')}
        </span>
        <span className="peer-actions">
          <button
            type="button"
            className="button button-small button-primary"
            disabled={busy}
            onClick={() => props.onTransfer('pull')}
            data-testid="peer-pull"
          >
            {running === 'pull' ? t('peers.pulling') : t('peers.pullNow')}
          </button>
          <button
            type="button"
            className="button button-small"
            disabled={busy}
            onClick={() => props.onTransfer('push')}
            data-testid="peer-push"
          >
            {running === 'push' ? t('peers.pushing') : t('peers.pushNow')}
          </button>
          <button
            type="button"
            className="button button-small button-danger"
            disabled={busy}
            onClick={props.onRemove}
            data-testid="peer-remove"
          >
            {t('peers.remove')}
          </button>
        </span>
      </div>

      {confirming && (
        <ConfirmBar
          testId="peer-remove"
          confirmLabel={t('peers.remove')}
          onConfirm={props.onConfirmRemove}
          onCancel={props.onCancelRemove}
        >
          {t('peers.removeConfirm', { name: peer.name })}
        </ConfirmBar>
      )}
      {error && <Alert testId="peer-action-error">{error}</Alert>}

      <dl className="facts peer-facts">
        <dt>{t('peers.url')}</dt>
        <dd>
          <code dir="ltr" className="break">
            {peer.url}
          </code>
        </dd>
        <dt>{t('peers.account')}</dt>
        <dd>
          <bdi>{peer.username}</bdi> · {t(`peers.auth.${peer.auth}`)}
        </dd>
        <dt>{t('peers.member')}</dt>
        <dd>{memberName(peer.member)}</dd>
        <dt>{t('peers.audience')}</dt>
        <dd>{audienceText(audienceOf(peer.audience), peer.member)}</dd>
        <dt>{t('peers.interval')}</dt>
        <dd>
          {peer.interval_seconds === 0
            ? t('peers.interval.manual')
            : t('peers.interval.every', {
                duration: formatDuration(locale, peer.interval_seconds),
              })}
        </dd>
        <dt>{t('peers.collections')}</dt>
        <dd>
          {peer.collections.length === 0
            ? t('peers.collections.all')
            : peer.collections.map((id) => (
                <code key={id} dir="ltr" className="collection-id">
                  {id}
                </code>
              ))}
        </dd>
        <dt>{t('peers.lastPull')}</dt>
        <dd data-testid="peer-last-pull">
          {peer.last_pull_at ? (
            <time dateTime={peer.last_pull_at}>{formatDateTime(locale, peer.last_pull_at)}</time>
          ) : (
            t('peers.status.never')
          )}
          {peer.last_error && (
            <span className="peer-error" dir="auto" data-testid="peer-last-error">
              {peer.last_error}
            </span>
          )}
        </dd>
      </dl>

      <h3 className="panel-title">{t('peers.checkpoints')}</h3>
      {checkpoints.length === 0 ? (
        <p className="muted">{t('peers.checkpoints.none')}</p>
      ) : (
        <Table
          testId="peer-checkpoints"
          columns={[
            t('peers.col.direction'),
            t('peers.col.collection'),
            t('peers.col.upTo'),
            t('peers.col.updated'),
          ]}
        >
          {checkpoints.map((point) => (
            <tr key={`${point.direction}/${point.collection_id}`} data-testid="peer-checkpoint">
              <td>{t(`peers.direction.${point.direction}`)}</td>
              <td>
                {titles.get(point.collection_id) && (
                  <bdi className="collection-title">{titles.get(point.collection_id)}</bdi>
                )}
                <code dir="ltr" className="collection-id">
                  {point.collection_id}
                </code>
              </td>
              <td className="cell-date">{formatDateTime(locale, point.added_after)}</td>
              <td className="cell-date">{formatDateTime(locale, point.updated_at)}</td>
            </tr>
          ))}
        </Table>
      )}

      {last && <TransferResult direction={last.direction} report={last.report} />}
    </article>
  );
}

function TransferResult({ direction, report }: { direction: Direction; report: TransferReport }) {
  const { t, locale } = useI18n();
  const n = (value: number) => formatNumber(locale, value);
  return (
    <section className="transfer-report" data-testid="peer-report" data-direction={direction}>
      <h3 className="panel-title">{t(`peers.report.${direction}`)}</h3>
      {report.error && <Alert testId="peer-report-error">{report.error}</Alert>}
      {report.collections.length === 0 && !report.error && (
        <p className="muted">{t('peers.report.noCollection')}</p>
      )}
      {report.collections.length > 0 && (
        <Table
          columns={[
            t('peers.col.collection'),
            t(`peers.col.${direction}.fetched`),
            t(`peers.col.${direction}.stored`),
            direction === 'pull' && t('peers.col.duplicates'),
            t(`peers.col.${direction}.rejected`),
            t('peers.col.result'),
          ]}
        >
          {report.collections.map((c) => (
            <tr key={c.collection} data-testid="peer-report-row">
              <td>
                <bdi className="collection-title">{c.title}</bdi>
                <code dir="ltr" className="collection-id">
                  {c.collection}
                </code>
              </td>
              <td>{n(c.fetched)}</td>
              <td>{n(c.stored)}</td>
              {direction === 'pull' && <td>{n(c.duplicates)}</td>}
              <td>{n(c.rejected)}</td>
              <td>
                {c.error ? (
                  <span className="peer-error" dir="auto">
                    {c.error}
                  </span>
                ) : c.rejected > 0 ? (
                  <span className="tag tag-partial">{t('peers.status.partial')}</span>
                ) : (
                  <span className="tag tag-active">{t('peers.status.ok')}</span>
                )}
                {c.problems.length > 0 && (
                  <details className="problems">
                    <summary>{t('peers.problems', { count: n(c.problems.length) })}</summary>
                    <ul dir="ltr">
                      {c.problems.map((problem) => (
                        <li key={problem}>{problem}</li>
                      ))}
                    </ul>
                  </details>
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}
