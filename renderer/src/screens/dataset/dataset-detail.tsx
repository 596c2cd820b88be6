import { useEffect } from 'react';
import { useAppStore, type DatasetTab } from '../../stores/app-store';
import { offlineReason, useOfflineSince } from '../../stores/catalog-status-store';
import { useDatasetPermissions, reloadDataset, useDatasetStore } from '../../stores/dataset-store';
import { LockBadge, ReleaseBadge, VersionBadge } from '../../ui/badges';
import { ErrorNotice, Notice } from '../../ui/error-notice';
import { relativeTime } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { SkeletonRows, SkeletonText } from '../../ui/skeleton';
import { TabPanel, Tabs } from '../../ui/tabs';
import { askNotificationPermission } from '../../app/notify';
import { toast } from '../../stores/toast-store';
import { describeError } from '../../ui/errors';
import { useFileDrag } from '../../ui/use-file-drag';
import { captureDrop, describeSelection } from '../files/drop';
import { DropOverlay } from '../files/drop-overlay';
import { FilesTab } from '../files/files-tab';
import { startUpload } from '../files/transfer-actions';
import { HistoryTab } from './history-tab';
import { OverviewTab } from './overview-tab';
import { ReleaseTab } from './release-tab';
import { VersionsTab } from './versions-tab';

const tabLabels: Record<DatasetTab, string> = {
  overview: 'Overview',
  files: 'Files',
  history: 'History',
  versions: 'Versions',
  release: 'Release',
};

/** One dataset: header with its state, then Overview, Files, History, Versions and Release tabs. */
export function DatasetDetail({ datasetId, tab }: { datasetId: string; tab: DatasetTab }) {
  const entry = useDatasetStore((state) => state.entries[datasetId]);
  const load = useDatasetStore((state) => state.load);
  const go = useAppStore((state) => state.go);
  useEffect(() => void load(datasetId), [datasetId, load]);

  const item = entry?.item ?? null;
  const can = useDatasetPermissions(entry);
  const offlineSince = useOfflineSince();
  const name = item?.display_name ?? entry?.summary?.displayName ?? null;
  const version = item?.versioning_info?.version ?? entry?.summary?.version ?? null;
  const historyCount = item?.history?.length ?? null;
  // Dropping anywhere on the dataset (not only on its Files tab) uploads into its top folder.
  const drag = useFileDrag({
    targetOf: () => '',
    refused: can.uploadRefusal !== null,
    onDrop: (event) => {
      if (can.uploadRefusal || !item) {
        if (can.uploadRefusal) toast(can.uploadRefusal, 'warn');
        return;
      }
      const read = captureDrop(event.dataTransfer);
      askNotificationPermission();
      go({ section: 'datasets', dataset: datasetId, tab: 'files' });
      void read()
        .then((selection) => startUpload(datasetId, '', selection).then(() => selection))
        .then((selection) =>
          toast(`Uploading ${describeSelection(selection.names)} to the top folder.`, 'info'),
        )
        .catch((error: unknown) =>
          toast(`The upload could not start: ${describeError(error).message}`, 'danger'),
        );
    },
  });

  if (!item && entry && !entry.loading && entry.error) {
    return (
      <div className="detail">
        <div className="detail-body">
          <ErrorNotice
            title="This dataset could not be opened."
            error={entry.error}
            action={
              <button type="button" className="button small" onClick={() => void reloadDataset(datasetId)}>
                Try again
              </button>
            }
          />
        </div>
      </div>
    );
  }

  return (
    <div
      className="detail"
      aria-label={name ? `Dataset ${name}` : 'Dataset'}
      role="region"
      {...(tab === 'files' ? {} : drag.handlers)}
    >
      {drag.over && tab !== 'files' && item && (
        <DropOverlay datasetName={item.display_name} target="" refusal={can.uploadRefusal} />
      )}
      <header className="detail-header">
        <div className="detail-title-row">
          <h2 className="detail-title">{name ?? <SkeletonText width="50%" />}</h2>
          <div className="detail-actions">
            <button
              type="button"
              className="button"
              disabled={!item || !can.canEditMetadata}
              title={can.metadataRefusal ?? 'Change the metadata (a reason is recorded in the history)'}
              onClick={() => go({ section: 'datasets', dataset: datasetId, form: 'edit' })}
            >
              <Icon name="edit" /> Edit metadata
            </button>
          </div>
        </div>
        <div className="detail-badges">
          <ReleaseBadge status={can.status} />
          {version !== null && <VersionBadge version={version} latest={can.latest} />}
          {can.locked && (
            <LockBadge reason="Locked in the registry: nothing about this dataset can be changed until an administrator unlocks it." />
          )}
          <span className="mono muted small">{datasetId}</span>
          {entry?.source === 'catalog' && entry.loading && (
            <span className="muted small">Checking with the data store…</span>
          )}
        </div>
      </header>
      {can.unreachable && item && (
        <div className="detail-banner">
          <Notice
            tone="warn"
            title={`Showing the copy saved on this computer${entry?.summary ? ` (updated ${relativeTime(entry.summary.updatedTimestamp)})` : ''}.`}
            action={
              <button type="button" className="button small" onClick={() => void reloadDataset(datasetId)}>
                Try again
              </button>
            }
          >
            <span data-testid="saved-copy-reason">
              {offlineSince !== null ? offlineReason(offlineSince, 'Changes need') : can.offlineReason}
            </span>
          </Notice>
        </div>
      )}
      <Tabs
        label="Dataset views"
        idPrefix="dataset"
        selected={tab}
        onSelect={(next) => go({ section: 'datasets', dataset: datasetId, tab: next })}
        tabs={(Object.keys(tabLabels) as DatasetTab[]).map((id) => ({
          id,
          label: tabLabels[id],
          badge: id === 'history' ? historyCount : null,
        }))}
      />
      <TabPanel idPrefix="dataset" id={tab}>
        {!item ? (
          <div className="detail-body">
            <SkeletonRows count={8} height={34} columns={2} />
          </div>
        ) : tab === 'overview' ? (
          <OverviewTab entry={entry!} />
        ) : tab === 'files' ? (
          <FilesTab entry={entry!} />
        ) : tab === 'history' ? (
          <HistoryTab entry={entry!} />
        ) : tab === 'versions' ? (
          <VersionsTab entry={entry!} />
        ) : (
          <ReleaseTab entry={entry!} />
        )}
      </TabPanel>
    </div>
  );
}
