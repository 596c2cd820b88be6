import { EmptyState, Screen } from '../../ui/screen';

/** Transfers: uploads and downloads with their progress. */
export function TransfersScreen() {
  return (
    <Screen title="Transfers" subtitle="Uploads and downloads, resumed automatically after a restart">
      <EmptyState title="No transfers yet">Drop a folder on a dataset to upload it, or download a dataset's files.</EmptyState>
    </Screen>
  );
}
