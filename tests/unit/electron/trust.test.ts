import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  electronContentSecurityPolicy,
  isNavigationAllowed,
  isTrustedSenderUrl,
  windowOpenDecision,
} from '../../../main/electron/trust.ts';
import { isAllowedExternalUrl } from '../../../main/app/index.ts';

const app = 'file:///opt/Datadesk/resources/app/out/renderer/index.html';

describe('Electron trust rules', () => {
  it('trusts only our own renderer page as an IPC sender', () => {
    expect(isTrustedSenderUrl(`${app}#/datasets`, app)).toBe(true);
    expect(isTrustedSenderUrl('file:///tmp/evil.html', app)).toBe(false);
    expect(isTrustedSenderUrl('https://example.org/', app)).toBe(false);
    expect(isTrustedSenderUrl(undefined, app)).toBe(false);
    expect(isTrustedSenderUrl('not a url', app)).toBe(false);
  });

  it('trusts the dev server origin during development only', () => {
    expect(isTrustedSenderUrl('http://localhost:5173/#/x', 'http://localhost:5173/')).toBe(true);
    expect(isTrustedSenderUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
  });

  it('blocks navigation away from the app', () => {
    expect(isNavigationAllowed('https://example.org', app)).toBe(false);
    expect(isNavigationAllowed('file:///etc/passwd', app)).toBe(false);
  });

  it('has a CSP without inline or remote scripts', () => {
    expect(electronContentSecurityPolicy).toContain("script-src 'self'");
    expect(electronContentSecurityPolicy).not.toContain('unsafe-inline');
    expect(electronContentSecurityPolicy).not.toContain('unsafe-eval');
  });

  it('never opens a new window, and sends only allow-listed links to the system browser', () => {
    const allowed = (url: string) => isAllowedExternalUrl(url, ['auth.provena.example.org']);
    expect(windowOpenDecision('https://auth.provena.example.org/device?code=1', allowed)).toEqual({
      action: 'deny',
      openExternally: true,
    });
    expect(windowOpenDecision('https://phish.example.com/login', allowed)).toEqual({
      action: 'deny',
      openExternally: false,
    });
    expect(windowOpenDecision('file:///etc/passwd', allowed).openExternally).toBe(false);
  });

  it("ships the page with a meta policy as strict as Electron's: no WebSocket, no inline or remote code", () => {
    const html = readFileSync(new URL('../../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1] ?? '';
    expect(meta).toContain("default-src 'none'");
    expect(meta).toContain("connect-src 'self';");
    expect(meta).not.toMatch(/ws:|unsafe-inline|unsafe-eval|\*/);
  });
});
