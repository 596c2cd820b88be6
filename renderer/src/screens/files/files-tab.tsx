import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useCallback,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import type { ItemDataset } from '../../../../shared/provena/dataset-item';
import { onCommand } from '../../app/commands';
import { askNotificationPermission } from '../../app/notify';
import { useDatasetPermissions, type DatasetEntry } from '../../stores/dataset-store';
import { toast } from '../../stores/toast-store';
import { ErrorNotice, Notice } from '../../ui/error-notice';
import { describeError } from '../../ui/errors';
import { plural } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { SkeletonRows } from '../../ui/skeleton';
import { useFileDrag } from '../../ui/use-file-drag';
import { DatasetTransfers } from './dataset-transfers';
import { DropOverlay } from './drop-overlay';
import { FilesToolbar } from './files-toolbar';
import { DownloadDialog } from './download-dialog';
import { captureDrop, describeSelection, selectionFromInput, type UploadSelection } from './drop';
import { FileTree } from './file-tree';
import { ShareLinkDialog } from './share-link-dialog';
import { startUpload } from './transfer-actions';
import { TreeRowView, treeRowHeight } from './tree-rows';

const folderLabel = (path: string) => (path === '' ? 'the top folder' : path.replace(/\/$/, ''));

/** Files: the dataset's storage as a lazy tree, with drop-to-upload, download and share links. */
export function FilesTab({ entry }: { entry: DatasetEntry }) {
  const item = entry.item as ItemDataset;
  const can = useDatasetPermissions(entry);
  const [tree] = useState(() => new FileTree(item.id));
  useSyncExternalStore(tree.subscribe, tree.getVersion);
  const rows = tree.rows();
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [active, setActive] = useState(0);
  const [anchor, setAnchor] = useState<number | null>(null);
  const [dialog, setDialog] = useState<'download' | 'share' | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const [uploadTarget, setUploadTarget] = useState('');

  useEffect(() => {
    tree.refresh();
    return () => tree.dispose();
  }, [tree]);
  useEffect(() => onCommand('upload-files', () => filesInput.current?.click()), []);
  const refreshTree = useCallback(() => tree.refresh(), [tree]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => (rows[index]?.kind === 'error' ? 96 : treeRowHeight),
    overscan: 10,
  });
  const virtualRows = virtualizer.getVirtualItems();
  // Fetch the next page of a folder when its "Loading…" placeholder comes into view.
  useEffect(() => {
    for (const virtual of virtualRows) {
      const row = rows[virtual.index];
      if (row?.kind === 'more') tree.loadMore(row.path);
    }
  }, [virtualRows, rows, tree]);

  const upload = useCallback(
    async (selection: UploadSelection, remotePath: string) => {
      if (can.uploadRefusal) {
        toast(can.uploadRefusal, 'warn');
        return;
      }
      if (selection.paths.length === 0 && selection.files.length === 0) {
        toast('There was nothing to upload: the folders were empty.', 'warn');
        return;
      }
      askNotificationPermission();
      try {
        const started = await startUpload(item.id, remotePath, selection);
        toast(
          `Uploading ${describeSelection(selection.names)} to ${folderLabel(remotePath)}: follow it here or in Transfers (${started.title}).`,
          'info',
        );
      } catch (error) {
        toast(`The upload could not start: ${describeError(error).message}`, 'danger');
      }
    },
    [can.uploadRefusal, item.id],
  );

  const drag = useFileDrag({
    targetOf: (event) =>
      (event.target as HTMLElement).closest<HTMLElement>('[data-kind="folder"]')?.dataset.path ?? '',
    refused: can.uploadRefusal !== null,
    onDrop: (event, target) => {
      if (can.uploadRefusal) {
        toast(can.uploadRefusal, 'warn');
        return;
      }
      const read = captureDrop(event.dataTransfer);
      void read().then((selection) => upload(selection, target));
    },
  });
  const drop = drag.over;

  const selectRow = (index: number, event: MouseEvent | KeyboardEvent | null) => {
    const row = rows[index];
    if (!row || (row.kind !== 'file' && row.kind !== 'folder')) return;
    setActive(index);
    const range = event?.shiftKey && anchor !== null;
    const add = event && (event.ctrlKey || event.metaKey);
    if (range) {
      const [from, to] = anchor! < index ? [anchor!, index] : [index, anchor!];
      const paths = rows
        .slice(from, to + 1)
        .filter((r) => r.kind === 'file' || r.kind === 'folder')
        .map((r) => r.path);
      setSelected(new Set(paths));
    } else if (add) {
      setSelected((current) => {
        const next = new Set(current);
        if (next.has(row.path)) next.delete(row.path);
        else next.add(row.path);
        return next;
      });
      setAnchor(index);
    } else {
      setSelected(new Set([row.path]));
      setAnchor(index);
    }
  };

  const onTreeKeyDown = (event: KeyboardEvent) => {
    const row = rows[active];
    const move = (index: number) => {
      const next = Math.max(0, Math.min(rows.length - 1, index));
      virtualizer.scrollToIndex(next, { align: 'auto' });
      selectRow(next, event.shiftKey ? event : null);
      setActive(next);
    };
    if (event.key === 'ArrowDown') move(active + 1);
    else if (event.key === 'ArrowUp') move(active - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(rows.length - 1);
    else if (event.key === 'ArrowRight' && row?.kind === 'folder') {
      if (!row.expanded) tree.toggle(row.path, true);
      else move(active + 1);
    } else if (event.key === 'ArrowLeft' && row) {
      if (row.kind === 'folder' && row.expanded) tree.toggle(row.path, false);
      else {
        const parent = row.path.replace(/[^/]+\/?$/, '');
        const parentIndex = rows.findIndex(
          (candidate) => candidate.kind === 'folder' && candidate.path === parent,
        );
        if (parentIndex >= 0) move(parentIndex);
      }
    } else if (event.key === 'Enter' && row?.kind === 'folder') tree.toggle(row.path);
    else if (event.key === ' ' && row) {
      setSelected((current) => {
        const next = new Set(current);
        if (next.has(row.path)) next.delete(row.path);
        else next.add(row.path);
        return next;
      });
    } else if (event.key.toLowerCase() === 'a' && (event.ctrlKey || event.metaKey)) {
      setSelected(new Set(rows.filter((r) => r.kind === 'file' || r.kind === 'folder').map((r) => r.path)));
    } else if (event.key === 'Escape') setSelected(new Set());
    else return;
    event.preventDefault();
  };

  const selection = [...selected];
  const singleFile = selection.length === 1 && !selection[0]!.endsWith('/') ? selection[0]! : null;
  const chooseUpload = (kind: 'files' | 'folder') => {
    const folder = selection.length === 1 && selection[0]!.endsWith('/') ? selection[0]! : '';
    setUploadTarget(folder);
    (kind === 'files' ? filesInput : folderInput).current?.click();
  };
  const activeRow = rows[active];

  return (
    <div className="files-tab" {...drag.handlers}>
      <FilesToolbar
        uploadRefusal={can.uploadRefusal}
        readRefusal={can.readRefusal}
        selection={selection}
        onUpload={chooseUpload}
        onDownload={() => setDialog('download')}
        onShare={singleFile ? () => setDialog('share') : null}
        onRefresh={() => tree.refresh()}
      />
      <DatasetTransfers datasetId={item.id} onFilesArrived={refreshTree} />
      {can.uploadRefusal && (
        <div className="files-banner">
          <Notice tone={can.status === 'RELEASED' ? 'info' : 'warn'}>
            <span className="upload-refusal">{can.uploadRefusal}</span>
          </Notice>
        </div>
      )}
      <div className="tree-header" aria-hidden="true">
        <span>Name</span>
        <span className="number">Size</span>
        <span>Modified</span>
      </div>
      {!tree.rootLoaded && tree.rootError === null ? (
        <SkeletonRows count={6} height={treeRowHeight} columns={3} />
      ) : tree.rootError !== null && !tree.rootLoaded ? (
        <div className="detail-body">
          <ErrorNotice
            title="The files could not be listed."
            error={tree.rootError}
            action={
              <button type="button" className="button small" onClick={() => tree.refresh()}>
                Try again
              </button>
            }
          />
        </div>
      ) : tree.rootCount() === 0 ? (
        <div className="files-empty">
          <Icon name="upload" size={28} />
          <strong>No files yet</strong>
          <span className="muted">
            {can.uploadRefusal ?? 'Drop files or folders here, or use Upload files… above.'}
          </span>
        </div>
      ) : (
        <div
          ref={scrollRef}
          className="tree"
          role="tree"
          aria-label="Files and folders"
          aria-multiselectable="true"
          tabIndex={0}
          aria-activedescendant={
            activeRow && (activeRow.kind === 'file' || activeRow.kind === 'folder')
              ? `file-row-${active}`
              : undefined
          }
          onKeyDown={onTreeKeyDown}
        >
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualRows.map((virtual) => {
              const row = rows[virtual.index]!;
              return (
                <div
                  key={virtual.key}
                  className="virtual-row"
                  style={{ transform: `translateY(${virtual.start}px)` }}
                  data-index={virtual.index}
                  ref={virtualizer.measureElement}
                >
                  <TreeRowView
                    row={row}
                    index={virtual.index}
                    selected={(row.kind === 'file' || row.kind === 'folder') && selected.has(row.path)}
                    active={virtual.index === active}
                    dropTarget={drop !== null && row.kind === 'folder' && drop.target === row.path}
                    onActivate={(index, event) => selectRow(index, event)}
                    onToggle={(path) => tree.toggle(path)}
                    onRetry={(path) => (path === '' ? tree.refresh() : tree.toggle(path, true))}
                  />
                </div>
              );
            })}
          </div>
        </div>
      )}
      {tree.rootLoaded && (
        <div className="files-footer">
          <span aria-live="polite">
            {selection.length
              ? `${plural(selection.length, 'item')} selected`
              : `${plural(tree.rootCount(), 'item')} at the top level`}
          </span>
          <span>
            {can.uploadRefusal
              ? 'Uploads are closed for this dataset.'
              : 'Drop files or folders anywhere here to upload them.'}
          </span>
        </div>
      )}
      {drop && (
        <DropOverlay datasetName={item.display_name} target={drop.target} refusal={can.uploadRefusal} />
      )}
      <input
        ref={filesInput}
        type="file"
        multiple
        hidden
        aria-hidden="true"
        tabIndex={-1}
        onChange={(event) => {
          if (event.target.files?.length) void upload(selectionFromInput(event.target.files), uploadTarget);
          event.target.value = '';
        }}
      />
      <input
        ref={folderInput}
        type="file"
        hidden
        aria-hidden="true"
        tabIndex={-1}
        {...{ webkitdirectory: '' }}
        onChange={(event) => {
          if (event.target.files?.length) void upload(selectionFromInput(event.target.files), uploadTarget);
          event.target.value = '';
        }}
      />
      {dialog === 'download' && (
        <DownloadDialog
          datasetId={item.id}
          datasetName={item.display_name}
          paths={selection}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'share' && singleFile && (
        <ShareLinkDialog datasetId={item.id} path={singleFile} onClose={() => setDialog(null)} />
      )}
    </div>
  );
}
