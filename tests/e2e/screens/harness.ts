/**
 * What the screen journeys share: the app in web mode on a fresh embedded local store, one Chromium page,
 * screenshots in both themes, axe checks (serious and critical findings fail), drops of real files and folders
 * from the desktop (Chromium's own drag events, so folders arrive as folders), and minting through the form.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { expect } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, saveScreenshot, screenshotDir } from '../../support/browser.ts';
import type { AppOptions } from '../../../main/services.ts';
import { startWebApp, type WebApp } from '../../support/web-app.ts';

/** A running app with a browser page on it. */
export interface ScreensSession {
  web: WebApp;
  browser: Browser;
  page: Page;
  /** Errors the page logged (a journey ends by expecting none). */
  consoleErrors: string[];
  stop(): Promise<void>;
}

/** Starts the app in web mode (with `options` for the app) and opens it in Chromium at 1280×800. */
export async function openApp(options: Partial<AppOptions> = {}): Promise<ScreensSession> {
  const web = await startWebApp(options);
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.goto(web.host.url);
  await page.getByRole('navigation', { name: 'Sections' }).waitFor();
  return {
    web,
    browser,
    page,
    consoleErrors,
    async stop() {
      await browser.close();
      await web.stop();
    },
  };
}

/** One axe finding that blocks: serious or critical. */
export interface BlockingFinding {
  screen: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Runs axe on the page as it is; answers the serious and critical findings and records every count. */
export async function axeFindings(page: Page, screen: string): Promise<BlockingFinding[]> {
  const results = await new AxeBuilder({ page }).analyze();
  const blocking = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      screen,
      rule: violation.id,
      impact: violation.impact ?? '',
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
  await mkdir(screenshotDir, { recursive: true });
  const counts = results.violations.reduce<Record<string, number>>((all, violation) => {
    const impact = violation.impact ?? 'unknown';
    all[impact] = (all[impact] ?? 0) + violation.nodes.length;
    return all;
  }, {});
  await appendFile(
    join(screenshotDir, '..', 'axe-summary.jsonl'),
    `${JSON.stringify({ screen, passes: results.passes.length, counts, blocking: blocking.map((finding) => finding.rule) })}\n`,
  );
  return blocking;
}

/** Screenshots the page in the light and the dark theme (the app follows the OS theme by default). */
export async function screenshotBothThemes(page: Page, name: string): Promise<void> {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
  await saveScreenshot(page, `${name}-light`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
  await saveScreenshot(page, `${name}-dark`);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
}

/** Screenshots in both themes and checks axe in both (contrast differs between them). */
export async function lookAt(page: Page, name: string): Promise<BlockingFinding[]> {
  await screenshotBothThemes(page, name);
  const light = await axeFindings(page, `${name} (light)`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
  const dark = await axeFindings(page, `${name} (dark)`);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
  return [...light, ...dark];
}

/** Where a drag is: the middle of the element, or a point inside it. */
async function pointIn(target: Locator, offsetY?: number): Promise<{ x: number; y: number }> {
  const box = await target.boundingBox();
  if (!box) throw new Error('The drop target is not on screen.');
  return { x: box.x + box.width / 2, y: box.y + (offsetY ?? box.height / 2) };
}

/**
 * Drags files and folders from "the desktop" over an element, as the OS does (Chromium's input layer builds
 * real file and directory entries from the paths). `hover` runs while the drag is over the target.
 */
export async function dragFilesOver(
  page: Page,
  target: Locator,
  paths: string[],
  options: { drop: boolean; hover?: () => Promise<void>; offsetY?: number },
): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const { x, y } = await pointIn(target, options.offsetY);
  const data = { items: [], files: paths, dragOperationsMask: 1 };
  await cdp.send('Input.dispatchDragEvent', { type: 'dragEnter', x, y, data });
  await cdp.send('Input.dispatchDragEvent', { type: 'dragOver', x, y, data });
  // While a drag hovers, the OS keeps sending dragover (about every 50 ms); keep doing so while `hover` runs.
  let hovering = true;
  const keepHovering = (async () => {
    while (hovering) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (hovering) await cdp.send('Input.dispatchDragEvent', { type: 'dragOver', x, y, data });
    }
  })();
  try {
    await options.hover?.();
  } finally {
    hovering = false;
    await keepHovering;
  }
  if (options.drop) await cdp.send('Input.dispatchDragEvent', { type: 'drop', x, y, data });
  else await cdp.send('Input.dispatchDragEvent', { type: 'dragCancel', x, y, data });
  await cdp.detach();
}

/** Fails with every finding spelled out (rule, screen, elements) when there is any. */
export function expectNoBlockingFindings(findings: BlockingFinding[]): void {
  if (findings.length === 0) return;
  const lines = findings.map(
    (finding) =>
      `${finding.screen}: ${finding.impact} ${finding.rule} (${finding.help}) at ${finding.targets.slice(0, 4).join(' | ')}`,
  );
  throw new Error(`Accessibility findings:\n${lines.join('\n')}`);
}

/** Picks the first suggestion of an organisation or person picker. */
export async function pickFirst(page: Page, label: RegExp): Promise<void> {
  const combobox = page.getByRole('combobox', { name: label });
  await combobox.click();
  // This combobox's own list: another picker's list must never be the one picked from.
  const listId = await combobox.getAttribute('aria-controls');
  await page.locator(`[id="${listId}"]`).getByRole('option').first().click();
}

/** Refreshes the Files tab until `entry` shows once (an upload finishing in the background). */
export async function waitForInFileTree(
  page: Page,
  entry: Locator,
  options: { timeout?: number; interval?: number } = {},
): Promise<void> {
  await expect
    .poll(
      async () => {
        await page.getByRole('button', { name: 'Refresh the file list' }).click();
        return entry.count();
      },
      { timeout: options.timeout ?? 30_000, interval: options.interval ?? 500 },
    )
    .toBe(1);
}

/** Mints a dataset through the form with the required fields; answers its handle once its page shows. */
export async function mintThroughForm(page: Page, name: string, description = 'Test data.'): Promise<string> {
  await page.getByRole('button', { name: 'New dataset' }).first().click();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Description').fill(description);
  await pickFirst(page, /Record creator organisation/);
  await pickFirst(page, /Publisher/);
  await page.getByRole('button', { name: 'CC BY 4.0' }).click();
  await page.getByRole('button', { name: 'Register dataset' }).click();
  await page.getByRole('heading', { level: 2, name }).waitFor();
  return decodeURIComponent(new URL(page.url()).hash.split('/')[2] ?? '');
}

/** Calls the bridge from the page (as the renderer does), for setting things up quickly. */
export async function bridgeCall<T>(page: Page, name: string, input: unknown): Promise<T> {
  const answer = await page.evaluate(
    async ({ name, input }) => {
      const token = sessionStorage.getItem('datadesk.token') ?? '';
      const socket = new WebSocket(`ws://${location.host}/bridge?token=${encodeURIComponent(token)}`);
      await new Promise((resolve) => socket.addEventListener('open', resolve, { once: true }));
      const result = await new Promise<unknown>((resolve) => {
        socket.addEventListener('message', (event: MessageEvent<string>) => {
          const message = JSON.parse(event.data) as { t: string; id?: string; result?: unknown };
          if (message.t === 'result' && message.id === 'setup') resolve(message.result);
        });
        socket.send(JSON.stringify({ t: 'call', id: 'setup', name, input }));
      });
      socket.close();
      return result as { ok: boolean; value?: unknown; error?: { message: string } };
    },
    { name, input },
  );
  if (!answer.ok) throw new Error(`${name} failed: ${answer.error?.message}`);
  return answer.value as T;
}
