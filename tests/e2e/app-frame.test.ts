import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, saveScreenshot } from '../support/browser.ts';
import { startWebApp, type WebApp } from '../support/web-app.ts';

let web: WebApp;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  web = await startWebApp();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.goto(web.host.url);
});

afterAll(async () => {
  await browser?.close();
  await web?.stop();
});

describe('app frame in web mode', () => {
  it('removes the token from the address bar once the bridge has it', async () => {
    await page.getByRole('navigation', { name: 'Sections' }).waitFor();
    expect(page.url()).not.toContain('token=');
  });

  it('shows live data from the bridge: the app version and the data store health', async () => {
    const status = page.getByRole('contentinfo', { name: 'Status' });
    await expect.poll(() => status.textContent()).not.toContain('Checking data store');
    await page.getByRole('button', { name: /^Settings/ }).click();
    await expect.poll(() => page.getByTestId('app-version').textContent()).toBe(web.app.version);
  });

  it('moves through every section from the sidebar and saves a screenshot of each', async () => {
    for (const section of ['Datasets', 'Reviews', 'Transfers', 'Settings']) {
      await page.getByRole('button', { name: new RegExp(`^${section}`) }).click();
      await page.getByRole('heading', { level: 1, name: section }).waitFor();
      expect(
        await page.getByRole('button', { name: new RegExp(`^${section}`) }).getAttribute('aria-current'),
      ).toBe('page');
      await saveScreenshot(page, `frame-${section.toLowerCase()}`);
    }
  });

  it('switches sections with Ctrl+1…4', async () => {
    await page.keyboard.press('Control+3');
    await page.getByRole('heading', { level: 1, name: 'Transfers' }).waitFor();
    await page.keyboard.press('Control+1');
    await page.getByRole('heading', { level: 1, name: 'Datasets' }).waitFor();
  });

  it('follows a dark OS theme', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await saveScreenshot(page, 'frame-datasets-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
  });

  it('shows a visible focus ring when moving by keyboard', async () => {
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      return element ? getComputedStyle(element).outlineStyle : 'none';
    });
    expect(outline).not.toBe('none');
  });

  it('logged no errors in the browser console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
