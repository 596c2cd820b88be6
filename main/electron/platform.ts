import { BrowserWindow, dialog, Notification, shell } from 'electron';
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
  async chooseFolder({ title, defaultPath }) {
    const options: Electron.OpenDialogOptions = {
      title,
      properties: ['openDirectory', 'createDirectory', 'promptToCreate'],
      ...(defaultPath ? { defaultPath } : {}),
    };
    const window = BrowserWindow.getFocusedWindow();
    const answer = await (window ? dialog.showOpenDialog(window, options) : dialog.showOpenDialog(options));
    return answer.canceled ? null : (answer.filePaths[0] ?? null);
  },
  filePathsAvailable: true,
  electronVersion: process.versions.electron ?? null,
};
