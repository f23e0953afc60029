import { useId, useState, type ReactNode } from 'react';
import { FieldMessage } from './Alert';

interface Props {
  label: ReactNode;
  /** For a control made of several parts: the label names this id instead of wrapping them. */
  htmlFor?: string;
  /** For a group of controls (radio buttons and an input): a fieldset with a legend. */
  group?: boolean;
  /** Extra classes: `field-wide`, `field-inline`. */
  className?: string;
  hint?: ReactNode;
  hintId?: string;
  /** The hint turns to a warning when what is typed does not follow it. */
  hintBad?: boolean;
  error?: ReactNode;
  errorId?: string;
  errorTestId?: string;
  children: ReactNode;
}

/** One form field: its label, the control, a hint and the server's error about it. The label,
 * hint and error follow the page's direction; the control sets its own `dir` for what it holds. */
export function Field(props: Props) {
  const { label, htmlFor, hint, hintId, hintBad, error, errorId, errorTestId, children } = props;
  const className = props.className ? `field ${props.className}` : 'field';
  const body = (
    <>
      {hint !== undefined && (
        <span className={hintBad ? 'hint hint-bad' : 'hint'} id={hintId}>
          {hint}
        </span>
      )}
      {error ? (
        <FieldMessage id={errorId ?? ''} kind="error" testId={errorTestId}>
          {error}
        </FieldMessage>
      ) : null}
    </>
  );
  if (props.group) {
    return (
      <fieldset className={className}>
        <legend className="label">{label}</legend>
        {children}
        {body}
      </fieldset>
    );
  }
  if (htmlFor) {
    return (
      <div className={className}>
        <label className="label" htmlFor={htmlFor}>
          {label}
        </label>
        {children}
        {body}
      </div>
    );
  }
  return (
    <label className={className}>
      <span className="label">{label}</span>
      {children}
      {body}
    </label>
  );
}

/** `aria-describedby` from the ids that apply, or nothing. */
export function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  return ids.filter(Boolean).join(' ') || undefined;
}

/** The one error a form shows after the server refused it: on a field, or on the whole form. */
export function useFieldError<F extends string>(errorTestId: (field: F) => string) {
  const ids = useId();
  const [error, setError] = useState<{ field: F | 'form'; text: string } | null>(null);
  const errorId = (field: F) => `${ids}-${field}-error`;
  const on = (field: F | 'form') => error?.field === field;
  return {
    error,
    setError,
    /** The form-level message, if the error is not about one field. */
    formError: on('form') ? (error?.text ?? null) : null,
    /** Typing in a field clears the error about it. */
    clear: (field: F) => {
      if (on(field)) setError(null);
    },
    /** The error props of `Field`. */
    fieldProps: (field: F) => ({
      error: on(field) ? error?.text : undefined,
      errorId: errorId(field),
      errorTestId: errorTestId(field),
    }),
    /** The control's aria props; `localBad` is the client's own check, `hintId` its hint. */
    aria: (field: F, localBad = false, hintId?: string) => ({
      'aria-invalid': localBad || on(field) || undefined,
      'aria-describedby': describedBy(on(field) && errorId(field), hintId),
    }),
  };
}

export type FieldError<F extends string> = ReturnType<typeof useFieldError<F>>;

/** A row of radio buttons over a few values; `${testIdPrefix}-${value}` names each. */
export function RadioRow<T extends string>(props: {
  name: string;
  options: readonly T[];
  value: T;
  label: (option: T) => string;
  onChange: (value: T) => void;
  testIdPrefix: string;
}) {
  return (
    <span className="radio-row">
      {props.options.map((option) => (
        <label key={option} className="check">
          <input
            type="radio"
            name={props.name}
            checked={props.value === option}
            onChange={() => props.onChange(option)}
            data-testid={`${props.testIdPrefix}-${option}`}
          />
          <span>{props.label(option)}</span>
        </label>
      ))}
    </span>
  );
}
