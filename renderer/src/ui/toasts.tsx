import { useEffect, type RefObject } from 'react';
import { useToastStore } from '../stores/toast-store';
import { Icon } from './icons';

/**
 * Keeps toasts clear of a bar pinned to the bottom of the window (a form's footer), so they never cover the
 * buttons in it: the stack rises by the bar's height for as long as the bar is on screen.
 */
export function useToastClearance(bar: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const element = bar.current;
    if (!element) return;
    const root = document.documentElement;
    const observer = new ResizeObserver(() =>
      root.style.setProperty('--toast-clearance', `${element.offsetHeight}px`),
    );
    observer.observe(element);
    return () => {
      observer.disconnect();
      root.style.removeProperty('--toast-clearance');
    };
  }, [bar]);
}

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
          <button
            type="button"
            className="icon-button small"
            aria-label="Dismiss"
            onClick={() => dismiss(toast.id)}
          >
            <Icon name="close" size={12} />
          </button>
        </div>
      ))}
    </div>
  );
}
