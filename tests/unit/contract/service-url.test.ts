import { describe, expect, it } from 'vitest';
import { profileInput } from '../../../preload/contract/profiles.ts';

const messages = (value: unknown) =>
  (profileInput.safeParse(value).error?.issues ?? []).map(
    (issue) => `${issue.path.join('.')}: ${issue.message}`,
  );

describe('data store addresses', () => {
  it('answers text that is not a URL with an issue instead of throwing', () => {
    const found = messages({
      name: 'Store',
      dataApiUrl: 'not a url',
      issuerUrl: 'https://auth.example.org/realm',
    });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^dataApiUrl: /);
  });

  it('answers an address over 2,000 characters with its length only', () => {
    const long = `https://example.org/${'x'.repeat(2_000)}`;
    expect(
      messages({ name: 'Store', dataApiUrl: long, issuerUrl: 'https://auth.example.org/realm' }),
    ).toEqual(['dataApiUrl: Too big: expected string to have <=2000 characters']);
  });

  it('still refuses a user name in an address', () => {
    expect(
      messages({
        name: 'Store',
        dataApiUrl: 'https://me:pw@example.org',
        issuerUrl: 'https://auth.example.org',
      }),
    ).toEqual(['dataApiUrl: A URL must not contain a user name or password.']);
  });

  it('still refuses plain http to another computer and allows it to this one', () => {
    expect(
      messages({ name: 'Store', dataApiUrl: 'http://example.org', issuerUrl: 'http://127.0.0.1:8080' }),
    ).toEqual([
      'dataApiUrl: Use an https:// address; plain http is only allowed for servers on this computer.',
    ]);
  });
});
