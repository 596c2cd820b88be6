import { useEffect, useState } from 'react';
import { askNotificationPermission } from '../../app/notify';
import { call } from '../../bridge/client';
import { useAppStore } from '../../stores/app-store';
import { toast } from '../../stores/toast-store';
import { Dialog } from '../../ui/dialog';
import { ErrorNotice } from '../../ui/error-notice';
import { TextField } from '../../ui/fields';
import { Icon } from '../../ui/icons';
import { downloadPlan, type FolderRule } from './download-plan';
import { startDownload } from './transfer-actions';

/** Download to…: a destination folder on this computer, and for folders whether to keep the folder itself. */
export function DownloadDialog(props: {
  datasetId: string;
  datasetName: string;
  paths: string[];
  onClose(): void;
}) {
  const [destination, setDestination] = useState('');
  const [rule, setRule] = useState<FolderRule>('keep');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const paths = props.paths.length ? props.paths : [''];
  const hasFolder = paths.some((path) => path.endsWith('/'));
  const folderPicker = useAppStore((state) => state.info?.folderPicker ?? false);
  const chooseFolder = async () => {
    try {
      const chosen = await call('files.chooseFolder', {
        title: 'Download into this folder',
        ...(destination.trim() ? { defaultPath: destination.trim() } : {}),
      });
      if (chosen.path) setDestination(chosen.path);
    } catch (caught) {
      setError(caught);
    }
  };
  useEffect(() => {
    call('files.downloadFolder', {}).then(
      (answer) => setDestination((current) => current || answer.path),
      () => undefined,
    );
  }, []);
  const submit = async () => {
    if (!destination.trim()) return;
    setBusy(true);
    setError(null);
    askNotificationPermission();
    try {
      for (const path of paths) {
        const plan = downloadPlan(path, rule, destination.trim());
        await startDownload(props.datasetId, plan.remotePath, destination.trim());
      }
      toast(
        `Downloading ${paths.length === 1 ? paths[0] || 'every file' : `${paths.length} items`} to ${destination.trim()}. Follow it in Transfers.`,
        'info',
      );
      props.onClose();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={
        paths[0] === ''
          ? `Download all of “${props.datasetName}”`
          : `Download ${paths.length === 1 ? 'one item' : `${paths.length} items`}`
      }
      onClose={props.onClose}
      busy={busy}
      onSubmit={() => void submit()}
      width="wide"
      footer={
        <>
          <button type="button" className="button" onClick={props.onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy || !destination.trim()}>
            <Icon name="download" /> {busy ? 'Starting…' : 'Download'}
          </button>
        </>
      }
    >
      <TextField
        name="destination"
        label="Save into this folder"
        required
        mono
        value={destination}
        onChange={setDestination}
        hint="A folder on the computer running Datadesk. It is created if it does not exist."
        autoFocus
        trailing={
          folderPicker ? (
            <button type="button" className="button" onClick={() => void chooseFolder()} disabled={busy}>
              <Icon name="folder" /> Choose…
            </button>
          ) : undefined
        }
      />
      {hasFolder && (
        <fieldset className="radio-group">
          <legend className="field-label">Folders</legend>
          <label className="radio">
            <input
              type="radio"
              name="folder-rule"
              checked={rule === 'keep'}
              onChange={() => setRule('keep')}
            />
            <span>
              Keep each folder: <span className="mono">raw</span> arrives as{' '}
              <span className="mono">…/raw/…</span>
            </span>
          </label>
          <label className="radio">
            <input
              type="radio"
              name="folder-rule"
              checked={rule === 'contents'}
              onChange={() => setRule('contents')}
            />
            <span>
              Only what is inside: the contents of <span className="mono">raw/</span> arrive directly in the
              folder
            </span>
          </label>
        </fieldset>
      )}
      <div className="download-preview" aria-label="Where the files will go">
        <div className="field-label">Where they go</div>
        <ul>
          {paths.map((path) => {
            const plan = downloadPlan(path, rule, destination || '…');
            return (
              <li key={path}>
                <span className="mono">{path || 'every file'}</span> <Icon name="chevronRight" size={12} />{' '}
                <span className="mono">{plan.lands}</span>
              </li>
            );
          })}
        </ul>
        <div className="muted small">
          Files that would land outside the folder are refused. Nothing is overwritten half-way: each file is
          written under a temporary name and renamed when verified.
        </div>
      </div>
      {error !== null && <ErrorNotice error={error} compact />}
    </Dialog>
  );
}
