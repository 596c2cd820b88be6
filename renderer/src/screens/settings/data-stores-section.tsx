import { useState } from 'react';
import type { AuthState, ConnectionTest, Profile } from '../../../../preload/contract';
import { useProfilesStore } from '../../stores/profiles-store';
import { Icon } from '../../ui/icons';
import { DataStoreForm } from './data-stores-form';
import { SignInControls } from './data-stores-sign-in';
import { ConnectionResult } from './data-stores-test';

const addressOf = (profile: Profile) =>
  profile.kind === 'local' ? 'On this computer — no sign-in needed' : (profile.dataApiUrl ?? '');

/** Settings → Data stores: the list, adding, editing, testing, removing, switching and signing in. */
export function DataStoresSection() {
  const profiles = useProfilesStore((state) => state.profiles);
  const currentId = useProfilesStore((state) => state.currentId);
  const auth = useProfilesStore((state) => state.auth);
  const keychain = useProfilesStore((state) => state.keychain);
  const loaded = useProfilesStore((state) => state.loaded);
  const [adding, setAdding] = useState(false);

  return (
    <section className="card" aria-labelledby="data-stores-title">
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 12 }}>
        <h2 id="data-stores-title">Data stores</h2>
        {!adding && (
          <button type="button" className="button" onClick={() => setAdding(true)}>
            Add data store
          </button>
        )}
      </div>
      {keychain && !keychain.available && (
        <p className="alert" role="note" style={{ marginTop: 12 }} data-testid="keychain-unavailable">
          <Icon name="lock" /> <strong>Sign-ins are not remembered.</strong> {keychain.message}
        </p>
      )}
      {adding && (
        <div style={{ marginTop: 12 }}>
          <DataStoreForm onDone={() => setAdding(false)} />
        </div>
      )}
      <ul
        style={{ listStyle: 'none', padding: 0, margin: '12px 0 0', display: 'grid', gap: 12 }}
        aria-label="Data stores"
      >
        {!loaded && <li className="muted">Loading data stores…</li>}
        {profiles.map((profile) => (
          <ProfileRow
            key={profile.id}
            profile={profile}
            current={profile.id === currentId}
            auth={auth[profile.id]}
          />
        ))}
      </ul>
    </section>
  );
}

function ProfileRow(props: { profile: Profile; current: boolean; auth: AuthState | undefined }) {
  const { profile, current, auth } = props;
  const switchTo = useProfilesStore((state) => state.switchTo);
  const remove = useProfilesStore((state) => state.remove);
  const test = useProfilesStore((state) => state.test);
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm-remove'>('view');
  const [result, setResult] = useState<ConnectionTest | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (name: string, action: () => Promise<void>) => {
    setBusy(name);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(null);
    }
  };

  if (mode === 'edit')
    return (
      <li>
        <DataStoreForm profile={profile} onDone={() => setMode('view')} />
      </li>
    );

  return (
    <li
      aria-label={profile.name}
      style={{
        border: '1px solid var(--border)',
        borderRadius: 'var(--radius)',
        padding: 12,
        background: current ? 'var(--bg-subtle)' : undefined,
      }}
    >
      <div
        style={{
          display: 'flex',
          gap: 12,
          alignItems: 'flex-start',
          justifyContent: 'space-between',
          flexWrap: 'wrap',
        }}
      >
        <div style={{ minWidth: 0 }}>
          <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
            <Icon name="database" />
            <strong>{profile.name}</strong>
            {current && <span className="badge ok">In use</span>}
          </div>
          <div className="muted mono" style={{ overflowWrap: 'anywhere' }}>
            {addressOf(profile)}
          </div>
          {profile.kind === 'local' && auth?.user && (
            <div className="muted">Working as {auth.user.username}</div>
          )}
        </div>
        <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
          {!current && (
            <button
              type="button"
              className="button"
              disabled={busy !== null}
              onClick={() => void run('switch', () => switchTo(profile.id))}
            >
              Use this data store
            </button>
          )}
          <button
            type="button"
            className="button"
            disabled={busy !== null}
            onClick={() => void run('test', async () => setResult(await test({ id: profile.id })))}
          >
            {busy === 'test' ? 'Testing…' : 'Test connection'}
          </button>
          {profile.kind === 'remote' && (
            <>
              <button type="button" className="button" onClick={() => setMode('edit')}>
                Edit
              </button>
              <button type="button" className="button danger" onClick={() => setMode('confirm-remove')}>
                Remove
              </button>
            </>
          )}
        </div>
      </div>
      {mode === 'confirm-remove' && (
        <div
          className="alert"
          role="alertdialog"
          aria-label={`Remove ${profile.name}?`}
          style={{ marginTop: 8 }}
        >
          <p style={{ margin: '0 0 8px' }}>
            Remove “{profile.name}” from Datadesk? Its sign-in is forgotten on this computer. Nothing on the
            data store itself is changed, and you can add it again later.
          </p>
          <div style={{ display: 'flex', gap: 8 }}>
            <button
              type="button"
              className="button danger"
              disabled={busy !== null}
              onClick={() => void run('remove', () => remove(profile.id))}
            >
              Remove “{profile.name}”
            </button>
            <button type="button" className="button ghost" onClick={() => setMode('view')}>
              Keep it
            </button>
          </div>
        </div>
      )}
      {error && (
        <p className="alert danger" role="alert" style={{ margin: '8px 0 0' }}>
          {error}
        </p>
      )}
      {result && <ConnectionResult result={result} />}
      {profile.kind === 'remote' && <SignInControls profile={profile} auth={auth} />}
    </li>
  );
}
