import { useRef } from 'react';
import { TextField } from '../../ui/fields';
import { relativeTime } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { useToastClearance } from '../../ui/toasts';

/** The form's sticky footer: the state of the rules, the edit reason, Validate, Cancel and the main action. */
export function FormFooter(props: {
  mode: 'new' | 'edit';
  busy: 'validate' | 'save' | null;
  problemCount: number;
  showProblems: boolean;
  validated: { at: number; ok: boolean; details: string } | null;
  reason: string;
  reasonError: string | null;
  /** Why the data store cannot be asked now (offline), or null. */
  offlineReason: string | null;
  onReason(reason: string): void;
  onValidate(): void;
  onCancel(): void;
  onShowProblem(): void;
}) {
  const bar = useRef<HTMLDivElement>(null);
  useToastClearance(bar);
  let status;
  if (props.busy === 'validate') status = <span className="form-status">Asking the data store…</span>;
  else if (props.busy === 'save') {
    status = <span className="form-status">{props.mode === 'new' ? 'Registering…' : 'Saving…'}</span>;
  } else if (props.showProblems && props.problemCount > 0) {
    status = (
      <span className="form-status bad" role="status">
        <Icon name="alert" />
        {props.problemCount === 1
          ? '1 field needs attention.'
          : `${props.problemCount} fields need attention.`}
        <button type="button" className="link-button" onClick={props.onShowProblem}>
          Show
        </button>
      </span>
    );
  } else if (props.validated?.ok) {
    status = (
      <span className="form-status good" role="status">
        <Icon name="check" /> The data store accepts this metadata ({relativeTime(props.validated.at)}).
      </span>
    );
  } else {
    status = <span className="form-status">Rules are checked as you type.</span>;
  }
  return (
    <div className="form-footer-wrap" ref={bar}>
      {props.mode === 'edit' && (
        <div className="form-reason" data-field="reason-box">
          <TextField
            name="reason"
            label="Reason for the change"
            required
            value={props.reason}
            onChange={props.onReason}
            placeholder="e.g. Added the 2025 survey sites"
            error={props.reasonError}
            hint="Saved in the dataset’s history."
          />
        </div>
      )}
      <div className="form-footer">
        {status}
        <button type="button" className="button" onClick={props.onCancel} disabled={props.busy === 'save'}>
          Cancel
        </button>
        <button
          type="button"
          className="button"
          onClick={props.onValidate}
          disabled={props.busy !== null || props.offlineReason !== null}
          title={props.offlineReason ?? 'Ask the data store whether it accepts this metadata'}
        >
          <Icon name="check" /> Validate
        </button>
        <button
          type="submit"
          className="button primary"
          disabled={props.busy !== null || props.offlineReason !== null}
          title={props.offlineReason ?? undefined}
        >
          {props.mode === 'new' ? 'Register dataset' : 'Save changes'}
        </button>
      </div>
    </div>
  );
}
