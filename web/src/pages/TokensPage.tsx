import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, type ApiToken, type CreatedToken, type TokenScope } from '../api';
import { Table } from '../components/Table';
import { Field } from '../components/Field';
import { Alert, LoadError } from '../components/Alert';
import { ConfirmBar } from '../components/ConfirmBar';
import { PageHeader } from '../components/PageHeader';
import { CopyableValue } from '../components/CopyButton';
import { errorText } from '../errors';
import { formatDateTime } from '../format';
import { typedDir, useI18n } from '../i18n';
import { useTitle } from '../useTitle';

const toScope = (value: string): TokenScope =>
  value === 'write' || value === 'federation' ? value : 'read';

export function TokensPage() {
  const { t, locale } = useI18n();
  useTitle(t('tokens.title'));
  const [tokens, setTokens] = useState<ApiToken[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [name, setName] = useState('');
  const [scope, setScope] = useState<TokenScope>('read');
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [confirming, setConfirming] = useState<ApiToken | null>(null);

  const reload = useCallback(() => {
    setLoadError(null);
    api.tokens().then(
      (page) => setTokens(page.items),
      (failure: unknown) => setLoadError(failure),
    );
  }, []);
  useEffect(reload, [reload]);

  function create(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setActionError(null);
    api.createToken(name.trim(), scope).then(
      (token) => {
        setBusy(false);
        setCreated(token);
        setName('');
        reload();
      },
      (failure: unknown) => {
        setBusy(false);
        setActionError(failure);
      },
    );
  }

  function revoke(token: ApiToken) {
    setConfirming(null);
    setActionError(null);
    api.revokeToken(token.id).then(
      () => {
        setTokens((current) => current?.filter((existing) => existing.id !== token.id) ?? null);
        if (created?.id === token.id) setCreated(null);
      },
      (failure: unknown) => setActionError(failure),
    );
  }

  return (
    <section className="page">
      <PageHeader title={t('tokens.title')} subtitle={t('tokens.subtitle')} />

      {created && (
        <div className="token-reveal" role="status" data-testid="token-created">
          <p>{t('tokens.created', { name: created.name })}</p>
          <CopyableValue text={created.token} testId="token-value" copyTestId="token-copy" />
          <button
            type="button"
            className="button button-small"
            onClick={() => setCreated(null)}
            data-testid="token-dismiss"
          >
            {t('tokens.dismiss')}
          </button>
        </div>
      )}

      {actionError !== null && (
        <Alert testId="tokens-error">
          {t('common.error', { message: errorText(t, actionError) })}
        </Alert>
      )}

      <form className="panel token-form" onSubmit={create}>
        <h2 className="panel-title">{t('tokens.new')}</h2>
        <div className="token-form-row">
          <Field label={t('tokens.name')}>
            <input
              className="input"
              dir={typedDir(name)}
              value={name}
              placeholder={t('tokens.namePlaceholder')}
              maxLength={100}
              onChange={(event) => setName(event.target.value)}
              data-testid="token-name"
            />
          </Field>
          <Field label={t('tokens.scope')}>
            <select
              className="select"
              value={scope}
              onChange={(event) => setScope(toScope(event.target.value))}
              data-testid="token-scope"
            >
              <option value="read">{t('tokens.scope.read')}</option>
              <option value="write">{t('tokens.scope.write')}</option>
              <option value="federation">{t('tokens.scope.federation')}</option>
            </select>
          </Field>
          <button
            type="submit"
            className="button button-primary"
            disabled={busy || !name.trim()}
            data-testid="token-create"
          >
            {busy ? t('tokens.creating') : t('tokens.create')}
          </button>
        </div>
      </form>

      {loadError !== null && <LoadError error={loadError} onRetry={reload} />}

      {confirming && (
        <ConfirmBar
          testId="token-revoke"
          confirmLabel={t('tokens.revoke')}
          onConfirm={() => revoke(confirming)}
          onCancel={() => setConfirming(null)}
        >
          {t('tokens.revokeConfirm', { name: confirming.name })}
        </ConfirmBar>
      )}

      <Table
        testId="tokens-table"
        columns={[
          t('tokens.col.name'),
          t('tokens.col.scope'),
          t('tokens.col.user'),
          t('tokens.col.created'),
          t('tokens.col.lastUsed'),
          <span key="actions" className="visually-hidden">
            {t('tokens.revoke')}
          </span>,
        ]}
        message={
          tokens === null && loadError === null
            ? { text: t('common.loading') }
            : tokens?.length === 0
              ? { text: t('tokens.empty'), testId: 'tokens-empty' }
              : null
        }
      >
        {tokens?.map((token) => (
          <tr key={token.id} data-testid="token-row" data-token-id={token.id}>
            <td>
              <bdi>{token.name}</bdi>
            </td>
            <td>
              <span className={`tag tag-scope-${token.scope}`}>
                {t(`tokens.scope.${token.scope}`)}
              </span>
            </td>
            <td>
              <bdi>{token.username}</bdi>
            </td>
            <td className="cell-date">{formatDateTime(locale, token.created_at)}</td>
            <td className="cell-date">
              {token.last_used_at ? formatDateTime(locale, token.last_used_at) : t('tokens.never')}
            </td>
            <td className="cell-actions">
              <button
                type="button"
                className="button button-small button-danger"
                onClick={() => setConfirming(token)}
                data-testid="token-revoke"
              >
                {t('tokens.revoke')}
              </button>
            </td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
