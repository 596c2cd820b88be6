import { useId, useState, type KeyboardEvent } from 'react';
import { Icon } from '../../ui/icons';

/** A list of short values typed one by one (keywords, file formats), shown as removable chips. */
export function ListInput(props: {
  name: string;
  label: string;
  itemLabel: string;
  values: string[];
  onChange(values: string[]): void;
  hint?: string;
  error?: string | null;
  placeholder?: string;
  disabled?: boolean;
}) {
  const id = useId();
  const [text, setText] = useState('');
  const add = () => {
    const parts = text
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '' && !props.values.includes(part));
    if (parts.length) props.onChange([...props.values, ...parts]);
    setText('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault();
      add();
    } else if (event.key === 'Backspace' && text === '' && props.values.length) {
      props.onChange(props.values.slice(0, -1));
    }
  };
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className={`field${props.error ? ' has-error' : ''}`} data-field={props.name}>
      <label className="field-label" htmlFor={id}>
        {props.label}
      </label>
      <div className="chips-input">
        {props.values.map((value, index) => (
          <span className="chip" key={`${value}-${index}`}>
            {value}
            <button
              type="button"
              className="chip-remove"
              aria-label={`Remove ${props.itemLabel} ${value}`}
              disabled={props.disabled}
              onClick={() => props.onChange(props.values.filter((_, at) => at !== index))}
            >
              <Icon name="close" size={10} />
            </button>
          </span>
        ))}
        <input
          id={id}
          name={props.name}
          className="chips-text"
          value={text}
          placeholder={props.values.length ? '' : props.placeholder}
          disabled={props.disabled}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={
            [props.error ? errorId : '', props.hint ? hintId : ''].filter(Boolean).join(' ') || undefined
          }
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          onBlur={add}
        />
      </div>
      {props.error && (
        <div className="field-error" id={errorId}>
          {props.error}
        </div>
      )}
      {props.hint && (
        <div className="field-hint" id={hintId}>
          {props.hint}
        </div>
      )}
    </div>
  );
}
