/**
 * A new user in web mode adds their team's data store, signs in with the device flow (finishing it in a real
 * Chromium tab at the test issuer) and sees their name in the status bar.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memorySecretStore } from '../../main/secrets/index.ts';
import { launchBrowser, saveScreenshot } from '../support/browser.ts';
import { startOidcIssuer, type OidcIssuer } from '../support/oidc-issuer.ts';
import { startHarness, type Harness } from '../support/server-harness.ts';
import { startWebApp, type WebApp } from '../support/web-app.ts';

let issuer: OidcIssuer;
let harness: Harness;
let web: WebApp;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  issuer = await startOidcIssuer();
  harness = await startHarness({
    storage: { kind: 'embedded' },
    users: [{ username: 'alice', roles: ['entity-registry-read', 'entity-registry-write'] }],
    config: { auth: { mode: 'oidc', issuer: issuer.realmUrl } },
  });
  web = await startWebApp({ secrets: memorySecretStore('This test keeps sign-ins in memory.') });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await page.goto(web.host.url);
});

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await harness?.stop();
  await issuer?.stop();
});

describe('signing in from Settings in web mode', () => {
  it('starts on the local store with no sign-in, showing the local user', async () => {
    await expect
      .poll(() => page.getByTestId('status-user').textContent(), { timeout: 20_000 })
      .toContain('local-user');
    await page.getByRole('button', { name: /^Settings/ }).click();
    await page.getByRole('heading', { level: 2, name: 'Data stores' }).waitFor();
    await expect
      .poll(() => page.getByTestId('keychain-unavailable').textContent())
      .toContain('not remembered');
  });

  it('adds a data store after a connection test', async () => {
    await page.getByRole('button', { name: 'Add data store' }).click();
    const form = page.getByRole('form', { name: 'Add a data store' });
    await form.getByLabel('Name').fill('Team store');
    await form.getByLabel('Data API address').fill(harness.url);
    await form.getByLabel(/Sign-in/).fill(issuer.realmUrl);
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect
      .poll(() => form.getByRole('status', { name: 'Connection test' }).textContent())
      .toContain('Connection works');
    await saveScreenshot(page, 'settings-data-store-form');
    await form.getByRole('button', { name: 'Add data store' }).click();
    await page.getByRole('listitem', { name: 'Team store' }).waitFor();
  });

  it('signs in with the device flow, finishing it in a browser tab at the issuer', async () => {
    const row = page.getByRole('listitem', { name: 'Team store' });
    await row.getByRole('button', { name: 'Sign in', exact: true }).click();
    const code = await row.getByTestId('device-user-code').textContent();
    expect(code).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    await saveScreenshot(page, 'settings-device-code');

    const [issuerPage] = await Promise.all([
      page.context().waitForEvent('page'),
      row.getByRole('button', { name: 'Open sign-in page' }).click(),
    ]);
    await issuerPage.getByRole('button', { name: 'Continue' }).click();
    await issuerPage.getByLabel('Username').fill('alice');
    await issuerPage.getByLabel('Password').fill('alice-password');
    await issuerPage.getByRole('button', { name: 'Sign in' }).click();
    await issuerPage.getByRole('heading', { name: 'Signed in' }).waitFor();
    await issuerPage.close();

    await expect
      .poll(() => row.textContent(), { timeout: 20_000 })
      .toContain('Signed in as Alice Researcher (alice)');
  });

  it('switches to the data store and shows who is signed in where', async () => {
    const row = page.getByRole('listitem', { name: 'Team store' });
    await row.getByRole('button', { name: 'Use this data store' }).click();
    const status = page.getByRole('contentinfo', { name: 'Status' });
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toContain('Team store: online');
    await expect.poll(() => page.getByTestId('status-user').textContent()).toContain('Alice Researcher');
    await expect.poll(() => page.getByLabel('Current data store').textContent()).toContain('Team store');
    await saveScreenshot(page, 'settings-signed-in');
  });

  it('signs out and says so in the status bar', async () => {
    const row = page.getByRole('listitem', { name: 'Team store' });
    await row.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByTestId('status-user').textContent()).toContain('Not signed in');
    await row.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
  });

  it('logged no errors in the browser console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
