import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { Disposable, Logger } from '../core/index.ts';
import type { EventHub, Router } from '../ipc/index.ts';
import { channels } from '../../preload/channels.ts';

/** Serves the router over Electron IPC; every message from an untrusted frame is dropped. */
export function serveElectronIpc(options: {
  router: Router;
  hub: EventHub;
  logger: Logger;
  isTrusted: (event: IpcMainInvokeEvent | Electron.IpcMainEvent) => boolean;
  target: () => WebContents | undefined;
}): Disposable {
  const inFlight = new Map<string, AbortController>();
  ipcMain.handle(channels.invoke, async (event, name: unknown, input: unknown, callId: unknown) => {
    if (!options.isTrusted(event)) {
      options.logger.warn('electron.untrusted_sender', { url: event.senderFrame?.url });
      return { ok: false, error: { code: 'forbidden', message: 'Refused.' } };
    }
    const controller = new AbortController();
    const id = typeof callId === 'string' ? callId.slice(0, 64) : undefined;
    if (id) inFlight.set(id, controller);
    try {
      // IPC has no message cap of its own and delivers structured clones (cycles, Maps, sparse arrays): the
      // router refuses anything over the bridge's limits, or that is not plain JSON-like data, before parsing.
      return await options.router.dispatch(name, input, { signal: controller.signal, transport: 'electron' });
    } finally {
      if (id) inFlight.delete(id);
    }
  });
  const onCancel = (event: Electron.IpcMainEvent, callId: unknown) => {
    if (options.isTrusted(event) && typeof callId === 'string') inFlight.get(callId)?.abort();
  };
  ipcMain.on(channels.cancel, onCancel);
  const subscription = options.hub.subscribe((stream, payloads) => {
    const target = options.target();
    if (target && !target.isDestroyed()) target.send(channels.event, stream, payloads);
  });
  return {
    dispose() {
      ipcMain.removeHandler(channels.invoke);
      ipcMain.removeListener(channels.cancel, onCancel);
      subscription.dispose();
      for (const controller of inFlight.values()) controller.abort();
    },
  };
}
