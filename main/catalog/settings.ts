/** The catalog's settings file (`<catalog folder>/settings.json`): how often to sync. No secrets live here. */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogSettings, type CatalogSettings } from '../../preload/contract/catalog.ts';

export const defaultSettings: CatalogSettings = { intervalMinutes: 15 };

/** Reads the settings, falling back to defaults for a missing or damaged file. */
export function readSettingsSync(directory: string): CatalogSettings {
  try {
    const parsed = catalogSettings.safeParse(
      JSON.parse(readFileSync(join(directory, 'settings.json'), 'utf8')),
    );
    return parsed.success ? parsed.data : { ...defaultSettings };
  } catch {
    return { ...defaultSettings };
  }
}

/** Writes the settings atomically (a crash never leaves half a file). */
export function writeSettingsSync(directory: string, settings: CatalogSettings): void {
  const path = join(directory, 'settings.json');
  writeFileSync(`${path}.tmp`, JSON.stringify(settings, null, 2) + '\n');
  renameSync(`${path}.tmp`, path);
}
