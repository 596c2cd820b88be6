/** "Then upload this version's files into the new one", after Create new version. */
import { toast } from '../../stores/toast-store';
import { describeError } from '../../ui/errors';
import { copyVersionFiles } from './transfer-actions';

/** Starts copying the old version's files into the new one; a failure to start is reported, not thrown. */
export async function copyPreviousVersionFiles(fromDatasetId: string, toDatasetId: string): Promise<void> {
  try {
    const started = await copyVersionFiles(fromDatasetId, toDatasetId);
    toast(`${started.title}: follow it in Transfers.`, 'info');
  } catch (error) {
    toast(`The files could not be copied: ${describeError(error).message}`, 'warn');
  }
}
