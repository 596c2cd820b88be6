import { useEffect, useRef } from 'react';
import { onCommand } from '../../app/commands';
import { useAppStore } from '../../stores/app-store';
import { newDatasetDraftKey, useDraftsStore } from '../../stores/drafts-store';
import { usePendingUploadStore } from '../../stores/pending-upload-store';
import { commandKeyLabel } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { SplitPane } from '../../ui/split-pane';
import { useFileDrag } from '../../ui/use-file-drag';
import { DatasetDetail } from '../dataset/dataset-detail';
import { MetadataFormScreen } from '../metadata/metadata-form';
import { captureDrop } from '../files/drop';
import { emptyDraft, withField } from '../metadata/draft';
import { DatasetList } from './dataset-list';

/** Datasets: the list on the left, the open dataset (or a metadata form) on the right. */
export function DatasetsScreen() {
  const route = useAppStore((state) => state.route);
  const go = useAppStore((state) => state.go);
  const searchRef = useRef<HTMLInputElement>(null);
  useEffect(
    () =>
      onCommand('focus-search', () => {
        searchRef.current?.focus();
        searchRef.current?.select();
      }),
    [],
  );
  const drag = useFileDrag({
    targetOf: () => 'new',
    onDrop: (event) => {
      const read = captureDrop(event.dataTransfer);
      void read().then((selection) => {
        if (selection.paths.length === 0 && selection.files.length === 0) return;
        usePendingUploadStore.getState().set(selection);
        const drafts = useDraftsStore.getState();
        if (!drafts.drafts[newDatasetDraftKey]) drafts.start(newDatasetDraftKey, emptyDraft());
        const current = useDraftsStore.getState().drafts[newDatasetDraftKey]!;
        if (!current.draft.dataset_info.name && selection.names.length === 1) {
          drafts.update(newDatasetDraftKey, {
            draft: withField(current.draft, 'dataset_info.name', selection.names[0]!),
          });
        }
        go({ section: 'datasets', form: 'new' });
      });
    },
  });
  const left = (
    <div className="list-drop-zone" {...drag.handlers}>
      <div className="list-header">
        <h1 id="screen-title">Datasets</h1>
        <button
          type="button"
          className="button primary small"
          onClick={() => go({ section: 'datasets', form: 'new' })}
          title={`New dataset (${commandKeyLabel}N)`}
        >
          <Icon name="plus" /> New dataset
        </button>
      </div>
      <DatasetList searchRef={searchRef} />
      {drag.over && (
        <div className="drop-overlay" role="status" aria-live="assertive">
          <div className="drop-card">
            <Icon name="plus" size={28} />
            <strong>Start a new dataset with these files</strong>
            <span>Describe it in the form; the files are uploaded into it as soon as it is registered.</span>
          </div>
        </div>
      )}
    </div>
  );
  let right;
  if (route.form === 'new') right = <MetadataFormScreen mode={{ kind: 'new' }} />;
  else if (route.form === 'edit' && route.dataset) {
    right = <MetadataFormScreen key={route.dataset} mode={{ kind: 'edit', datasetId: route.dataset }} />;
  } else if (route.dataset)
    right = <DatasetDetail key={route.dataset} datasetId={route.dataset} tab={route.tab ?? 'overview'} />;
  else right = <NothingOpen />;
  return (
    <main className="datasets-screen" aria-labelledby="screen-title">
      <SplitPane
        id="datasets"
        label="Resize the dataset list"
        initial={380}
        min={280}
        max={640}
        left={left}
        right={right}
      />
    </main>
  );
}

function NothingOpen() {
  return (
    <div className="detail-empty">
      <div>
        <Icon name="datasets" size={28} />
        <strong>Pick a dataset to see its files, history and release.</strong>
        <span>
          Search with <kbd>{commandKeyLabel}K</kbd>, move with <kbd>↑</kbd> <kbd>↓</kbd>, or make a new one
          with <kbd>{commandKeyLabel}N</kbd>.
        </span>
      </div>
    </div>
  );
}
