/**
 * The data stores a person has added, kept as plain settings in `<dataDir>/profiles.json` (never a secret in
 * it). The built-in embedded local store always exists and is the current one on a first start.
 */
import { randomUUID } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Profile, ProfileInput, ProfileList } from '../../preload/contract.ts';
import { profile as profileSchema } from '../../preload/contract/profiles.ts';
import { AppError, Emitter, type Disposable, type Logger } from '../core/index.ts';

/** The id of the built-in embedded local store. */
export const localProfileId = 'local';

/** The built-in embedded local store. */
export const localProfile: Profile = {
  id: localProfileId,
  kind: 'local',
  name: 'This computer',
  dataApiUrl: null,
  searchApiUrl: null,
  jobApiUrl: null,
  issuerUrl: null,
  clientId: null,
  s3EndpointUrl: null,
  s3Region: null,
  createdAt: 0,
};

const profilesFile = z.object({
  version: z.literal(1),
  currentId: z.string(),
  profiles: z.array(profileSchema),
});

/** The saved data stores and the current one. */
export interface ProfileStore extends Disposable {
  list(): ProfileList;
  /** The profile with this id; `not_found` when there is none. */
  get(id: string): Profile;
  current(): Profile;
  add(input: ProfileInput): Promise<Profile>;
  update(id: string, input: ProfileInput): Promise<Profile>;
  remove(id: string): Promise<ProfileList>;
  switchTo(id: string): Promise<ProfileList>;
  /** Fires after every change with the new list. */
  readonly onDidChange: Emitter<ProfileList>;
}

/** URLs as the OIDC library and the client want them: no trailing slash (an issuer with one does not match). */
const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');
const optionalUrl = (url: string | null | undefined) => (url ? withoutTrailingSlash(url) : null);

/** Builds a stored profile from what a person typed. */
export function profileFromInput(input: ProfileInput, id: string, createdAt: number): Profile {
  return {
    id,
    kind: 'remote',
    name: input.name.trim(),
    dataApiUrl: withoutTrailingSlash(input.dataApiUrl),
    searchApiUrl: optionalUrl(input.searchApiUrl),
    jobApiUrl: optionalUrl(input.jobApiUrl),
    issuerUrl: withoutTrailingSlash(input.issuerUrl),
    clientId: input.clientId?.trim() || 'client-tools',
    s3EndpointUrl: optionalUrl(input.s3EndpointUrl),
    s3Region: input.s3Region?.trim() || null,
    createdAt,
  };
}

/** Opens (or creates) the profile file of a data folder. */
export async function openProfileStore(options: { dataDir: string; logger: Logger }): Promise<ProfileStore> {
  const path = join(options.dataDir, 'profiles.json');
  const logger = options.logger.child({ component: 'profiles' });
  const state = await load(path, logger);
  const onDidChange = new Emitter<ProfileList>();
  let writing: Promise<void> = Promise.resolve();

  const snapshot = (): ProfileList => ({
    profiles: [localProfile, ...state.profiles],
    currentId: state.currentId,
  });
  const find = (id: string) =>
    id === localProfileId ? localProfile : state.profiles.find((p) => p.id === id);
  const get = (id: string): Profile => {
    const found = find(id);
    if (!found)
      throw new AppError(
        'not_found',
        'That data store is no longer in your list. Reload the list of data stores.',
      );
    return found;
  };
  const refuseBuiltIn = (id: string, action: string) => {
    if (id === localProfileId) throw new AppError('invalid', `The built-in local store cannot be ${action}.`);
  };
  const refuseDuplicateName = (name: string, exceptId?: string) => {
    const taken = state.profiles.some(
      (p) => p.id !== exceptId && p.name.toLowerCase() === name.trim().toLowerCase(),
    );
    if (taken || name.trim().toLowerCase() === localProfile.name.toLowerCase()) {
      throw new AppError(
        'conflict',
        `A data store named "${name.trim()}" already exists. Choose another name.`,
      );
    }
  };

  // Writes are queued so two quick changes never interleave; each write replaces the file atomically.
  const persist = async () => {
    const body = JSON.stringify(
      { version: 1, currentId: state.currentId, profiles: state.profiles },
      null,
      2,
    );
    writing = writing.then(async () => {
      const temporary = `${path}.${process.pid}.tmp`;
      await writeFile(temporary, body, { mode: 0o600 });
      await rename(temporary, path);
    });
    await writing;
    onDidChange.fire(snapshot());
  };

  return {
    list: snapshot,
    get,
    current: () => find(state.currentId) ?? localProfile,
    async add(input) {
      refuseDuplicateName(input.name);
      const created = profileFromInput(input, randomUUID(), Date.now());
      state.profiles.push(created);
      await persist();
      logger.info('profiles.added', { id: created.id, host: new URL(created.dataApiUrl ?? '').host });
      return created;
    },
    async update(id, input) {
      refuseBuiltIn(id, 'edited');
      const existing = get(id);
      refuseDuplicateName(input.name, id);
      const updated = profileFromInput(input, id, existing.createdAt);
      state.profiles = state.profiles.map((p) => (p.id === id ? updated : p));
      await persist();
      logger.info('profiles.updated', { id });
      return updated;
    },
    async remove(id) {
      refuseBuiltIn(id, 'removed');
      get(id);
      state.profiles = state.profiles.filter((p) => p.id !== id);
      if (state.currentId === id) state.currentId = localProfileId;
      await persist();
      logger.info('profiles.removed', { id });
      return snapshot();
    },
    async switchTo(id) {
      get(id);
      state.currentId = id;
      await persist();
      logger.info('profiles.switched', { id });
      return snapshot();
    },
    onDidChange,
    async dispose() {
      await writing;
    },
  };
}

async function load(path: string, logger: Logger): Promise<{ currentId: string; profiles: Profile[] }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { currentId: localProfileId, profiles: [] };
    throw error;
  }
  try {
    const parsed = profilesFile.parse(JSON.parse(text));
    const profiles = parsed.profiles.filter((p) => p.kind === 'remote');
    const currentId = profiles.some((p) => p.id === parsed.currentId) ? parsed.currentId : localProfileId;
    return { currentId, profiles };
  } catch (error) {
    // A damaged file must not stop the app: keep it aside for a bug report and start with the local store.
    const aside = `${path}.damaged-${Date.now()}`;
    await rename(path, aside);
    logger.warn('profiles.damaged_file', { error, movedTo: aside });
    return { currentId: localProfileId, profiles: [] };
  }
}
