import { useState } from 'react';
import { call } from '../../bridge/client';
import { CopyButton } from '../../ui/copy-button';
import { Dialog } from '../../ui/dialog';
import { ErrorNotice } from '../../ui/error-notice';
import { SelectField } from '../../ui/fields';

const expiries = [
  { value: '3600', label: '1 hour' },
  { value: '10800', label: '3 hours' },
  { value: '28800', label: '8 hours' },
  { value: '86400', label: '24 hours' },
] as const;

/** Copy share link: a presigned download URL for one file, valid for the chosen time. */
export function ShareLinkDialog(props: { datasetId: string; path: string; onClose(): void }) {
  const [expiry, setExpiry] = useState<string>('10800');
  const [link, setLink] = useState<{ url: string; until: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const make = async () => {
    setBusy(true);
    setError(null);
    try {
      const answer = await call('datasets.presignedUrl', {
        datasetId: props.datasetId,
        filePath: props.path,
        expiresIn: Number(expiry),
      });
      setLink({ url: answer.presigned_url, until: Date.now() + Number(expiry) * 1000 });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title="Share a download link"
      onClose={props.onClose}
      onSubmit={() => void make()}
      footer={
        <>
          <button type="button" className="button" onClick={props.onClose}>
            Close
          </button>
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? 'Making the link…' : link ? 'Make a new link' : 'Make link'}
          </button>
        </>
      }
    >
      <p className="confirm-text">
        Anyone with the link can download <span className="mono">{props.path}</span> without signing in, until
        it expires.
      </p>
      <SelectField
        name="expiry"
        label="The link works for"
        value={expiry}
        onChange={(value) => {
          setExpiry(value);
          setLink(null);
        }}
        options={expiries}
        hint="Links also stop working when the data store’s storage credentials expire (at most 8 hours on Provena)."
      />
      {link && (
        <div className="field">
          <label className="field-label" htmlFor="share-link">
            Link (until {new Date(link.until).toLocaleString()})
          </label>
          <div className="copy-row">
            <input
              id="share-link"
              className="input mono"
              readOnly
              value={link.url}
              onFocus={(event) => event.target.select()}
            />
            <CopyButton value={link.url} label="Copy the link" showText />
          </div>
        </div>
      )}
      {error !== null && <ErrorNotice error={error} compact />}
    </Dialog>
  );
}
