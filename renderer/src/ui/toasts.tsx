import { useToastStore } from '../stores/toast-store';
import { Icon } from './icons';

/** The toast stack, bottom right, announced politely to screen readers. */
export function Toasts() {
  const toasts = useToastStore((state) => state.toasts);
  const dismiss = useToastStore((state) => state.dismiss);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast ${toast.tone}`}>
          <Icon name={toast.tone === 'ok' ? 'check' : toast.tone === 'info' ? 'info' : 'alert'} />
          <span className="toast-message">{toast.message}</span>
          {toast.action && (
            <button
              type="button"
              className="button ghost small"
              onClick={() => {
                toast.action?.run();
                dismiss(toast.id);
              }}
            >
              {toast.action.label}
            </button>
          )}
          <button type="button" className="icon-button small" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
            <Icon name="close" size={12} />
          </button>
        </div>
      ))}
    </div>
  );
}
