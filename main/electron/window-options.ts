import type { BrowserWindowConstructorOptions } from 'electron';

/** The main window's options: every security switch set, asserted by a unit test. */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'Datadesk',
    backgroundColor: '#1d1f23',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: true,
    },
  };
}

/** The preload bundle beside the main bundle: CommonJS, because sandboxed preloads cannot be ES modules. */
export const preloadFileName = '../preload/index.cjs';
