/** Real Chromium for end-to-end tests: Debian's /usr/bin/chromium where present, Playwright's own elsewhere. */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));

/** Launches headless Chromium with flags that work on a machine with no outside network. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    headless: true,
    ...(systemChromium ? { executablePath: systemChromium } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Where screenshots go: test-results/screenshots/<name>.png. */
export const screenshotDir = join(import.meta.dirname, '..', '..', 'test-results', 'screenshots');

/** Saves a full-window screenshot of the page under test-results/screenshots/. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
