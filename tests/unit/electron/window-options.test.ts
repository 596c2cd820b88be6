import { describe, expect, it } from 'vitest';
import { mainWindowOptions, preloadFileName } from '../../../main/electron/window-options.ts';

describe('main window options', () => {
  const options = mainWindowOptions('/app/out/preload/index.cjs');

  it('isolates and sandboxes the renderer with no Node integration anywhere', () => {
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
  });

  it('loads the CommonJS preload bundle, because a sandboxed preload cannot be an ES module', () => {
    expect(options.webPreferences?.preload).toBe('/app/out/preload/index.cjs');
    expect(preloadFileName.endsWith('.cjs')).toBe(true);
  });
});
