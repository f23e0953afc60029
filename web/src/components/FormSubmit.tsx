interface Props {
  busy: boolean;
  /** Not ready to send (the client's own checks). */
  disabled?: boolean;
  label: string;
  busyLabel: string;
  testId: string;
}

/** The end of a form: its one submit button, which says when it is at work. */
export function FormSubmit({ busy, disabled = false, label, busyLabel, testId }: Props) {
  return (
    <div className="form-actions">
      <button
        type="submit"
        className="button button-primary"
        disabled={busy || disabled}
        data-testid={testId}
      >
        {busy ? busyLabel : label}
      </button>
    </div>
  );
}
