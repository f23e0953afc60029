import { useState, type FormEvent } from 'react';
import { type Locale, type ObjectDetail } from '../../api';
import { errorText } from '../../errors';
import { useI18n } from '../../i18n';
import { knowledgeApi } from '../../knowledgeApi';
import { Link } from '../../router';
import { useSession } from '../../session';
import { Alert } from '../Alert';
import { Field } from '../Field';
import { ContentLangSelect } from '../ContentLangSelect';
import { textDir } from './ObjectRef';

/** Types whose owner writes versions here (not observables, definitions or translations). */
const NOT_EDITED = new Set(['marking-definition', 'extension-definition', 'language-content']);

export function isEditable(detail: ObjectDetail): boolean {
  return typeof detail.object.modified === 'string' && !NOT_EDITED.has(detail.object.type);
}

/**
 * What the owner's analysts do with their object: write a new version, or revoke it with a reason
 * (asked for, and confirmed, before anything is sent).
 */
export function OwnerActions({
  detail,
  onRevoked,
}: {
  detail: ObjectDetail;
  onRevoked: (d: ObjectDetail) => void;
}) {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [lang, setLang] = useState<Locale>(locale);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const owner = detail.owner === me.member.code && me.role !== 'reader';
  if (!owner || !isEditable(detail) || detail.object.revoked === true) return null;

  function revoke(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim()) return;
    setBusy(true);
    setError(null);
    knowledgeApi.revoke(detail.object.id, { reason, lang }).then(
      (next) => {
        setBusy(false);
        setOpen(false);
        onRevoked(next);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(errorText(t, failure));
      },
    );
  }

  return (
    <section className="panel kn-owner" data-testid="kn-owner-actions">
      <h2 className="panel-title">{t('knowledge.owner')}</h2>
      <div className="kn-owner-buttons">
        <Link
          to={`/objects/${encodeURIComponent(detail.object.id)}/edit`}
          className="button button-primary"
          data-testid="kn-edit"
        >
          {t('knowledge.edit')}
        </Link>
        {!open && (
          <button
            type="button"
            className="button button-danger"
            onClick={() => setOpen(true)}
            data-testid="kn-revoke"
          >
            {t('knowledge.revoke')}
          </button>
        )}
      </div>
      {open && (
        <form className="kn-form kn-revoke-form" onSubmit={revoke} data-testid="kn-revoke-form">
          <Alert kind="warning">{t('knowledge.revoke.warning')}</Alert>
          {error && <Alert testId="kn-revoke-error">{error}</Alert>}
          <Field label={t('knowledge.note.lang')} className="field-inline">
            <ContentLangSelect value={lang} onChange={setLang} />
          </Field>
          <Field label={t('knowledge.revoke.reason')}>
            <textarea
              className="textarea"
              rows={3}
              lang={lang}
              dir={textDir(lang)}
              value={reason}
              maxLength={2000}
              onChange={(e) => setReason(e.target.value)}
              data-testid="kn-revoke-reason"
            />
          </Field>
          <div className="form-actions kn-owner-buttons">
            <button
              type="submit"
              className="button button-danger"
              disabled={busy || !reason.trim()}
              data-testid="kn-revoke-confirm"
            >
              {busy ? t('knowledge.sending') : t('knowledge.revoke.confirm')}
            </button>
            <button type="button" className="button" onClick={() => setOpen(false)}>
              {t('knowledge.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
