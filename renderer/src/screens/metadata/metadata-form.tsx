import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ItemDataset } from '../../../../shared/provena/dataset-item';
import { askNotificationPermission } from '../../app/notify';
import { call } from '../../bridge/client';
import { useAppStore } from '../../stores/app-store';
import { offlineReason, useOfflineSince } from '../../stores/catalog-status-store';
import { reloadDataset, useDatasetStore } from '../../stores/dataset-store';
import { editDraftKey, newDatasetDraftKey, useDraftsStore, type DraftEntry } from '../../stores/drafts-store';
import { usePendingUploadStore } from '../../stores/pending-upload-store';
import { toast } from '../../stores/toast-store';
import { ErrorNotice, Notice } from '../../ui/error-notice';
import { describeError, isCancelled } from '../../ui/errors';
import { relativeTime } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { SkeletonRows } from '../../ui/skeleton';
import { draftFromMetadata, emptyDraft, payloadFromDraft, withField } from './draft';
import { FormContext, type FormApi } from './form-context';
import { AboutSection, LicenceSection, OwnershipSection } from './form-sections';
import { ApprovalsSection, CoverageSection, CustomSection } from './more-sections';
import { useEntitySearch } from './registry-search';
import { verdictFromError } from './server-errors';
import { firstErrorField, validateDraft } from './validation';
import { describeSelection } from '../files/drop';
import { startUpload } from '../files/transfer-actions';
import { FormFooter } from './form-footer';

/** Which form: a new dataset, or an edit of one. */
export type FormMode = { kind: 'new' } | { kind: 'edit'; datasetId: string };

/** The mint and edit form: every field, checked as the user types, drafts kept across navigation and errors. */
export function MetadataFormScreen({ mode }: { mode: FormMode }) {
  const key = mode.kind === 'new' ? newDatasetDraftKey : editDraftKey(mode.datasetId);
  const entry = useDraftsStore((state) => state.drafts[key]);
  const dataset = useDatasetStore((state) =>
    mode.kind === 'edit' ? state.entries[mode.datasetId] : undefined,
  );
  const loadDataset = useDatasetStore((state) => state.load);
  const start = useDraftsStore((state) => state.start);

  useEffect(() => {
    if (mode.kind === 'edit') void loadDataset(mode.datasetId);
  }, [mode, loadDataset]);
  useEffect(() => {
    if (entry) return;
    if (mode.kind === 'new') start(key, emptyDraft());
    else if (dataset?.item)
      start(key, draftFromMetadata(dataset.item.collection_format), dataset.item.updated_timestamp);
  }, [entry, mode, dataset?.item, key, start]);

  if (!entry) {
    return (
      <div className="form-screen">
        <div className="form-content">
          {dataset?.error && !dataset.item ? (
            <ErrorNotice error={dataset.error} title="The dataset could not be loaded for editing." />
          ) : (
            <SkeletonRows count={10} height={56} />
          )}
        </div>
      </div>
    );
  }
  return <Form mode={mode} draftKey={key} entry={entry} current={dataset?.item ?? null} />;
}

function Form(props: { mode: FormMode; draftKey: string; entry: DraftEntry; current: ItemDataset | null }) {
  const { mode, draftKey, entry, current } = props;
  const update = useDraftsStore((state) => state.update);
  const discard = useDraftsStore((state) => state.discard);
  const go = useAppStore((state) => state.go);
  const [busy, setBusy] = useState<'validate' | 'save' | null>(null);
  const offlineSince = useOfflineSince();
  const [generalError, setGeneralError] = useState<unknown>(null);
  const [validated, setValidated] = useState<{ at: number; ok: boolean; details: string } | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const organisations = useEntitySearch('organisation');
  const people = useEntitySearch('person');
  const { draft } = entry;

  const localErrors = useMemo(() => validateDraft(draft), [draft]);
  const errors = useMemo(
    () => ({ ...entry.serverErrors, ...localErrors }),
    [entry.serverErrors, localErrors],
  );
  const reasonMissing = mode.kind === 'edit' && entry.reason.trim() === '';
  const problemCount = Object.keys(errors).length;

  const errorFor = useCallback(
    (path: string) =>
      entry.attempted || entry.touched.includes(path) || entry.serverErrors[path]
        ? (errors[path] ?? null)
        : null,
    [entry.attempted, entry.touched, entry.serverErrors, errors],
  );
  const api: FormApi = useMemo(
    () => ({
      draft,
      errorFor,
      disabled: busy === 'save',
      set(path, value) {
        const { [path]: _cleared, ...serverErrors } =
          useDraftsStore.getState().drafts[draftKey]?.serverErrors ?? {};
        const latest = useDraftsStore.getState().drafts[draftKey]?.draft ?? draft;
        update(draftKey, { draft: withField(latest, path, value), serverErrors });
        setValidated(null);
      },
      touch(path) {
        const touched = useDraftsStore.getState().drafts[draftKey]?.touched ?? [];
        if (!touched.includes(path)) update(draftKey, { touched: [...touched, path] });
      },
    }),
    [draft, errorFor, busy, draftKey, update],
  );

  const focusFirstProblem = (fieldErrors: Record<string, string>) => {
    const field = firstErrorField(fieldErrors);
    if (!field) return;
    requestAnimationFrame(() => {
      const container = document.querySelector<HTMLElement>(`[data-field="${CSS.escape(field)}"]`);
      container?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      container?.querySelector<HTMLElement>('input, textarea, select')?.focus({ preventScroll: true });
    });
  };

  const applyServerFailure = (error: unknown) => {
    const verdict = verdictFromError(error, draft);
    update(draftKey, { serverErrors: verdict.fields, attempted: true });
    setGeneralError(verdict.general ? error : null);
    if (Object.keys(verdict.fields).length) focusFirstProblem(verdict.fields);
    else scrollRef.current?.scrollTo({ top: 0, behavior: 'smooth' });
  };

  const validate = async () => {
    update(draftKey, { attempted: true });
    setGeneralError(null);
    if (Object.keys(localErrors).length) {
      focusFirstProblem(localErrors);
      setValidated({ at: Date.now(), ok: false, details: 'Fix the highlighted fields first.' });
      return;
    }
    setBusy('validate');
    try {
      const status = await call('datasets.validate', { metadata: payloadFromDraft(draft) });
      setValidated({ at: Date.now(), ok: status.success, details: status.details });
      if (!status.success) applyServerFailure(new Error(status.details));
    } catch (error) {
      if (!isCancelled(error)) applyServerFailure(error);
    } finally {
      setBusy(null);
    }
  };

  const save = async () => {
    update(draftKey, { attempted: true });
    setGeneralError(null);
    if (Object.keys(localErrors).length || reasonMissing) {
      if (Object.keys(localErrors).length) focusFirstProblem(localErrors);
      else document.querySelector<HTMLElement>('[data-field="reason"] input')?.focus();
      return;
    }
    setBusy('save');
    askNotificationPermission();
    try {
      const metadata = payloadFromDraft(draft);
      if (mode.kind === 'new') {
        const minted = await call('datasets.mint', { metadata });
        if (!minted.handle)
          throw new Error(minted.status.details || 'The data store did not return a handle.');
        discard(draftKey);
        // Main follows the registration from here on; its progress arrives as events.
        const pending = usePendingUploadStore.getState().selection;
        if (pending) {
          usePendingUploadStore.getState().set(null);
          toast(
            `“${metadata.dataset_info.name}” is registered. Uploading ${describeSelection(pending.names)} into it.`,
            'ok',
          );
          go({ section: 'datasets', dataset: minted.handle, tab: 'files' });
          startUpload(minted.handle, '', pending).catch((error: unknown) =>
            toast(`The upload could not start: ${describeError(error).message}`, 'danger'),
          );
        } else {
          toast(`“${metadata.dataset_info.name}” is registered. Drop files on it to upload them.`, 'ok');
          go({ section: 'datasets', dataset: minted.handle, tab: 'overview' });
        }
      } else {
        await call('datasets.updateMetadata', { id: mode.datasetId, reason: entry.reason.trim(), metadata });
        discard(draftKey);
        await reloadDataset(mode.datasetId);
        toast('Metadata saved. The change and its reason are in the History tab.', 'ok');
        go({ section: 'datasets', dataset: mode.datasetId, tab: 'overview' });
      }
    } catch (error) {
      if (!isCancelled(error)) applyServerFailure(error);
    } finally {
      setBusy(null);
    }
  };

  const cancel = () => {
    const previous = useAppStore.getState().previous;
    if (mode.kind === 'edit') go({ section: 'datasets', dataset: mode.datasetId, tab: 'overview' });
    else if (previous?.section === 'datasets' && previous.dataset && !previous.form) go(previous);
    else go({ section: 'datasets' });
  };
  const changedSince =
    mode.kind === 'edit' &&
    current &&
    entry.baseUpdated !== null &&
    current.updated_timestamp > entry.baseUpdated;

  return (
    <FormContext.Provider value={api}>
      <form
        className="form-screen"
        aria-labelledby="form-title"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <div className="form-scroll" ref={scrollRef}>
          <div className="form-content">
            <header className="form-header">
              <h2 id="form-title">
                {mode.kind === 'new' ? 'New dataset' : `Edit “${current?.display_name ?? 'dataset'}”`}
              </h2>
              <p className="muted">
                {mode.kind === 'new'
                  ? 'Describe the dataset to register it; you upload its files next. Fields marked * are required.'
                  : 'Changes are recorded in the history with your reason.'}{' '}
                Your draft is kept{entry.savedAt ? ` (saved ${relativeTime(entry.savedAt)})` : ''} if you
                leave this page.
              </p>
            </header>
            {changedSince && (
              <Notice tone="warn" title="Someone changed this dataset after you started editing.">
                Saving replaces their changes with yours. Compare in the History tab, or discard your draft to
                start from the current metadata.
              </Notice>
            )}
            {mode.kind === 'new' && <PendingUpload />}
            {generalError !== null && (
              <ErrorNotice
                error={generalError}
                title={
                  (generalError as { code?: string }).code === 'network'
                    ? 'Not saved: the data store could not be reached. Your draft is kept.'
                    : 'The data store did not accept this.'
                }
              />
            )}
            <AboutSection />
            <OwnershipSection organisations={organisations} people={people} />
            <LicenceSection />
            <CoverageSection />
            <ApprovalsSection />
            <CustomSection />
            <div className="form-end">
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  discard(draftKey);
                  setGeneralError(null);
                  setValidated(null);
                }}
              >
                <Icon name="trash" /> Discard this draft and start again
              </button>
            </div>
          </div>
        </div>
        <FormFooter
          mode={mode.kind}
          busy={busy}
          problemCount={problemCount}
          showProblems={entry.attempted}
          validated={validated}
          reason={entry.reason}
          reasonError={entry.attempted && reasonMissing ? 'Say why you are changing the metadata.' : null}
          offlineReason={offlineSince === null ? null : offlineReason(offlineSince)}
          onReason={(reason) => update(draftKey, { reason })}
          onValidate={() => void validate()}
          onCancel={cancel}
          onShowProblem={() => focusFirstProblem(errors)}
        />
      </form>
    </FormContext.Provider>
  );
}

/** The files waiting to be uploaded into the dataset once it is registered (dropped on the list). */
function PendingUpload() {
  const pending = usePendingUploadStore((state) => state.selection);
  const clear = usePendingUploadStore((state) => state.set);
  if (!pending) return null;
  const count = pending.files.length;
  return (
    <Notice
      title={`Then upload ${describeSelection(pending.names)}`}
      action={
        <button type="button" className="button small" onClick={() => clear(null)}>
          Don’t upload them
        </button>
      }
    >
      {count
        ? `${count === 1 ? 'One file' : `${count.toLocaleString()} files`} will`
        : 'The dropped files and folders will'}{' '}
      be uploaded into the new dataset as soon as it is registered.
    </Notice>
  );
}
