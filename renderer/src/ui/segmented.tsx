import { useId } from 'react';

/** A small set of exclusive choices shown side by side (radio buttons underneath), named by `label`. */
export function Segmented<V extends string>(props: {
  label: string;
  /** The id of a visible label to name the group by, instead of `label`. */
  labelledBy?: string;
  value: V;
  onChange(value: V): void;
  options: ReadonlyArray<{ value: V; label: string }>;
}) {
  return (
    <div
      className="segmented"
      role="radiogroup"
      {...(props.labelledBy ? { 'aria-labelledby': props.labelledBy } : { 'aria-label': props.label })}
    >
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
  );
}

/** The same choices as a form field, with its label above. */
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
      <Segmented {...props} labelledBy={id} />
    </div>
  );
}
