import type { ConnectionTest, Profile } from '../../preload/contract.ts';
import { AppError } from '../core/index.ts';
import type { Handlers } from '../ipc/index.ts';
import { profileFromInput, type ProfileStore } from './profile-store.ts';

/** What the profile handlers need besides the store. */
export interface ProfileHandlerDeps {
  store: ProfileStore;
  /** Tests a profile's addresses (the data store service does the probing). */
  testConnection(profile: Profile): Promise<ConnectionTest>;
}

/** Bridge handlers for data store profiles. */
export function profileHandlers(
  deps: ProfileHandlerDeps,
): Pick<
  Handlers,
  | 'profiles.list'
  | 'profiles.add'
  | 'profiles.update'
  | 'profiles.remove'
  | 'profiles.switch'
  | 'profiles.test'
> {
  const { store } = deps;
  return {
    'profiles.list': () => store.list(),
    'profiles.add': (input) => store.add(input),
    'profiles.update': ({ id, changes }) => store.update(id, changes),
    'profiles.remove': ({ id }) => store.remove(id),
    'profiles.switch': ({ id }) => store.switchTo(id),
    'profiles.test': ({ id, draft }) => {
      if (id) return deps.testConnection(store.get(id));
      if (draft) return deps.testConnection(profileFromInput(draft, 'draft', Date.now()));
      throw new AppError('invalid', 'Say which data store to test.');
    },
  };
}
