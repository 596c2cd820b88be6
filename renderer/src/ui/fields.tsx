import { useId, type ReactNode } from 'react';

interface FieldFrameProps {
  label: string;
  hint?: ReactNode;
  error?: string | null;
  required?: boolean;
  /** The field's stable name, used by "go to the first error" and as a test hook. */
  name?: string;
}

/** The attributes that tie a control to its frame: id, name, required state, error and description. */
interface ControlProps {
  id: string;
  name: string | undefined;
  required: boolean | undefined;
  'aria-required': boolean | undefined;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/** The label, hint and error around one control, wired with aria-describedby and aria-invalid. */
function FieldFrame(props: FieldFrameProps & { children: (control: ControlProps) => ReactNode }) {
  const id = useId();
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = props.error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${props.error ? ' has-error' : ''}`} data-field={props.name}>
      <label htmlFor={id} className="field-label">
        {props.label}
        {props.required && (
          <span className="required" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      {props.children({
        id,
        name: props.name,
        required: props.required,
        'aria-required': props.required,
        'aria-invalid': props.error ? true : undefined,
        'aria-describedby': describedBy,
      })}
      {props.error && (
        <div id={errorId} className="field-error">
          {props.error}
        </div>
      )}
      {props.hint && (
        <div id={hintId} className="field-hint">
          {props.hint}
        </div>
      )}
    </div>
  );
}

/** A single-line text field. */
export function TextField(
  props: FieldFrameProps & {
    value: string;
    onChange(value: string): void;
    onBlur?(): void;
    type?: 'text' | 'url' | 'email' | 'date' | 'search' | 'number';
    placeholder?: string;
    disabled?: boolean;
    autoFocus?: boolean;
    mono?: boolean;
    min?: number;
    max?: number;
    /** A control beside the input, such as a "Choose…" button. */
    trailing?: ReactNode;
  },
) {
  return (
    <FieldFrame {...props}>
      {(control) => {
        const input = (
          <input
            {...control}
            className={`input${props.mono ? ' mono' : ''}`}
            type={props.type ?? 'text'}
            value={props.value}
            placeholder={props.placeholder}
            disabled={props.disabled}
            autoFocus={props.autoFocus}
            min={props.min}
            max={props.max}
            onChange={(event) => props.onChange(event.target.value)}
            onBlur={props.onBlur}
          />
        );
        return props.trailing ? (
          <div className="input-row">
            {input}
            {props.trailing}
          </div>
        ) : (
          input
        );
      }}
    </FieldFrame>
  );
}

/** A multi-line text field. */
export function TextArea(
  props: FieldFrameProps & {
    value: string;
    onChange(value: string): void;
    onBlur?(): void;
    rows?: number;
    placeholder?: string;
    disabled?: boolean;
    autoFocus?: boolean;
    mono?: boolean;
  },
) {
  return (
    <FieldFrame {...props}>
      {(control) => (
        <textarea
          {...control}
          className={`input textarea${props.mono ? ' mono' : ''}`}
          rows={props.rows ?? 3}
          value={props.value}
          placeholder={props.placeholder}
          disabled={props.disabled}
          autoFocus={props.autoFocus}
          onChange={(event) => props.onChange(event.target.value)}
          onBlur={props.onBlur}
        />
      )}
    </FieldFrame>
  );
}

/** A drop-down choice. */
export function SelectField<V extends string>(
  props: FieldFrameProps & {
    value: V;
    onChange(value: V): void;
    options: ReadonlyArray<{ value: V; label: string }>;
    disabled?: boolean;
  },
) {
  return (
    <FieldFrame {...props}>
      {(control) => (
        <select
          {...control}
          className="input select"
          value={props.value}
          disabled={props.disabled}
          onChange={(event) => props.onChange(event.target.value as V)}
        >
          {props.options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

/** A checkbox with its label beside it and an optional hint and error below. */
export function CheckboxField(props: {
  label: ReactNode;
  checked: boolean;
  onChange(checked: boolean): void;
  hint?: ReactNode;
  error?: string | null;
  disabled?: boolean;
  name?: string;
}) {
  const id = useId();
  const errorId = props.error ? `${id}-error` : undefined;
  const hintId = props.hint ? `${id}-hint` : undefined;
  return (
    <div className={`field checkbox-field${props.error ? ' has-error' : ''}`} data-field={props.name}>
      <label className="checkbox-label" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          name={props.name}
          checked={props.checked}
          disabled={props.disabled}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={[errorId, hintId].filter(Boolean).join(' ') || undefined}
          onChange={(event) => props.onChange(event.target.checked)}
        />
        <span>{props.label}</span>
      </label>
      {props.error && (
        <div id={errorId} className="field-error">
          {props.error}
        </div>
      )}
      {props.hint && (
        <div id={hintId} className="field-hint">
          {props.hint}
        </div>
      )}
    </div>
  );
}
