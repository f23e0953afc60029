import { useState } from 'react';
import { useI18n } from '../i18n';

/** The server's minimum (src/members/passwords.ts). */
export const MIN_PASSWORD = 10;

// No ambiguous characters (0/O, 1/l/I): the password may be read out or typed from paper.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function generatePassword(length = 16): string {
  const bytes = crypto.getRandomValues(new Uint32Array(length));
  return Array.from(bytes, (n) => ALPHABET[n % ALPHABET.length]).join('');
}

interface Props {
  id: string;
  value: string;
  onChange: (value: string) => void;
  invalid?: boolean;
  describedBy?: string;
  testId: string;
}

/** A new password for someone else: it can be shown, and generated. */
export function PasswordInput({ id, value, onChange, invalid, describedBy, testId }: Props) {
  const { t } = useI18n();
  const [visible, setVisible] = useState(false);
  return (
    <span className="password-row">
      <input
        id={id}
        className="input"
        type={visible ? 'text' : 'password'}
        dir="ltr"
        autoComplete="new-password"
        spellCheck={false}
        value={value}
        maxLength={256}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={invalid}
        aria-describedby={describedBy}
        data-testid={testId}
      />
      <button
        type="button"
        className="button button-small"
        aria-pressed={visible}
        onClick={() => setVisible(!visible)}
        data-testid={`${testId}-show`}
      >
        {visible ? t('users.hidePassword') : t('users.showPassword')}
      </button>
      <button
        type="button"
        className="button button-small"
        onClick={() => {
          onChange(generatePassword());
          setVisible(true);
        }}
        data-testid={`${testId}-generate`}
      >
        {t('users.generatePassword')}
      </button>
    </span>
  );
}
