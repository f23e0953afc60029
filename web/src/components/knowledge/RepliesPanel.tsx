import { useEffect, useState, type FormEvent } from 'react';
import {
  OPINIONS,
  type Audience,
  type Locale,
  type OpinionValue,
  type Replies,
  type Reply,
  type Tlp,
} from '../../api';
import { errorText } from '../../errors';
import { formatDateTime, formatNumber } from '../../format';
import { useI18n } from '../../i18n';
import { knowledgeApi } from '../../knowledgeApi';
import { useSession } from '../../session';
import { Alert, LoadError } from '../Alert';
import { Field } from '../Field';
import { ContentLangSelect } from '../ContentLangSelect';
import { FormSubmit } from '../FormSubmit';
import { useAudienceText, useMemberName } from '../Names';
import { TlpBadge } from '../TlpBadge';
import { textDir } from './ObjectRef';

interface Props {
  id: string;
  /** The TLP level of the object answered: a reply is never marked less strictly. */
  tlp: Tlp;
  /** Whether the object may take replies (not a translation, not a definition). */
  answerable: boolean;
  onChange?: () => void;
}

/**
 * Notes and opinions members wrote on this object, with the author member and date, and the forms
 * to add one. A reply goes by default to the object's own readers (as far as the author may
 * address them), marked at least as strictly; the server checks it never reaches further.
 */
export function RepliesPanel({ id, tlp, answerable, onChange }: Props) {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const [replies, setReplies] = useState<Replies | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setError(null);
    knowledgeApi.replies(id).then(
      (found) => live && setReplies(found),
      (failure: unknown) => live && setError(failure),
    );
    return () => {
      live = false;
    };
  }, [id, attempt]);

  const updated = (next: Replies) => {
    setReplies(next);
    onChange?.();
  };
  const canWrite = me.role !== 'reader' && answerable;
  const notes = replies?.notes ?? [];
  const opinions = replies?.opinions ?? [];
  const counted = replies ? OPINIONS.reduce((n, v) => n + (replies.tally[v] ?? 0), 0) : 0;

  return (
    <section className="panel" data-testid="kn-replies">
      <h2 className="panel-title">{t('knowledge.replies')}</h2>
      {error !== null && <LoadError error={error} onRetry={() => setAttempt((n) => n + 1)} />}

      {replies && counted > 0 && (
        <div className="kn-tally" data-testid="kn-tally" aria-label={t('knowledge.opinions.tally')}>
          {OPINIONS.map((value) => (
            <span key={value} className={`kn-tally-item kn-op-${value}`} data-opinion={value}>
              <span className="kn-tally-count">
                {formatNumber(locale, replies.tally[value] ?? 0)}
              </span>
              <span className="kn-tally-label">{t(`knowledge.opinion.${value}`)}</span>
            </span>
          ))}
        </div>
      )}

      {replies && notes.length === 0 && opinions.length === 0 && (
        <p className="muted">{t('knowledge.replies.none')}</p>
      )}
      <ol className="kn-replies">
        {[...opinions, ...notes]
          .sort((a, b) => a.modified.localeCompare(b.modified))
          .map((reply) => (
            <ReplyItem key={`${reply.id}@${reply.modified}`} reply={reply} />
          ))}
      </ol>

      {canWrite && replies && (
        <div className="kn-reply-forms">
          <OpinionForm
            id={id}
            tlp={tlp}
            current={opinions.find((o) => o.mine)?.opinion}
            onDone={updated}
          />
          <NoteForm id={id} tlp={tlp} onDone={updated} />
        </div>
      )}
    </section>
  );
}

function ReplyItem({ reply }: { reply: Reply }) {
  const { t, locale } = useI18n();
  const memberName = useMemberName();
  const audienceText = useAudienceText();
  const dir = textDir(reply.lang);
  return (
    <li
      className={`kn-reply kn-reply-${reply.type}${reply.revocation ? ' kn-reply-revocation' : ''}`}
      data-testid={reply.type === 'note' ? 'kn-note' : 'kn-opinion'}
      data-owner={reply.owner}
      data-opinion={reply.opinion}
    >
      <p className="kn-reply-head">
        <strong>{memberName(reply.owner)}</strong>
        <time dateTime={reply.modified} className="muted">
          {formatDateTime(locale, reply.modified)}
        </time>
        <TlpBadge tlp={reply.tlp} />
        {reply.revocation && (
          <span className="tag tag-revoked">{t('knowledge.revocation.reason')}</span>
        )}
      </p>
      {reply.type === 'opinion' && reply.opinion && (
        <p className={`kn-opinion-value kn-op-${reply.opinion}`}>
          {t(`knowledge.opinion.${reply.opinion}`)}
        </p>
      )}
      {reply.abstract && (
        <p className="kn-reply-abstract" lang={reply.lang} dir={dir}>
          {reply.abstract}
        </p>
      )}
      {(reply.content ?? reply.explanation) && (
        <p className="content-text kn-reply-text" lang={reply.lang} dir={dir}>
          {reply.content ?? reply.explanation}
        </p>
      )}
      <p className="hint">
        {t('knowledge.replies.audience', {
          audience: audienceText(reply.audience as Audience, reply.owner),
        })}
      </p>
    </li>
  );
}

function SharingChoice({
  tlp,
  value,
  onChange,
  name,
}: {
  tlp: Tlp;
  value: 'same' | 'member';
  onChange: (v: 'same' | 'member') => void;
  name: string;
}) {
  const { t } = useI18n();
  // TLP:RED needs a list of recipients: "my member only" is not a choice for it.
  if (tlp === 'red') return <p className="hint">{t('knowledge.replies.sameReaders')}</p>;
  return (
    <Field label={t('knowledge.replies.sharing')} group className="kn-sharing">
      {(['same', 'member'] as const).map((v) => (
        <label key={v} className="check">
          <input
            type="radio"
            name={name}
            checked={value === v}
            onChange={() => onChange(v)}
            data-testid={`${name}-${v}`}
          />
          <span>
            {t(v === 'same' ? 'knowledge.replies.sameReaders' : 'knowledge.replies.memberOnly')}
          </span>
        </label>
      ))}
    </Field>
  );
}

function NoteForm({ id, tlp, onDone }: { id: string; tlp: Tlp; onDone: (r: Replies) => void }) {
  const { t, locale } = useI18n();
  const [content, setContent] = useState('');
  const [lang, setLang] = useState<Locale>(locale);
  const [sharing, setSharing] = useState<'same' | 'member'>('same');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!content.trim()) return;
    setBusy(true);
    setError(null);
    knowledgeApi
      .addNote(id, { content, lang, audience: sharing === 'same' ? 'same' : 'member' })
      .then(
        (next) => {
          setBusy(false);
          setContent('');
          onDone(next);
        },
        (failure: unknown) => {
          setBusy(false);
          setError(errorText(t, failure));
        },
      );
  }

  return (
    <form className="kn-form" onSubmit={submit} data-testid="kn-note-form">
      <h3 className="kn-form-title">{t('knowledge.note.add')}</h3>
      {error && <Alert testId="kn-note-error">{error}</Alert>}
      <Field label={t('knowledge.note.lang')} className="field-inline">
        <ContentLangSelect value={lang} onChange={setLang} testId="kn-note-lang" />
      </Field>
      <Field label={t('knowledge.note.content')}>
        <textarea
          className="textarea"
          rows={4}
          lang={lang}
          dir={textDir(lang)}
          value={content}
          maxLength={10000}
          onChange={(e) => setContent(e.target.value)}
          data-testid="kn-note-content"
        />
      </Field>
      <SharingChoice tlp={tlp} value={sharing} onChange={setSharing} name="kn-note-sharing" />
      <FormSubmit
        busy={busy}
        disabled={!content.trim()}
        label={t('knowledge.note.submit')}
        busyLabel={t('knowledge.sending')}
        testId="kn-note-submit"
      />
    </form>
  );
}

function OpinionForm({
  id,
  tlp,
  current,
  onDone,
}: {
  id: string;
  tlp: Tlp;
  current: OpinionValue | undefined;
  onDone: (r: Replies) => void;
}) {
  const { t, locale } = useI18n();
  const [opinion, setOpinion] = useState<OpinionValue | undefined>(current);
  const [explanation, setExplanation] = useState('');
  const [sharing, setSharing] = useState<'same' | 'member'>('same');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!opinion) return;
    setBusy(true);
    setError(null);
    knowledgeApi
      .addOpinion(id, {
        opinion,
        ...(explanation.trim() ? { explanation } : {}),
        lang: locale,
        audience: sharing === 'same' ? 'same' : 'member',
      })
      .then(
        (next) => {
          setBusy(false);
          setExplanation('');
          onDone(next);
        },
        (failure: unknown) => {
          setBusy(false);
          setError(errorText(t, failure));
        },
      );
  }

  return (
    <form className="kn-form" onSubmit={submit} data-testid="kn-opinion-form">
      <h3 className="kn-form-title">
        {t(current ? 'knowledge.opinion.revise' : 'knowledge.opinion.add')}
      </h3>
      {error && <Alert testId="kn-opinion-error">{error}</Alert>}
      <fieldset className="kn-scale">
        <legend className="visually-hidden">{t('knowledge.opinion.add')}</legend>
        {OPINIONS.map((value) => (
          <label
            key={value}
            className={`kn-scale-option kn-op-${value}${opinion === value ? ' chosen' : ''}`}
          >
            <input
              type="radio"
              name="kn-opinion"
              value={value}
              checked={opinion === value}
              onChange={() => setOpinion(value)}
              data-testid={`kn-opinion-${value}`}
            />
            <span>{t(`knowledge.opinion.${value}`)}</span>
          </label>
        ))}
      </fieldset>
      <Field label={t('knowledge.opinion.explanation')}>
        <textarea
          className="textarea"
          rows={2}
          lang={locale}
          dir={textDir(locale)}
          value={explanation}
          maxLength={5000}
          onChange={(e) => setExplanation(e.target.value)}
          data-testid="kn-opinion-explanation"
        />
      </Field>
      <SharingChoice tlp={tlp} value={sharing} onChange={setSharing} name="kn-opinion-sharing" />
      <FormSubmit
        busy={busy}
        disabled={!opinion}
        label={t('knowledge.opinion.submit')}
        busyLabel={t('knowledge.sending')}
        testId="kn-opinion-submit"
      />
    </form>
  );
}
