import { useEffect, useState } from 'react';
import { useI18n, type MessageKey } from '../i18n';

interface Props {
  text: string;
  label?: MessageKey;
  testId?: string;
}

async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Plain-HTTP intranets have no Clipboard API: fall back to a hidden selection.
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  document.execCommand('copy');
  area.remove();
}

export function CopyButton({ text, label = 'common.copy', testId }: Props) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = window.setTimeout(() => setCopied(false), 2000);
    return () => window.clearTimeout(timer);
  }, [copied]);
  return (
    <button
      type="button"
      className="button button-small"
      data-testid={testId}
      onClick={() => {
        copyText(text).then(
          () => setCopied(true),
          () => setCopied(false),
        );
      }}
    >
      {copied ? t('common.copied') : t(label)}
    </button>
  );
}

/** A value to copy as it is (a token, a secret): shown left to right, with its copy button. */
export function CopyableValue({
  text,
  shown,
  className,
  testId,
  copyTestId,
}: {
  text: string;
  /** How to show it, if not as `text` (a secret in groups of four). */
  shown?: string;
  className?: string;
  testId: string;
  copyTestId: string;
}) {
  return (
    <div className="token-value-row">
      <code
        className={className ? `token-value ${className}` : 'token-value'}
        dir="ltr"
        data-testid={testId}
      >
        {shown ?? text}
      </code>
      <CopyButton text={text} testId={copyTestId} />
    </div>
  );
}
