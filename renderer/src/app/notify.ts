/**
 * OS notifications when long work finishes: the desktop app asks main (PlatformAdapter.notify); a browser uses
 * the Notification API once the user has allowed it. Always mirrored by an in-app toast.
 */
import { call } from '../bridge/client';
import { toast } from '../stores/toast-store';

const inElectron = Boolean(window.datadesk);

/** Asks the browser for permission to notify, from a user gesture (starting an upload, minting). */
export function askNotificationPermission(): void {
  if (inElectron || typeof Notification === 'undefined') return;
  if (Notification.permission === 'default') void Notification.requestPermission().catch(() => undefined);
}

/** Tells the user that long work finished: an OS notification plus a toast. */
export function notifyDone(title: string, body: string, tone: 'ok' | 'danger' = 'ok'): void {
  toast(`${title} — ${body}`, tone);
  if (inElectron) {
    void call('screens.notify', { title, body }).catch(() => undefined);
    return;
  }
  if (typeof Notification !== 'undefined' && Notification.permission === 'granted') {
    try {
      new Notification(title, { body, tag: `datadesk-${title}` });
    } catch {
      // Some browsers only allow notifications from a service worker; the toast already told the user.
    }
  }
}

/**
 * Tells this window that background work main follows has finished: a toast, plus a browser notification in web
 * mode. The desktop app's OS notification comes from main itself (it announces even with no window open).
 */
export function notifyInWindow(title: string, body: string, tone: 'ok' | 'danger' = 'ok'): void {
  toast(`${title} — ${body}`, tone);
  if (inElectron || typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  try {
    new Notification(title, { body, tag: `datadesk-${title}` });
  } catch {
    // Some browsers only allow notifications from a service worker; the toast already told the user.
  }
}
