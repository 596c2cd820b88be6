import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { useRegistryNames } from '../../stores/registry-names';

/** A registered organisation or person the form can refer to. */
export interface EntityOption {
  id: string;
  name: string;
  detail?: string;
}

/** Where a picker finds its options; null when the data store offers no registry search. */
export type EntitySearch = ((query: string, signal: AbortSignal) => Promise<EntityOption[]>) | null;

/** Remembers the display name of an id (so a picked entity shows its name after navigating away). */
function rememberEntity(option: EntityOption): void {
  useRegistryNames.getState().remember([option]);
}

/**
 * A combobox over the registry: type to search, arrows and Enter to pick, or paste an id. Shows the picked
 * entity's name with its id below.
 */
export function EntityPicker(props: {
  name: string;
  label: string;
  value: string;
  onChange(id: string): void;
  onBlur?(): void;
  search: EntitySearch;
  required?: boolean;
  hint?: string;
  error?: string | null;
  disabled?: boolean;
  placeholder?: string;
}) {
  const id = useId();
  const listId = `${id}-list`;
  const [query, setQuery] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [options, setOptions] = useState<EntityOption[]>([]);
  const [active, setActive] = useState(0);
  const [loading, setLoading] = useState(false);
  const { search } = props;

  useEffect(() => {
    if (!open || !search) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setLoading(true);
      search(query ?? '', controller.signal)
        .then((found) => {
          useRegistryNames.getState().remember(found);
          setOptions(found);
          setActive(0);
        })
        .catch(() => setOptions([]))
        .finally(() => setLoading(false));
    }, 120);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [open, query, search]);

  const pick = (option: EntityOption) => {
    rememberEntity(option);
    props.onChange(option.id);
    setQuery(null);
    setOpen(false);
  };
  const commitTyped = () => {
    if (query === null) return;
    const typed = query.trim();
    const match = options.find(
      (option) => option.name.toLowerCase() === typed.toLowerCase() || option.id === typed,
    );
    if (match) pick(match);
    else {
      props.onChange(typed);
      setQuery(null);
    }
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setActive((index) => Math.min(index + 1, options.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((index) => Math.max(index - 1, 0));
    } else if (event.key === 'Enter' && open && options[active]) {
      event.preventDefault();
      pick(options[active]);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
    }
  };

  const name = useRegistryNames((state) => state.names[props.value]);
  const shown = query ?? name ?? props.value;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const activeOption = open ? options[active] : undefined;
  return (
    <div className={`field picker${props.error ? ' has-error' : ''}`} data-field={props.name}>
      <label htmlFor={id} className="field-label">
        {props.label}
        {props.required && (
          <span className="required" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      <div className="picker-box">
        <input
          id={id}
          name={props.name}
          className="input"
          role={search ? 'combobox' : undefined}
          aria-expanded={search ? open : undefined}
          aria-controls={search ? listId : undefined}
          aria-autocomplete={search ? 'list' : undefined}
          aria-activedescendant={activeOption ? `${listId}-${active}` : undefined}
          aria-required={props.required}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={[props.error ? errorId : '', hintId].filter(Boolean).join(' ')}
          autoComplete="off"
          disabled={props.disabled}
          placeholder={
            props.placeholder ?? (search ? 'Type to search, or paste an id' : 'Paste the registry id')
          }
          value={shown}
          onClick={() => setOpen(true)}
          onChange={(event) => {
            setQuery(event.target.value);
            setOpen(true);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => {
            // The list keeps focus in the input (mouse-down is prevented there), so a blur means the user left:
            // close at once, so no other picker's list is ever open beside this one.
            commitTyped();
            setOpen(false);
            props.onBlur?.();
          }}
        />
        {search && open && (
          <ul
            className="picker-list"
            id={listId}
            role="listbox"
            aria-label={`${props.label} choices`}
            // Scrolling the list with its scroll bar must not take focus from the input.
            onMouseDown={(event) => event.preventDefault()}
          >
            {loading && options.length === 0 && <li className="picker-empty">Searching…</li>}
            {!loading && options.length === 0 && (
              <li className="picker-empty">Nothing found{query ? ` for “${query}”` : ''}.</li>
            )}
            {options.map((option, index) => (
              <li
                key={option.id}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === active}
                className="picker-option"
                onMouseDown={(event) => event.preventDefault()}
                onMouseEnter={() => setActive(index)}
                onClick={() => pick(option)}
              >
                <span>{option.name}</span>
                <span className="mono muted">{option.detail ?? option.id}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      {props.error && (
        <div id={errorId} className="field-error">
          {props.error}
        </div>
      )}
      <div id={hintId} className="field-hint">
        {name && props.value ? <span className="mono">{props.value}</span> : props.hint}
      </div>
    </div>
  );
}
