import { useId } from 'react';

/** A small set of exclusive choices shown side by side (radio buttons underneath). */
export function SegmentedField<V extends string>(props: {
  label: string;
  value: V;
  onChange(value: V): void;
  options: ReadonlyArray<{ value: V; label: string }>;
}) {
  const id = useId();
  return (
    <div className="field">
      <span className="field-label" id={id}>
        {props.label}
      </span>
      <div className="segmented" role="radiogroup" aria-labelledby={id}>
        {props.options.map((option) => (
          <button
            key={option.value}
            type="button"
            role="radio"
            aria-checked={props.value === option.value}
            className="segment"
            onClick={() => props.onChange(option.value)}
          >
            {option.label}
          </button>
        ))}
      </div>
    </div>
  );
}
