/** What a person asks for, turned into a job: paths normalised, a title that says what it is. */
import { resolve } from 'node:path';
import { AppError } from '../core/index.ts';
import { normaliseDatasetPath } from './paths.ts';
import type { ConflictPolicy, JobSpec, UploadSource } from './types.ts';

/** What an upload needs. */
export interface UploadRequest {
  profileId: string;
  datasetId: string;
  sources: UploadSource[];
  /** Sub-path inside the dataset ('' for its root). */
  remotePath: string;
  conflict: ConflictPolicy;
}

/** What a download needs. */
export interface DownloadRequest {
  profileId: string;
  datasetId: string;
  /** '' for the whole dataset; `folder/` for a folder's contents. */
  remotePath: string;
  destination: string;
  conflict: ConflictPolicy;
}

/** The job for an upload: "Upload raw" or "Upload 3 items". */
export function uploadSpec(request: UploadRequest, host: string): { spec: JobSpec; title: string } {
  if (request.sources.length === 0)
    throw new AppError('invalid', 'Choose at least one file or folder to upload.');
  const remotePath = normaliseDatasetPath(request.remotePath);
  const sources = request.sources.map((source) => ({
    path: resolve(source.path),
    contentsOnly: source.contentsOnly,
  }));
  const names = sources.map((source) => source.path.split(/[\\/]/).pop() ?? source.path);
  return {
    spec: {
      kind: 'upload',
      profileId: request.profileId,
      datasetId: request.datasetId,
      remotePath,
      sources,
      localPath: null,
      conflict: request.conflict,
      host,
      fromBrowser: false,
    },
    title: names.length === 1 ? `Upload ${names[0]}` : `Upload ${names.length} items`,
  };
}

/** The job for a download: "Download raw", or "Download dataset" for all of it. */
export function downloadSpec(request: DownloadRequest, host: string): { spec: JobSpec; title: string } {
  normaliseDatasetPath(request.remotePath);
  const name = request.remotePath.replace(/\/+$/, '').split('/').pop() || 'dataset';
  return {
    spec: {
      kind: 'download',
      profileId: request.profileId,
      datasetId: request.datasetId,
      remotePath: request.remotePath.replace(/^\/+/, ''),
      sources: [],
      localPath: resolve(request.destination),
      conflict: request.conflict,
      host,
      fromBrowser: false,
    },
    title: `Download ${name}`,
  };
}
