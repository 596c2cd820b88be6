import { useEffect, useState } from 'react';
import type { TransferSettings as Settings } from '../../../../preload/contract';
import { call } from '../../bridge/client';
import { toast } from '../../stores/toast-store';
import { ErrorNotice } from '../../ui/error-notice';
import { TextField } from '../../ui/fields';

/** The fields as typed (strings), so half-typed numbers are not lost or corrected under the cursor. */
interface Typed {
  filesInFlight: string;
  partsInFlight: string;
  bandwidth: string;
}

const typedFrom = (settings: Settings): Typed => ({
  filesInFlight: String(settings.filesInFlight),
  partsInFlight: String(settings.partsInFlight),
  bandwidth: settings.bandwidthLimitMiBps === null ? '' : String(settings.bandwidthLimitMiBps),
});

function problems(typed: Typed): Partial<Record<keyof Typed, string>> {
  const found: Partial<Record<keyof Typed, string>> = {};
  const whole = (value: string, min: number, max: number) =>
    /^\d+$/.test(value) && Number(value) >= min && Number(value) <= max;
  if (!whole(typed.filesInFlight, 1, 128)) found.filesInFlight = 'A whole number from 1 to 128.';
  if (!whole(typed.partsInFlight, 1, 64)) found.partsInFlight = 'A whole number from 1 to 64.';
  if (
    typed.bandwidth.trim() !== '' &&
    !(Number(typed.bandwidth) >= 0.1 && Number(typed.bandwidth) <= 100_000)
  ) {
    found.bandwidth = 'Leave empty for no limit, or a number of MB/s from 0.1.';
  }
  return found;
}

/** Settings → Transfers: files and parts moved at once, and an optional bandwidth limit. */
export function TransferSettings() {
  const [saved, setSaved] = useState<Settings | null>(null);
  const [typed, setTyped] = useState<Typed | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    call('transfers.settings', {}).then((settings) => {
      setSaved(settings);
      setTyped(typedFrom(settings));
    }, setError);
  }, []);
  const found = typed ? problems(typed) : {};
  const changed = saved && typed && JSON.stringify(typedFrom(saved)) !== JSON.stringify(typed);
  const save = async () => {
    if (!typed || Object.keys(found).length) return;
    setBusy(true);
    try {
      const next = await call('transfers.updateSettings', {
        filesInFlight: Number(typed.filesInFlight),
        partsInFlight: Number(typed.partsInFlight),
        bandwidthLimitMiBps: typed.bandwidth.trim() === '' ? null : Number(typed.bandwidth),
      });
      setSaved(next);
      setTyped(typedFrom(next));
      setError(null);
      toast('Transfer settings saved. Running transfers use them from now on.', 'ok');
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card settings-card" aria-labelledby="transfer-settings-title">
      <h2 id="transfer-settings-title">Transfers</h2>
      {error !== null && <ErrorNotice error={error} compact />}
      {typed === null ? (
        <p className="muted">Loading…</p>
      ) : (
        <form
          className="settings-form"
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <div className="settings-grid">
            <TextField
              name="files-in-flight"
              label="Files at once"
              type="number"
              min={1}
              max={128}
              value={typed.filesInFlight}
              error={found.filesInFlight}
              hint="More helps with many small files."
              onChange={(filesInFlight) => setTyped({ ...typed, filesInFlight })}
            />
            <TextField
              name="parts-in-flight"
              label="Parts at once"
              type="number"
              min={1}
              max={64}
              value={typed.partsInFlight}
              error={found.partsInFlight}
              hint="Parallel pieces of each large file."
              onChange={(partsInFlight) => setTyped({ ...typed, partsInFlight })}
            />
            <TextField
              name="bandwidth"
              label="Bandwidth limit (MB/s)"
              value={typed.bandwidth}
              placeholder="No limit"
              error={found.bandwidth}
              hint="Leave empty to use the whole connection."
              onChange={(bandwidth) => setTyped({ ...typed, bandwidth })}
            />
          </div>
          <div>
            <button
              type="submit"
              className="button primary"
              disabled={!changed || busy || Object.keys(found).length > 0}
            >
              {busy ? 'Saving…' : 'Save'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
