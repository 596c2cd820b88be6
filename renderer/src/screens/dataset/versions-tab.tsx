import { useEffect, useState } from 'react';
import type { ItemDataset } from '../../../../shared/provena/dataset-item';
import { call } from '../../bridge/client';
import { useAppStore } from '../../stores/app-store';
import {
  useDatasetPermissions,
  reloadDataset,
  useDatasetStore,
  type DatasetEntry,
} from '../../stores/dataset-store';
import { toast } from '../../stores/toast-store';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { CheckboxField } from '../../ui/fields';
import { Notice } from '../../ui/error-notice';
import { exactTime, relativeTime } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { SkeletonRows } from '../../ui/skeleton';
import { copyPreviousVersionFiles } from '../files/copy-version-files';

/** One version in the lineage. */
interface VersionNode {
  id: string;
  version: number | null;
  reason: string | null;
  name: string | null;
  created: number | null;
  releaseStatus: string | null;
}

const nodeFromItem = (item: ItemDataset): VersionNode => ({
  id: item.id,
  version: item.versioning_info?.version ?? 1,
  reason: item.versioning_info?.reason ?? null,
  name: item.display_name,
  created: item.created_timestamp,
  releaseStatus: item.release_status,
});

/** Reads one dataset, from the catalog first (offline, instant), else the data store. */
async function readItem(id: string): Promise<ItemDataset | null> {
  const cached = useDatasetStore.getState().entries[id]?.item;
  if (cached) return cached;
  try {
    return (await call('catalog.dataset', { id })).item as unknown as ItemDataset;
  } catch {
    try {
      return (await call('datasets.fetch', { id })).item;
    } catch {
      return null;
    }
  }
}

/** Follows previous and next links from `item` to the whole lineage, oldest first. */
async function lineage(item: ItemDataset): Promise<VersionNode[]> {
  const before: VersionNode[] = [];
  const after: VersionNode[] = [];
  const seen = new Set([item.id]);
  let previous = item.versioning_info?.previous_version ?? null;
  while (previous && !seen.has(previous) && before.length < 200) {
    seen.add(previous);
    const found = await readItem(previous);
    before.unshift(
      found
        ? nodeFromItem(found)
        : { id: previous, version: null, reason: null, name: null, created: null, releaseStatus: null },
    );
    previous = found?.versioning_info?.previous_version ?? null;
  }
  let next = item.versioning_info?.next_version ?? null;
  while (next && !seen.has(next) && after.length < 200) {
    seen.add(next);
    const found = await readItem(next);
    after.push(
      found
        ? nodeFromItem(found)
        : { id: next, version: null, reason: null, name: null, created: null, releaseStatus: null },
    );
    next = found?.versioning_info?.next_version ?? null;
  }
  return [...before, nodeFromItem(item), ...after];
}

/** Versions: the lineage with navigation, and "Create new version". */
export function VersionsTab({ entry }: { entry: DatasetEntry }) {
  const item = entry.item as ItemDataset;
  const go = useAppStore((state) => state.go);
  const [nodes, setNodes] = useState<VersionNode[] | null>(null);
  const [creating, setCreating] = useState(false);
  const [copyFiles, setCopyFiles] = useState(false);
  const can = useDatasetPermissions(entry);

  useEffect(() => {
    let live = true;
    void lineage(item).then((found) => live && setNodes(found));
    return () => {
      live = false;
    };
  }, [item]);

  return (
    <div className="detail-body">
      <div className="section-bar">
        <p className="muted">
          Each version is its own dataset with its own handle and files. A new version starts unreleased and
          empty.
        </p>
        <button
          type="button"
          className="button primary"
          disabled={!can.canVersion}
          title={can.versionRefusal ?? 'Make a new version of this dataset (asks for a reason)'}
          onClick={() => setCreating(true)}
        >
          <Icon name="versions" /> Create new version…
        </button>
      </div>
      {!can.latest && (
        <Notice tone="warn" title="This is not the latest version.">
          Newer versions exist; open the latest to upload or change it.
        </Notice>
      )}
      {nodes === null ? (
        <SkeletonRows count={2} height={60} />
      ) : (
        <ol className="lineage" aria-label="Versions, oldest first">
          {nodes.map((node) => {
            const current = node.id === item.id;
            return (
              <li key={node.id} className={`lineage-node${current ? ' current' : ''}`}>
                <span className="lineage-dot" aria-hidden="true" />
                <div className="lineage-body">
                  <div className="lineage-title">
                    <strong>Version {node.version ?? '?'}</strong>
                    {current ? (
                      <span className="badge accent small">You are here</span>
                    ) : (
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => go({ section: 'datasets', dataset: node.id, tab: 'versions' })}
                      >
                        Open version {node.version ?? ''}
                      </button>
                    )}
                  </div>
                  <div className="muted small">
                    <span className="mono">{node.id}</span>
                    {node.created !== null && (
                      <span title={exactTime(node.created)}> · created {relativeTime(node.created)}</span>
                    )}
                  </div>
                  {node.reason && <div className="lineage-reason">“{node.reason}”</div>}
                </div>
              </li>
            );
          })}
        </ol>
      )}
      {creating && (
        <ConfirmDialog
          title={`Create version ${(item.versioning_info?.version ?? 1) + 1}?`}
          confirmLabel="Create new version"
          reason={{
            label: 'Reason',
            required: true,
            placeholder: 'e.g. Corrected calibration for 2024 data',
            hint: 'Shown in the lineage of every version.',
          }}
          extra={
            <CheckboxField
              label={`Then upload this version’s files into the new one`}
              hint="Datadesk copies them through this computer, as a transfer you can follow in Transfers."
              checked={copyFiles}
              onChange={setCopyFiles}
            />
          }
          onClose={() => setCreating(false)}
          onConfirm={async (reason) => {
            const created = await call('datasets.version', { id: item.id, reason });
            void reloadDataset(item.id);
            if (copyFiles) await copyPreviousVersionFiles(item.id, created.new_version_id);
            toast(`Version ${(item.versioning_info?.version ?? 1) + 1} created.`, 'ok');
            go({ section: 'datasets', dataset: created.new_version_id, tab: 'overview' });
          }}
        >
          <p>
            A new dataset is registered as version {(item.versioning_info?.version ?? 1) + 1}, with a new
            handle and the same metadata. This version stays as it is and points to the new one.
          </p>
          <p>
            <strong>Files are not copied.</strong> The new version starts with no files (only its metadata
            record), and it starts unreleased.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
