import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Icon } from './icons';

/**
 * A modal dialog on the native `<dialog>` element: the browser traps focus, Esc closes it, the page behind is
 * inert. Mount it to open it; `onClose` runs on Esc, the close button or the caller's own buttons.
 */
export function Dialog(props: {
  title: string;
  onClose(): void;
  children: ReactNode;
  footer?: ReactNode;
  /** While busy, Esc and the close button do nothing (the work cannot be abandoned halfway). */
  busy?: boolean;
  width?: 'narrow' | 'normal' | 'wide';
  /** Submitting the dialog's form (Enter in a field) calls this. */
  onSubmit?: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { onClose, busy } = props;
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const onCancel = (event: Event) => {
      event.preventDefault();
      if (!busy) onClose();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => dialog.removeEventListener('cancel', onCancel);
  }, [onClose, busy]);
  return (
    <dialog ref={ref} className={`dialog ${props.width ?? 'normal'}`} aria-labelledby={titleId}>
      <form
        method="dialog"
        className="dialog-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          props.onSubmit?.();
        }}
        onKeyDown={(event) => {
          // Ctrl/⌘+Enter confirms from inside a multi-line reason field, where Enter adds a line.
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && props.onSubmit) {
            event.preventDefault();
            props.onSubmit();
          }
        }}
      >
        <header className="dialog-header">
          <h2 id={titleId}>{props.title}</h2>
          <button
            type="button"
            className="icon-button"
            aria-label="Close"
            title="Close (Esc)"
            disabled={busy}
            onClick={onClose}
          >
            <Icon name="close" />
          </button>
        </header>
        <div className="dialog-body">{props.children}</div>
        {props.footer && <footer className="dialog-footer">{props.footer}</footer>}
      </form>
    </dialog>
  );
}
