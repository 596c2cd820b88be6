import { describe, expect, it } from 'vitest';
import {
  electronContentSecurityPolicy,
  isNavigationAllowed,
  isTrustedSenderUrl,
} from '../../../main/electron/trust.ts';

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
});
