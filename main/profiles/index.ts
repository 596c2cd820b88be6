/** Data store profiles: the built-in embedded local store and the remote data stores a person adds. */
export {
  localProfile,
  localProfileId,
  openProfileStore,
  profileFromInput,
  type ProfileStore,
} from './profile-store.ts';
export { profileHandlers, type ProfileHandlerDeps } from './handlers.ts';
