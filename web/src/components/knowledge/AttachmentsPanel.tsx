import { useEffect, useRef, useState, type DragEvent } from 'react';
import type { Attachment } from '../../api';
import { errorText } from '../../errors';
import { formatDateTime, formatNumber } from '../../format';
import { useI18n } from '../../i18n';
import { attachmentUrl, knowledgeApi, uploadAttachment } from '../../knowledgeApi';
import { Alert, LoadError } from '../Alert';
import { useMemberName } from '../Names';
import { TlpBadge } from '../TlpBadge';

const IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
export const ACCEPTED =
  '.pdf,.png,.jpg,.jpeg,.gif,.webp,.tif,.tiff,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,.txt,.csv';

/** A size in the reader's digits and units (kB, MB). */
export function useSizeText(): (bytes: number) => string {
  const { locale } = useI18n();
  return (bytes) => {
    const [value, unit] =
      bytes >= 1024 * 1024
        ? [bytes / (1024 * 1024), 'megabyte']
        : bytes >= 1024
          ? [bytes / 1024, 'kilobyte']
          : [bytes, 'byte'];
    return formatNumber(locale, value, { style: 'unit', unit, maximumFractionDigits: 1 });
  };
}

/**
 * Files attached to a report or an incident: each downloads (with the session, through the same
 * sharing as the object); the owner's analysts attach more, by dropping them or choosing them,
 * and see each upload's progress.
 */
export function AttachmentsPanel({
  id,
  canAttach,
  onChange,
}: {
  id: string;
  canAttach: boolean;
  onChange?: () => void;
}) {
  const { t, locale } = useI18n();
  const memberName = useMemberName();
  const sizeText = useSizeText();
  const [items, setItems] = useState<Attachment[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const [progress, setProgress] = useState<{ name: string; sent: number; total: number } | null>(
    null,
  );
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let live = true;
    knowledgeApi.attachments(id).then(
      (found) => live && setItems(found.items),
      (failure: unknown) => live && setError(failure),
    );
    return () => {
      live = false;
    };
  }, [id, attempt]);

  async function send(files: File[]) {
    setUploadError(null);
    for (const file of files) {
      setProgress({ name: file.name, sent: 0, total: file.size });
      try {
        await uploadAttachment(id, file, (sent, total) =>
          setProgress({ name: file.name, sent, total }),
        );
      } catch (failure) {
        setUploadError(
          t('knowledge.files.failed', { name: file.name, message: errorText(t, failure) }),
        );
      }
    }
    setProgress(null);
    setAttempt((n) => n + 1);
    onChange?.();
  }

  const drop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    if (!progress) void send([...event.dataTransfer.files]);
  };

  return (
    <section className="panel" data-testid="kn-attachments">
      <h2 className="panel-title">{t('knowledge.files')}</h2>
      {error !== null && <LoadError error={error} onRetry={() => setAttempt((n) => n + 1)} />}
      {items && items.length === 0 && <p className="muted">{t('knowledge.files.none')}</p>}
      {items && items.length > 0 && (
        <ul className="kn-files">
          {items.map((a) => (
            <li key={a.id} className="kn-file" data-testid="kn-file" data-file-id={a.id}>
              {IMAGES.has(a.mime_type) && a.available && (
                <img
                  className="kn-file-thumb"
                  src={attachmentUrl(a.id, true)}
                  alt=""
                  loading="lazy"
                />
              )}
              <div className="kn-file-body">
                {a.available ? (
                  <a
                    href={attachmentUrl(a.id)}
                    download={a.name}
                    className="kn-file-name"
                    data-testid="kn-file-link"
                  >
                    <bdi>{a.name}</bdi>
                  </a>
                ) : (
                  <span className="kn-file-name">
                    <bdi>{a.name}</bdi>{' '}
                    <span className="muted">({t('knowledge.files.pending')})</span>
                  </span>
                )}
                <span className="kn-file-meta muted">
                  {sizeText(a.size)} · <span dir="ltr">{a.mime_type.split('/').pop()}</span> ·{' '}
                  {memberName(a.owner)} · {formatDateTime(locale, a.date_added)}{' '}
                  <TlpBadge tlp={a.tlp} />
                </span>
              </div>
            </li>
          ))}
        </ul>
      )}
      {canAttach && (
        <div
          className={over ? 'kn-drop over' : 'kn-drop'}
          onDragOver={(event) => {
            event.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={drop}
          data-testid="kn-file-drop"
        >
          <p>{t('knowledge.files.drop')}</p>
          <button
            type="button"
            className="button button-small"
            onClick={() => input.current?.click()}
            disabled={progress !== null}
          >
            {t('knowledge.files.choose')}
          </button>
          <input
            ref={input}
            type="file"
            multiple
            hidden
            accept={ACCEPTED}
            onChange={(event) => {
              const files = [...(event.target.files ?? [])];
              event.target.value = '';
              if (files.length) void send(files);
            }}
            data-testid="kn-file-input"
          />
          <p className="hint">{t('knowledge.files.hint')}</p>
          {progress && (
            <div className="kn-progress" data-testid="kn-file-progress">
              <progress max={progress.total || 1} value={progress.sent} />
              <span>
                <bdi>{progress.name}</bdi> —{' '}
                {formatNumber(locale, Math.round((progress.sent / (progress.total || 1)) * 100))}%
              </span>
            </div>
          )}
          {uploadError && <Alert testId="kn-file-error">{uploadError}</Alert>}
        </div>
      )}
    </section>
  );
}
