/** Pure rules of the Electron shell, kept apart so they can be unit-tested without Electron. */

/** The Content-Security-Policy of the Electron renderer. */
export const electronContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** True when an IPC message comes from our own renderer page (the top frame showing our index.html). */
export function isTrustedSenderUrl(senderUrl: string | undefined, rendererUrl: string): boolean {
  if (!senderUrl) return false;
  try {
    const sender = new URL(senderUrl);
    const expected = new URL(rendererUrl);
    if (expected.protocol === 'file:')
      return sender.protocol === 'file:' && sender.pathname === expected.pathname;
    return sender.origin === expected.origin;
  } catch {
    return false;
  }
}

/** Navigation inside the window is never allowed; links leave through `openExternal` instead. */
export function isNavigationAllowed(targetUrl: string, rendererUrl: string): boolean {
  return (
    isTrustedSenderUrl(targetUrl, rendererUrl) &&
    new URL(targetUrl).pathname === new URL(rendererUrl).pathname
  );
}

/**
 * What to do with a `window.open` or a link with target=_blank: never a new window; an allow-listed
 * external URL goes to the system browser, anything else is dropped.
 */
export function windowOpenDecision(
  url: string,
  isAllowedExternal: (url: string) => boolean,
): { action: 'deny'; openExternally: boolean } {
  return { action: 'deny', openExternally: isAllowedExternal(url) };
}
