/**
 * Files dropped on the Datasets list to start a new dataset: kept (in memory only; browsers cannot persist
 * dropped files) until the dataset is registered, then uploaded into it.
 */
import { create } from 'zustand';
import type { UploadSelection } from '../screens/files/drop';

interface PendingUploadState {
  selection: UploadSelection | null;
  set(selection: UploadSelection | null): void;
}

/** What to upload into the next dataset registered from the form. */
export const usePendingUploadStore = create<PendingUploadState>((set) => ({
  selection: null,
  set: (selection) => set({ selection }),
}));
