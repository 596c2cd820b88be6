import { useState, type CSSProperties, type FormEvent } from 'react';
import type { ConnectionTest, Profile, ProfileInput } from '../../../../preload/contract';
import { BridgeCallError } from '../../bridge/client';
import { useProfilesStore } from '../../stores/profiles-store';
import { ConnectionResult } from './data-stores-test';

/** Shared look of the form's text inputs (the app has no input styles of its own yet). */
export const inputStyle: CSSProperties = {
  width: '100%',
  height: 30,
  padding: '0 8px',
  border: '1px solid var(--border-strong)',
  borderRadius: 'var(--radius)',
  background: 'var(--bg)',
};

const fieldRow: CSSProperties = { display: 'grid', gap: 4 };

type FieldName = keyof Required<ProfileInput>;

interface FieldSpec {
  name: FieldName;
  label: string;
  hint?: string;
  placeholder?: string;
  required?: boolean;
  /** Shown under "More addresses": most data stores never need it. */
  advanced?: boolean;
}

const fields: FieldSpec[] = [
  { name: 'name', label: 'Name', placeholder: 'My institute’s Provena', required: true },
  {
    name: 'dataApiUrl',
    label: 'Data API address',
    placeholder: 'https://data-api.example.org',
    required: true,
  },
  {
    name: 'issuerUrl',
    label: 'Sign-in (OIDC issuer or Keycloak realm) address',
    placeholder: 'https://auth.example.org/auth/realms/provena',
    required: true,
  },
  { name: 'clientId', label: 'Client id', hint: 'Provena uses “client-tools”.' },
  {
    name: 'searchApiUrl',
    label: 'Search API address',
    hint: 'Leave empty for the usual address next to the data API.',
    advanced: true,
  },
  {
    name: 'jobApiUrl',
    label: 'Job API address',
    hint: 'Leave empty for the usual address next to the data API.',
    advanced: true,
  },
  {
    name: 's3EndpointUrl',
    label: 'S3 endpoint',
    hint: 'Only when the data store does not say; empty means AWS.',
    advanced: true,
  },
  { name: 's3Region', label: 'S3 region', placeholder: 'ap-southeast-2', advanced: true },
];

type Draft = Record<FieldName, string>;

const draftFrom = (profile?: Profile): Draft => ({
  name: profile?.name ?? '',
  dataApiUrl: profile?.dataApiUrl ?? '',
  issuerUrl: profile?.issuerUrl ?? '',
  clientId: profile?.clientId ?? 'client-tools',
  searchApiUrl: profile?.searchApiUrl ?? '',
  jobApiUrl: profile?.jobApiUrl ?? '',
  s3EndpointUrl: profile?.s3EndpointUrl ?? '',
  s3Region: profile?.s3Region ?? '',
});

const inputFrom = (draft: Draft): ProfileInput => ({
  name: draft.name,
  dataApiUrl: draft.dataApiUrl.trim(),
  issuerUrl: draft.issuerUrl.trim(),
  clientId: draft.clientId.trim() || 'client-tools',
  searchApiUrl: draft.searchApiUrl.trim() || null,
  jobApiUrl: draft.jobApiUrl.trim() || null,
  s3EndpointUrl: draft.s3EndpointUrl.trim() || null,
  s3Region: draft.s3Region.trim() || null,
});

/** Field errors from an `invalid` answer: `{issues: [{path, message}]}` → field → message. */
function fieldErrors(error: unknown): Partial<Record<string, string>> {
  if (!(error instanceof BridgeCallError) || error.code !== 'invalid') return {};
  const issues =
    (error.details as { issues?: { path: string[]; message: string }[] } | undefined)?.issues ?? [];
  const result: Partial<Record<string, string>> = {};
  for (const issue of issues) {
    const field = issue.path[issue.path.length - 1];
    if (field && !result[field]) result[field] = issue.message;
  }
  return result;
}

/** Adds a data store, or edits one (`profile`). Typed values survive an error. */
export function DataStoreForm(props: { profile?: Profile; onDone(profile: Profile | null): void }) {
  const add = useProfilesStore((state) => state.add);
  const update = useProfilesStore((state) => state.update);
  const test = useProfilesStore((state) => state.test);
  const [draft, setDraft] = useState<Draft>(() => draftFrom(props.profile));
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<'save' | 'test' | null>(null);
  const [result, setResult] = useState<ConnectionTest | null>(null);
  const editing = props.profile !== undefined;

  const fail = (error: unknown) => {
    const byField = fieldErrors(error);
    setErrors(byField);
    setProblem(
      Object.keys(byField).length
        ? 'Some fields need attention.'
        : error instanceof Error
          ? error.message
          : String(error),
    );
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy('save');
    setProblem(null);
    try {
      const input = inputFrom(draft);
      const saved = props.profile ? await update(props.profile.id, input) : await add(input);
      props.onDone(saved);
    } catch (error) {
      fail(error);
    } finally {
      setBusy(null);
    }
  };

  const runTest = async () => {
    setBusy('test');
    setResult(null);
    setProblem(null);
    try {
      setErrors({});
      setResult(await test({ draft: inputFrom(draft) }));
    } catch (error) {
      fail(error);
    } finally {
      setBusy(null);
    }
  };

  const renderField = (field: FieldSpec) => {
    const id = `profile-field-${field.name}`;
    const error = errors[field.name];
    return (
      <div key={field.name} style={fieldRow}>
        <label htmlFor={id}>
          {field.label}
          {field.required ? '' : <span className="muted"> (optional)</span>}
        </label>
        <input
          id={id}
          name={field.name}
          style={inputStyle}
          value={draft[field.name]}
          placeholder={field.placeholder}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : field.hint ? `${id}-hint` : undefined}
          onChange={(event) => setDraft({ ...draft, [field.name]: event.target.value })}
          autoComplete="off"
          spellCheck={false}
        />
        {error ? (
          <span id={`${id}-error`} role="alert" style={{ color: 'var(--danger)' }}>
            {error}
          </span>
        ) : field.hint ? (
          <span id={`${id}-hint`} className="muted">
            {field.hint}
          </span>
        ) : null}
      </div>
    );
  };

  return (
    <form
      className="card"
      aria-label={editing ? `Edit ${props.profile?.name}` : 'Add a data store'}
      onSubmit={save}
      noValidate
    >
      <h3 style={{ marginBottom: 12 }}>{editing ? `Edit “${props.profile?.name}”` : 'Add a data store'}</h3>
      <div style={{ display: 'grid', gap: 12 }}>
        {fields.filter((field) => !field.advanced).map(renderField)}
        <details
          open={fields.some(
            (field) =>
              field.advanced && (errors[field.name] || draft[field.name] !== draftFrom()[field.name]),
          )}
        >
          <summary style={{ cursor: 'pointer' }}>More addresses (optional)</summary>
          <div style={{ display: 'grid', gap: 12, marginTop: 12 }}>
            {fields.filter((field) => field.advanced).map(renderField)}
          </div>
        </details>
      </div>
      {problem && (
        <p className="alert danger" role="alert" style={{ marginTop: 12 }}>
          {problem}
        </p>
      )}
      {result && <ConnectionResult result={result} />}
      <div style={{ display: 'flex', gap: 8, marginTop: 16 }}>
        <button type="submit" className="button primary" disabled={busy !== null}>
          {busy === 'save' ? 'Saving…' : editing ? 'Save changes' : 'Add data store'}
        </button>
        <button type="button" className="button" onClick={() => void runTest()} disabled={busy !== null}>
          {busy === 'test' ? 'Testing…' : 'Test connection'}
        </button>
        <button type="button" className="button ghost" onClick={() => props.onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
