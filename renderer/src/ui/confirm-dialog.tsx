import { useState, type ReactNode } from 'react';
import { Dialog } from './dialog';
import { ErrorNotice } from './error-notice';
import { TextArea } from './fields';
import { isCancelled } from './errors';

/** What the confirmation asks for in its text field (a reason or notes). */
export interface ReasonField {
  label: string;
  hint?: string;
  placeholder?: string;
  required?: boolean;
  initial?: string;
}

/**
 * A confirmation for a destructive or irreversible action: says exactly what will happen, takes the reason or
 * notes inside the dialog, runs the action, shows a failure in place and keeps what the user typed.
 */
export function ConfirmDialog(props: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  tone?: 'primary' | 'danger';
  reason?: ReasonField;
  /** Extra controls above the reason field (a reviewer picker, for example). */
  extra?: ReactNode;
  /** False disables the confirm button (for example until a reviewer is picked). */
  canConfirm?: boolean;
  onConfirm(reason: string): Promise<void> | void;
  onClose(): void;
}) {
  const [reason, setReason] = useState(props.reason?.initial ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [tried, setTried] = useState(false);
  const missingReason = Boolean(props.reason?.required) && reason.trim() === '';

  const confirm = async () => {
    setTried(true);
    if (missingReason || props.canConfirm === false || busy) return;
    setBusy(true);
    setError(null);
    try {
      await props.onConfirm(reason.trim());
      props.onClose();
    } catch (caught) {
      if (!isCancelled(caught)) setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={props.title}
      onClose={props.onClose}
      busy={busy}
      onSubmit={() => void confirm()}
      footer={
        <>
          <button type="button" className="button" onClick={props.onClose} disabled={busy}>
            Cancel
          </button>
          <button
            type="submit"
            className={`button ${props.tone === 'danger' ? 'danger-solid' : 'primary'}`}
            disabled={busy || props.canConfirm === false}
            aria-busy={busy || undefined}
          >
            {busy ? 'Working…' : props.confirmLabel}
          </button>
        </>
      }
    >
      <div className="confirm-text">{props.children}</div>
      {props.extra}
      {props.reason && (
        <TextArea
          name="reason"
          label={props.reason.label}
          hint={props.reason.hint}
          placeholder={props.reason.placeholder}
          required={props.reason.required}
          value={reason}
          autoFocus
          rows={3}
          onChange={setReason}
          error={tried && missingReason ? `${props.reason.label} is required.` : null}
        />
      )}
      {error !== null && <ErrorNotice error={error} compact />}
    </Dialog>
  );
}
