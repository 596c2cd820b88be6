import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtRendererDir } from '../../main/web/serve.ts';
import { startWebHost, type WebHost } from '../../main/web/index.ts';
import { launchBrowser, saveScreenshot } from '../support/browser.ts';
import { startWebApp, type WebApp } from '../support/web-app.ts';

let web: WebApp;
let browser: Browser;
let restarted: WebHost | undefined;

beforeAll(async () => {
  web = await startWebApp();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await restarted?.dispose();
  await web?.stop();
});

describe('web mode after the host restarts', () => {
  it('tells the user to open the newly printed address instead of reconnecting forever', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(web.host.url);
    const status = page.getByRole('contentinfo', { name: 'Status' });
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toContain('online');

    const port = web.host.port;
    await web.host.dispose();
    restarted = await startWebHost({
      router: web.app.router,
      hub: web.app.hub,
      logger: web.app.logger,
      rendererDir: builtRendererDir,
      port,
    });
    await expect
      .poll(() => status.textContent(), { timeout: 20_000 })
      .toContain('Open the address it printed');
    await saveScreenshot(page, 'web-session-ended');

    // The new address works at once.
    await page.goto(restarted.url);
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toContain('online');
  });
});
