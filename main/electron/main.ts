/**
 * The Electron entry: a thin adapter that builds the app through the composition root, opens one locked-down
 * window and serves the bridge over IPC. Everything else lives in plain Node modules.
 */
import { app, BrowserWindow, net, session, type WebContents } from 'electron';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createApp, type App } from '../services.ts';
import { isAllowedExternalUrl } from '../app/index.ts';
import { serveElectronIpc } from './ipc-transport.ts';
import { electronPlatform } from './platform.ts';
import {
  electronContentSecurityPolicy,
  isNavigationAllowed,
  isTrustedSenderUrl,
  windowOpenDecision,
} from './trust.ts';
import { mainWindowOptions, preloadFileName } from './window-options.ts';

app.setName('Datadesk');
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void start();
}

async function start(): Promise<void> {
  await app.whenReady();
  const rendererUrl =
    process.env.ELECTRON_RENDERER_URL ??
    pathToFileURL(fileURLToPath(new URL('../renderer/index.html', import.meta.url))).toString();
  const datadesk: App = await createApp({
    host: 'electron',
    dataDir: app.getPath('userData'),
    platform: electronPlatform,
    // Electron's fetch applies the system proxy and the OS certificate store to data stores and sign-in.
    fetch: net.fetch as typeof fetch,
  });

  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [electronContentSecurityPolicy],
      },
    });
  });

  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isNavigationAllowed(url, rendererUrl)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      const decision = windowOpenDecision(url, (target) =>
        isAllowedExternalUrl(target, datadesk.externalHosts()),
      );
      if (decision.openExternally) void electronPlatform.openExternal(url);
      return { action: decision.action };
    });
  });

  let window: BrowserWindow | undefined;
  const createWindow = () => {
    window = new BrowserWindow(mainWindowOptions(fileURLToPath(new URL(preloadFileName, import.meta.url))));
    window.once('ready-to-show', () => window?.show());
    window.webContents.on('did-finish-load', () => {
      for (const { stream, payloads } of datadesk.hub.snapshot()) {
        window?.webContents.send('datadesk:event', stream, payloads);
      }
    });
    if (rendererUrl.startsWith('file:')) void window.loadFile(fileURLToPath(rendererUrl));
    else void window.loadURL(rendererUrl);
  };

  const ipc = serveElectronIpc({
    router: datadesk.router,
    hub: datadesk.hub,
    logger: datadesk.logger,
    target: () => window?.webContents,
    isTrusted: (event) =>
      window !== undefined &&
      event.senderFrame !== null &&
      event.senderFrame === window.webContents.mainFrame &&
      isTrustedSenderUrl(event.senderFrame.url, rendererUrl),
  });

  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    void Promise.resolve(ipc.dispose())
      .then(() => datadesk.dispose())
      .finally(() => app.exit(0));
  });
  createWindow();
}
