/** Plain data types of the profiles, sign-in and data store calls, for the renderer and main alike. */
export type {
  AuthOverview,
  AuthState,
  KeychainStatus,
  PendingSignIn,
  SignedInUser,
  SignInMethod,
} from './auth.ts';
export type { DatasetSearchResults, FetchedDataset, RemoteDatasetPage } from './datastore.ts';
export type { ConnectionCheck, ConnectionTest, Profile, ProfileInput, ProfileList } from './profiles.ts';
