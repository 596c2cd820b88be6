/** The metadata form's shared state: the draft, the problems to show, and how fields change it. */
import { createContext, useContext } from 'react';
import { CheckboxField, TextArea, TextField } from '../../ui/fields';
import { fieldValue, type MetadataDraft } from './draft';

/** What every field of the form reads and calls. */
export interface FormApi {
  draft: MetadataDraft;
  /** The problem to show on a field now (null when none or not yet shown). */
  errorFor(path: string): string | null;
  set(path: string, value: unknown): void;
  touch(path: string): void;
  disabled: boolean;
}

export const FormContext = createContext<FormApi | null>(null);

/** The form's API, inside a metadata form. */
export function useForm(): FormApi {
  const api = useContext(FormContext);
  if (!api) throw new Error('useForm outside a metadata form');
  return api;
}

/** A text field bound to a draft path. */
export function DraftText(props: {
  path: string;
  label: string;
  hint?: string;
  placeholder?: string;
  required?: boolean;
  multiline?: boolean;
  rows?: number;
  type?: 'text' | 'url' | 'date' | 'email';
  mono?: boolean;
}) {
  const form = useForm();
  const value = String(fieldValue(form.draft, props.path) ?? '');
  const common = {
    name: props.path,
    label: props.label,
    hint: props.hint,
    placeholder: props.placeholder,
    required: props.required,
    value,
    disabled: form.disabled,
    error: form.errorFor(props.path),
    mono: props.mono,
    onChange: (next: string) => form.set(props.path, next),
    onBlur: () => form.touch(props.path),
  };
  return props.multiline ? (
    <TextArea {...common} rows={props.rows ?? 3} />
  ) : (
    <TextField {...common} type={props.type} />
  );
}

/** A checkbox bound to a boolean draft path. */
export function DraftCheckbox(props: { path: string; label: string; hint?: string; errorPath?: string }) {
  const form = useForm();
  return (
    <CheckboxField
      name={props.path}
      label={props.label}
      hint={props.hint}
      checked={Boolean(fieldValue(form.draft, props.path))}
      disabled={form.disabled}
      error={props.errorPath ? form.errorFor(props.errorPath) : null}
      onChange={(checked) => {
        form.set(props.path, checked);
        form.touch(props.errorPath ?? props.path);
      }}
    />
  );
}
