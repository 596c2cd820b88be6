/**
 * The user's side of the sign-in flows, done by plain HTTP the way a browser would: a cookie jar, redirects
 * followed by hand, and forms submitted with their hidden fields. Enough for the test issuer's simple pages.
 */

/** A tiny browser: keeps cookies per host and follows redirects. */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const index = pair?.indexOf('=') ?? -1;
      if (!pair || index < 0) continue;
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(header) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

interface Page {
  url: URL;
  status: number;
  body: string;
}

/** A form found in a page: where it posts and its named fields. */
interface ParsedForm {
  action: URL;
  fields: URLSearchParams;
}

const decodeEntities = (text: string) =>
  text
    .replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)))
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\b${name}\\s*=\\s*"([^"]*)"`, 'i').exec(tag);
  return match?.[1] === undefined ? undefined : decodeEntities(match[1]);
}

/** The first form of a page whose fields include `mustHave` (or the first form at all). */
function parseForm(page: Page, mustHave?: string): ParsedForm {
  const forms = page.body.match(/<form\b[\s\S]*?<\/form>/gi) ?? [];
  for (const form of forms) {
    const open = /<form\b[^>]*>/i.exec(form)?.[0] ?? '';
    const fields = new URLSearchParams();
    for (const input of form.match(/<input\b[^>]*>/gi) ?? []) {
      const name = attribute(input, 'name');
      if (name) fields.append(name, attribute(input, 'value') ?? '');
    }
    if (mustHave && !fields.has(mustHave)) continue;
    return { action: new URL(attribute(open, 'action') ?? page.url.href, page.url), fields };
  }
  throw new Error(
    `No form${mustHave ? ` with ${mustHave}` : ''} on ${page.url.href} (status ${page.status}): ${page.body.slice(0, 400)}`,
  );
}

async function navigate(
  jar: CookieJar,
  url: URL,
  init: { method?: string; body?: URLSearchParams } = {},
): Promise<Page> {
  let current = url;
  let method = init.method ?? 'GET';
  let body: URLSearchParams | undefined = init.body;
  for (let hops = 0; hops < 20; hops += 1) {
    const response = await fetch(current, {
      method,
      redirect: 'manual',
      headers: {
        cookie: jar.header(),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: body?.toString(),
    });
    jar.store(response);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.arrayBuffer();
      current = new URL(location, current);
      method = 'GET';
      body = undefined;
      continue;
    }
    return { url: current, status: response.status, body: await response.text() };
  }
  throw new Error(`Too many redirects from ${url.href}`);
}

async function submit(
  jar: CookieJar,
  form: ParsedForm,
  overrides: Record<string, string> = {},
): Promise<Page> {
  for (const [name, value] of Object.entries(overrides)) form.fields.set(name, value);
  return navigate(jar, form.action, { method: 'POST', body: form.fields });
}

/** Logs in on a page that shows the login form; passes through pages that auto-submit (form_post). */
async function loginIfAsked(jar: CookieJar, page: Page, username: string, password: string): Promise<Page> {
  let current = page;
  for (let steps = 0; steps < 5; steps += 1) {
    if (/name="username"/.test(current.body)) {
      current = await submit(jar, parseForm(current, 'username'), { username, password });
      if (/name="username"/.test(current.body)) throw new Error(`Login refused for ${username}`);
      continue;
    }
    return current;
  }
  return current;
}

/** Opens the verification URL (with the code in it), confirms the device, logs in; returns the final page. */
export async function completeDeviceLogin(
  verificationUriComplete: string,
  username: string,
  password: string,
): Promise<void> {
  const jar = new CookieJar();
  let page = await navigate(jar, new URL(verificationUriComplete));
  // The provider hands the code over with an auto-submitting form, then asks to confirm it.
  page = await submit(jar, parseForm(page, 'user_code'));
  page = await submit(jar, parseForm(page, 'confirm'));
  page = await loginIfAsked(jar, page, username, password);
  if (!/Signed in/.test(page.body))
    throw new Error(`Device sign-in did not finish: ${page.body.slice(0, 400)}`);
}

/**
 * Opens the authorization URL, logs in and follows the redirects until they leave the issuer; that last request
 * reaches the app's loopback listener exactly as a browser's would. Returns the redirect URL.
 */
export async function completeBrowserLogin(
  authorizationUrl: string,
  username: string,
  password: string,
): Promise<URL> {
  const jar = new CookieJar();
  const issuerOrigin = new URL(authorizationUrl).origin;
  let current = new URL(authorizationUrl);
  let method = 'GET';
  let body: URLSearchParams | undefined;
  for (let hops = 0; hops < 30; hops += 1) {
    if (current.origin !== issuerOrigin) {
      const response = await fetch(current);
      await response.arrayBuffer();
      return current;
    }
    const response = await fetch(current, {
      method,
      redirect: 'manual',
      headers: {
        cookie: jar.header(),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: body?.toString(),
    });
    jar.store(response);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.arrayBuffer();
      current = new URL(location, current);
      method = 'GET';
      body = undefined;
      continue;
    }
    const page: Page = { url: current, status: response.status, body: await response.text() };
    if (!/name="username"/.test(page.body))
      throw new Error(`Unexpected page at ${current.href}: ${page.body.slice(0, 400)}`);
    const form = parseForm(page, 'username');
    form.fields.set('username', username);
    form.fields.set('password', password);
    current = form.action;
    method = 'POST';
    body = form.fields;
  }
  throw new Error('The sign-in never redirected back to the app.');
}
