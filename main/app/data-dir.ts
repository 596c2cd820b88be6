import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where Datadesk keeps its data outside Electron: $DATADESK_DATA_DIR, else the OS's per-user data folder. */
export function defaultDataDir(): string {
  if (process.env.DATADESK_DATA_DIR) return process.env.DATADESK_DATA_DIR;
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Datadesk');
  if (process.platform === 'win32') {
    return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Datadesk');
  }
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Datadesk');
}
