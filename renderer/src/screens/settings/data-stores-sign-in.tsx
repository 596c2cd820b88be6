import { useState, type FormEvent } from 'react';
import type { AuthState, Profile } from '../../../../preload/contract';
import { call } from '../../bridge/client';
import { useAppStore } from '../../stores/app-store';
import { useProfilesStore } from '../../stores/profiles-store';
import { inputStyle } from './data-stores-form';

/** Opens a sign-in page: the system browser in the desktop app, a new tab in web mode. */
function openPage(url: string): void {
  if (useAppStore.getState().info?.host === 'electron') {
    void call('app.openExternal', { url })
      .then(({ opened }) => {
        if (!opened) window.open(url, '_blank', 'noopener,noreferrer');
      })
      .catch(() => window.open(url, '_blank', 'noopener,noreferrer'));
    return;
  }
  // In a browser the tab must open inside the click, or pop-up blockers refuse it.
  window.open(url, '_blank', 'noopener,noreferrer');
}

const describeUser = (auth: AuthState) =>
  auth.user
    ? auth.user.name
      ? `${auth.user.name} (${auth.user.username})`
      : auth.user.username
    : 'an unknown user';

/** Sign-in state and actions of one remote data store. */
export function SignInControls(props: { profile: Profile; auth: AuthState | undefined }) {
  const { profile, auth } = props;
  const signIn = useProfilesStore((state) => state.signIn);
  const cancelSignIn = useProfilesStore((state) => state.cancelSignIn);
  const signOut = useProfilesStore((state) => state.signOut);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [offline, setOffline] = useState(false);

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };

  const startBrowser = () =>
    run(async () => {
      const state = await signIn(profile.id, 'browser');
      // The desktop app opened the page already; a browser tab opens here.
      if (state.pending?.method === 'browser' && useAppStore.getState().info?.host !== 'electron') {
        window.open(state.pending.authorizationUrl, '_blank', 'noopener,noreferrer');
      }
    });

  const pending = auth?.pending ?? null;
  return (
    <div style={{ display: 'grid', gap: 8, marginTop: 8 }}>
      {auth?.status === 'signed-in' && (
        <p style={{ margin: 0 }} data-testid={`signed-in-${profile.id}`}>
          Signed in as <strong>{describeUser(auth)}</strong>
          {auth.method === 'offline' && <span className="muted"> with an offline token</span>}
          {!auth.remembered && <span className="muted"> — until Datadesk closes</span>}
          {auth.personId === null && <span className="muted"> · not linked to a person in the registry</span>}
        </p>
      )}
      {auth?.problem && (
        <p className="alert danger" role="alert" style={{ margin: 0 }}>
          {auth.problem}
        </p>
      )}
      {error && (
        <p className="alert danger" role="alert" style={{ margin: 0 }}>
          {error}
        </p>
      )}
      {pending?.method === 'device' && (
        <div className="alert" role="region" aria-label="Device sign-in">
          <p style={{ margin: '0 0 8px' }}>Open the sign-in page, sign in, and confirm this code:</p>
          <p
            className="mono"
            style={{ fontSize: 24, letterSpacing: 2, margin: '0 0 8px' }}
            data-testid="device-user-code"
          >
            {pending.userCode}
          </p>
          <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
            <button
              type="button"
              className="button primary"
              onClick={() => openPage(pending.verificationUriComplete ?? pending.verificationUri)}
            >
              Open sign-in page
            </button>
            <button
              type="button"
              className="button ghost"
              onClick={() => void run(() => cancelSignIn(profile.id))}
            >
              Cancel
            </button>
            <span className="muted">or go to {pending.verificationUri}</span>
          </div>
        </div>
      )}
      {pending?.method === 'browser' && (
        <div className="alert" role="region" aria-label="Browser sign-in">
          <p style={{ margin: '0 0 8px' }}>Finish signing in on the page that opened in your browser.</p>
          <div style={{ display: 'flex', gap: 8 }}>
            <button type="button" className="button" onClick={() => openPage(pending.authorizationUrl)}>
              Open the page again
            </button>
            <button
              type="button"
              className="button ghost"
              onClick={() => void run(() => cancelSignIn(profile.id))}
            >
              Cancel
            </button>
          </div>
        </div>
      )}
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
        {auth?.status === 'signed-in' ? (
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => void run(() => signOut(profile.id))}
          >
            Sign out
          </button>
        ) : (
          !pending && (
            <>
              <button
                type="button"
                className="button primary"
                disabled={busy}
                onClick={() => void run(() => signIn(profile.id, 'device'))}
              >
                Sign in
              </button>
              <button type="button" className="button" disabled={busy} onClick={() => void startBrowser()}>
                Sign in with browser
              </button>
              <button
                type="button"
                className="button ghost"
                onClick={() => setOffline(!offline)}
                aria-expanded={offline}
              >
                Use an offline token…
              </button>
            </>
          )
        )}
      </div>
      {offline && auth?.status !== 'signed-in' && (
        <OfflineTokenForm profileId={profile.id} onDone={() => setOffline(false)} />
      )}
    </div>
  );
}

/** Pastes an offline token (for unattended use) without ever showing it back. */
function OfflineTokenForm(props: { profileId: string; onDone(): void }) {
  const importOfflineToken = useProfilesStore((state) => state.importOfflineToken);
  const [token, setToken] = useState('');
  const [clientId, setClientId] = useState('automated-access');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await importOfflineToken(props.profileId, token, clientId);
      setToken('');
      props.onDone();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} style={{ display: 'grid', gap: 8, maxWidth: 480 }} aria-label="Offline token">
      <label style={{ display: 'grid', gap: 4 }}>
        Offline token
        <input
          type="password"
          style={inputStyle}
          value={token}
          onChange={(event) => setToken(event.target.value)}
          autoComplete="off"
        />
      </label>
      <label style={{ display: 'grid', gap: 4 }}>
        Client id
        <input
          style={inputStyle}
          value={clientId}
          onChange={(event) => setClientId(event.target.value)}
          autoComplete="off"
        />
      </label>
      {error && (
        <p className="alert danger" role="alert" style={{ margin: 0 }}>
          {error}
        </p>
      )}
      <div>
        <button type="submit" className="button primary" disabled={busy || token.trim().length < 20}>
          {busy ? 'Checking…' : 'Use this token'}
        </button>
      </div>
    </form>
  );
}
