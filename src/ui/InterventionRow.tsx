import { useState, type FormEvent, type ReactNode } from 'react';

/** One labelled number input with a unit and a submit button: the shape of most interventions. */

/** What a one-number intervention form takes. */
export interface RowProps {
  label: string;
  unit: string;
  button: string;
  testId: string;
  onSubmit: (value: string) => Promise<void>;
  initial?: number | undefined;
  placeholder?: string;
  allowEmpty?: boolean;
  integer?: boolean;
  danger?: boolean;
  max?: number;
  children?: ReactNode;
}

/** A one-number form; it keeps obviously wrong numbers (negative, over `max`, not whole when `integer`) from being sent. */
export function Row({ label, unit, button, testId, onSubmit, initial, placeholder, allowEmpty, integer, danger, max }: RowProps) {
  const [value, setValue] = useState(initial !== undefined ? String(initial) : '');
  const [busy, setBusy] = useState(false);
  const valid =
    (allowEmpty && value.trim() === '') ||
    (value.trim() !== '' &&
      Number.isFinite(Number(value)) &&
      Number(value) >= 0 &&
      (max === undefined || Number(value) <= max) &&
      (!integer || Number.isInteger(Number(value))));
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!valid) return;
    setBusy(true);
    await onSubmit(value.trim());
    setBusy(false);
  };
  return (
    <form className="row" onSubmit={(e) => void submit(e)}>
      <label className="row-label" htmlFor={`iv-${testId}`}>
        {label}
      </label>
      <span className="input-unit">
        <input
          id={`iv-${testId}`}
          data-testid={`input-${testId}`}
          inputMode="decimal"
          value={value}
          placeholder={placeholder}
          onChange={(e) => setValue(e.target.value)}
          aria-invalid={!valid}
        />
        <span className="muted">{unit}</span>
      </span>
      <button type="submit" className={danger ? 'danger' : undefined} data-testid={`btn-${testId}`} disabled={!valid || busy}>
        {button}
      </button>
    </form>
  );
}
