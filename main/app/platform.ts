/** What only the host can do (the Electron adapter implements it; web mode and the CLI do without). */
export interface PlatformAdapter {
  /** Opens an https URL in the system browser; false when this host cannot. */
  openExternal(url: string): Promise<boolean>;
  /** Shows an OS notification when long work finishes; a no-op where there is none. */
  notify(title: string, body: string): void;
  /** Shows a local folder in the system file manager; absent where the host has none (web mode, CLI). */
  openPath?(path: string): Promise<boolean>;
  /** Asks for a folder with the system's folder picker; null when cancelled. Absent where there is none. */
  chooseFolder?(options: { title: string; defaultPath?: string }): Promise<string | null>;
  /** True when dropped files carry real file-system paths. */
  readonly filePathsAvailable: boolean;
  readonly electronVersion: string | null;
}

/** The platform of a plain Node host: no system browser, no notifications. */
export const headlessPlatform: PlatformAdapter = {
  openExternal: () => Promise.resolve(false),
  notify: () => undefined,
  filePathsAvailable: false,
  electronVersion: null,
};

/** External links main is willing to open: http(s) only, no credentials in the URL. */
export function isAllowedExternalUrl(url: string, allowedHosts?: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  if (parsed.username || parsed.password) return false;
  if (parsed.protocol === 'http:' && parsed.hostname !== '127.0.0.1' && parsed.hostname !== 'localhost')
    return false;
  if (!allowedHosts) return true;
  return allowedHosts.some((host) => parsed.hostname === host || parsed.hostname.endsWith(`.${host}`));
}
