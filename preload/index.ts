/**
 * The preload: exposes exactly the contract's calls and event streams as `window.datadesk`, plus the path
 * of a dropped file. Names outside the contract are refused here, before they reach main.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { channels } from './channels.ts';
import { callNames, eventNames, type DatadeskBridge } from './contract.ts';

const allowedCalls = new Set<string>(callNames);
const allowedEvents = new Set<string>(eventNames);
const listeners = new Map<string, Set<(payloads: unknown[]) => void>>();

ipcRenderer.on(channels.event, (_event, stream: string, payloads: unknown[]) => {
  for (const listener of listeners.get(stream) ?? []) listener(payloads);
});

const bridge: DatadeskBridge = {
  invoke(name, input, callId) {
    if (!allowedCalls.has(name)) {
      return Promise.resolve({ ok: false, error: { code: 'invalid', message: 'Unknown call.' } });
    }
    return ipcRenderer.invoke(channels.invoke, name, input, callId);
  },
  cancel(callId) {
    ipcRenderer.send(channels.cancel, callId);
  },
  on(name, listener) {
    if (!allowedEvents.has(name)) return () => undefined;
    let set = listeners.get(name);
    if (!set) listeners.set(name, (set = new Set()));
    const untyped = listener as (payloads: unknown[]) => void;
    set.add(untyped);
    return () => void set.delete(untyped);
  },
  getPathForFile(file) {
    return webUtils.getPathForFile(file);
  },
};

contextBridge.exposeInMainWorld('datadesk', bridge);
