import { create } from 'zustand';
import type {
  AuthState,
  ConnectionTest,
  KeychainStatus,
  Profile,
  ProfileInput,
  ProfileList,
} from '../../../preload/contract';
import { call, onConnectionChange, subscribe } from '../bridge/client';

interface ProfilesState {
  profiles: Profile[];
  currentId: string | null;
  /** Sign-in state per profile id. */
  auth: Record<string, AuthState>;
  keychain: KeychainStatus | null;
  loaded: boolean;
  load(): Promise<void>;
  add(input: ProfileInput): Promise<Profile>;
  update(id: string, changes: ProfileInput): Promise<Profile>;
  remove(id: string): Promise<void>;
  switchTo(id: string): Promise<void>;
  test(target: { id: string } | { draft: ProfileInput }): Promise<ConnectionTest>;
  signIn(profileId: string, method: 'device' | 'browser'): Promise<AuthState>;
  cancelSignIn(profileId: string): Promise<void>;
  signOut(profileId: string): Promise<void>;
  importOfflineToken(profileId: string, token: string, clientId: string): Promise<void>;
}

const applyList = (list: ProfileList) => ({ profiles: list.profiles, currentId: list.currentId });
const withAuth = (state: AuthState) => (current: ProfilesState) => ({
  auth: { ...current.auth, [state.profileId]: state },
});

/** The data stores, the current one and who is signed in where. Tokens never reach the renderer. */
export const useProfilesStore = create<ProfilesState>((set) => ({
  profiles: [],
  currentId: null,
  auth: {},
  keychain: null,
  loaded: false,
  async load() {
    const [list, overview] = await Promise.all([call('profiles.list', {}), call('auth.overview', {})]);
    set({
      ...applyList(list),
      auth: Object.fromEntries(overview.states.map((state) => [state.profileId, state])),
      keychain: overview.keychain,
      loaded: true,
    });
  },
  async add(input) {
    const profile = await call('profiles.add', input);
    set(applyList(await call('profiles.list', {})));
    return profile;
  },
  async update(id, changes) {
    const profile = await call('profiles.update', { id, changes });
    set(applyList(await call('profiles.list', {})));
    return profile;
  },
  async remove(id) {
    set(applyList(await call('profiles.remove', { id })));
  },
  async switchTo(id) {
    set(applyList(await call('profiles.switch', { id })));
  },
  test: (target) => call('profiles.test', target),
  async signIn(profileId, method) {
    const state = await call('auth.signIn', { profileId, method });
    set(withAuth(state));
    return state;
  },
  async cancelSignIn(profileId) {
    set(withAuth(await call('auth.cancelSignIn', { profileId })));
  },
  async signOut(profileId) {
    set(withAuth(await call('auth.signOut', { profileId })));
  },
  async importOfflineToken(profileId, token, clientId) {
    set(withAuth(await call('auth.importOfflineToken', { profileId, token, clientId })));
  },
}));

/** The current profile and its sign-in state (for the status bar and the sidebar). */
export function useCurrentDataStore(): { profile: Profile | null; auth: AuthState | null } {
  const profile = useProfilesStore((state) => state.profiles.find((p) => p.id === state.currentId) ?? null);
  const auth = useProfilesStore((state) => (state.currentId ? (state.auth[state.currentId] ?? null) : null));
  return { profile, auth };
}

/** Loads profiles and sign-in states and follows their events; returns a cleanup. */
export function startProfilesStore(): () => void {
  const { load } = useProfilesStore.getState();
  void load().catch(() => undefined);
  const unsubscribers = [
    subscribe('profiles.changed', (list) => useProfilesStore.setState(applyList(list))),
    subscribe('auth.state', (state) => useProfilesStore.setState(withAuth(state))),
    onConnectionChange((connected) => {
      if (connected) void load().catch(() => undefined);
    }),
  ];
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
