/**
 * Starting uploads and downloads from the screens. The transfer engine owns the work; these only hand it
 * what the user chose and where, and remember which dataset a job belongs to for the Files tab.
 */
import type { UploadSelection } from './drop';

/** An upload the Files tab started. */
export interface StartedTransfer {
  jobId: string;
  title: string;
}

/** Uploads what the user dropped or chose into `remotePath` ('' or 'folder/…/') of a dataset. */
export async function startUpload(datasetId: string, remotePath: string, selection: UploadSelection): Promise<StartedTransfer> {
  void datasetId;
  void remotePath;
  void selection;
  throw new Error('Uploads need the transfer engine’s bridge calls (issue 5), which this build does not have yet.');
}

/** Downloads `remotePath` of a dataset into `destination` with Provena's path rules. */
export async function startDownload(datasetId: string, remotePath: string, destination: string): Promise<StartedTransfer> {
  void datasetId;
  void remotePath;
  void destination;
  throw new Error('Downloads need the transfer engine’s bridge calls (issue 5), which this build does not have yet.');
}

/** Copies a version's files into its new version (download to a staging folder on this computer, then upload). */
export async function copyVersionFiles(fromDatasetId: string, toDatasetId: string): Promise<StartedTransfer> {
  void fromDatasetId;
  void toDatasetId;
  throw new Error('Copying files needs the transfer engine’s bridge calls (issue 5), which this build does not have yet.');
}
