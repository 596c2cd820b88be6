/** The Electron IPC channel names of the bridge, shared by the preload and main. */
export const channels = {
  invoke: 'datadesk:invoke',
  cancel: 'datadesk:cancel',
  event: 'datadesk:event',
} as const;
