/**
 * Calls the screens need beside the other domains: OS notifications, registry look-ups for the metadata form's
 * organisation and person pickers, and the Files tab's lazy, folder-by-folder listing of a dataset's storage.
 */
import { z } from 'zod';
import { call } from './define.ts';

const id = z.string().min(1).max(300);

/** A registered organisation or person, as a picker shows it. */
export const registryEntity = z.object({
  id: z.string(),
  name: z.string(),
  /** A second line: an email, a ROR id. */
  detail: z.string().nullable(),
});

/** One folder level of a dataset's storage. */
export const folderListing = z.object({
  /** The folder listed, relative to the dataset root: '' or 'raw/2024/'. */
  path: z.string(),
  folders: z.array(z.object({ name: z.string(), path: z.string() })),
  files: z.array(
    z.object({
      name: z.string(),
      path: z.string(),
      size: z.number(),
      /** Last modified (ms), when the store says. */
      modified: z.number().nullable(),
    }),
  ),
  /** Pass back to read the next page of this folder; null when the folder is complete. */
  nextPage: z.string().nullable(),
});

export const screensCalls = {
  /** Shows an OS notification when long work finishes (a no-op where the host has none). */
  'screens.notify': call(
    z.strictObject({ title: z.string().min(1).max(200), body: z.string().max(1000) }),
    z.object({ shown: z.boolean() }),
  ),
  /** Organisations or people whose name matches; `available: false` when the data store has no registry search. */
  'registry.search': call(
    z.strictObject({
      kind: z.enum(['organisation', 'person']),
      query: z.string().max(200),
      limit: z.number().int().min(1).max(50).default(20),
    }),
    z.object({ available: z.boolean(), items: z.array(registryEntity) }),
  ),
  /** Display names of organisation and person ids (unknown ids are left out). */
  'registry.names': call(
    z.strictObject({ ids: z.array(id).max(100) }),
    z.object({ names: z.record(z.string(), z.string()) }),
  ),
  /** Where downloads go unless the user says otherwise (the user's Downloads folder on the host). */
  'files.downloadFolder': call(z.strictObject({}), z.object({ path: z.string() })),
  /** Asks for a folder with the system's folder picker (Electron; see `app.info`'s `folderPicker`). */
  'files.chooseFolder': call(
    z.strictObject({
      title: z.string().min(1).max(200),
      defaultPath: z.string().min(1).max(4096).optional(),
    }),
    z.object({ path: z.string().nullable() }),
  ),
  /** A new, empty folder under the app's data folder for intermediate files (copying a version's files). */
  'files.stagingFolder': call(
    z.strictObject({ purpose: z.enum(['version-copy']) }),
    z.object({ path: z.string() }),
  ),
  /** One page of one folder of a dataset's files (S3 ListObjectsV2 with a `/` delimiter, read credentials). */
  'files.list': call(
    z.strictObject({
      datasetId: id,
      /** '' for the root, else a folder path ending in '/'. */
      path: z
        .string()
        .max(1024)
        .refine(
          (value) => value === '' || (value.endsWith('/') && !value.startsWith('/')),
          'A folder path ends in /.',
        )
        .refine((value) => !value.split('/').includes('..'), 'A folder path cannot contain "..".'),
      page: z.string().max(2048).nullish(),
      limit: z.number().int().min(1).max(1000).default(1000),
    }),
    folderListing,
  ),
};

export type RegistryEntity = z.output<typeof registryEntity>;
export type FolderListing = z.output<typeof folderListing>;
