import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from '../../../main/app/index.ts';

describe('external links', () => {
  it('opens https links to allow-listed hosts and their subdomains only', () => {
    const hosts = ['provena.example.org'];
    expect(isAllowedExternalUrl('https://provena.example.org/x', hosts)).toBe(true);
    expect(isAllowedExternalUrl('https://auth.provena.example.org/device', hosts)).toBe(true);
    expect(isAllowedExternalUrl('https://evilprovena.example.org/', hosts)).toBe(false);
    expect(isAllowedExternalUrl('https://example.com/', hosts)).toBe(false);
  });

  it('refuses other schemes, credentials in URLs and plain http to remote hosts', () => {
    expect(isAllowedExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isAllowedExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isAllowedExternalUrl('https://user:pw@example.org/')).toBe(false);
    expect(isAllowedExternalUrl('http://example.org/')).toBe(false);
    expect(isAllowedExternalUrl('http://127.0.0.1:8080/callback')).toBe(true);
  });
});
