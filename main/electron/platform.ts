import { Notification, shell } from 'electron';
import type { PlatformAdapter } from '../app/index.ts';

/** The Electron host's platform: the system browser, OS notifications, real paths for dropped files. */
export const electronPlatform: PlatformAdapter = {
  async openExternal(url) {
    await shell.openExternal(url);
    return true;
  },
  notify(title, body) {
    if (Notification.isSupported()) new Notification({ title, body }).show();
  },
  async openPath(path) {
    // shell.openPath answers an error message, or '' when the folder opened.
    return (await shell.openPath(path)) === '';
  },
  filePathsAvailable: true,
  electronVersion: process.versions.electron ?? null,
};
