import { describe, expect, it } from 'vitest';
import { endpointsOf, errorForStatus } from '../../../main/datastore/index.ts';

const host = { wwwAuthenticate: null, host: 'data-api.example.org' };

describe('Provena status codes as bridge errors', () => {
  it('reads a 401 about the token as auth and a 401 about permissions as forbidden', () => {
    expect(
      errorForStatus(401, { detail: 'Could not validate credentials' }, { action: 'open the dataset' }, host)
        .code,
    ).toBe('auth');
    expect(errorForStatus(401, { detail: 'Not authenticated' }, { action: 'x' }, host).code).toBe('auth');
    expect(
      errorForStatus(
        401,
        { detail: "You are not authorised to access this resource as you don't have the correct role." },
        { action: 'x' },
        host,
      ).code,
    ).toBe('forbidden');
    expect(
      errorForStatus(
        401,
        { detail: 'anything' },
        { action: 'x' },
        { ...host, wwwAuthenticate: 'Bearer error="invalid_token"' },
      ).code,
    ).toBe('auth');
  });

  it('reads a 400 as not_found only where the detail says the id is unknown', () => {
    const context = { action: 'open the dataset', notFound: 'dataset' as const };
    expect(
      errorForStatus(
        400,
        { detail: 'Details: Could not find the given key (x) in the registry.' },
        context,
        host,
      ).code,
    ).toBe('not_found');
    expect(
      errorForStatus(
        400,
        { detail: 'The requested dataset is an incomplete item (seed item).' },
        context,
        host,
      ).code,
    ).toBe('invalid');
    expect(
      errorForStatus(400, { detail: 'Could not find the given key (x)' }, { action: 'mint' }, host).code,
    ).toBe('invalid');
  });

  it('explains a 403 on write credentials in words, and 5xx as a server problem', () => {
    const refused = errorForStatus(
      403,
      { detail: 'Dataset is pending review' },
      { action: 'x', writeCredentials: true },
      host,
    );
    expect(refused).toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/Create a new version/),
    });
    expect(errorForStatus(502, 'Bad Gateway', { action: 'list the datasets' }, host)).toMatchObject({
      code: 'server',
      message: expect.stringMatching(/HTTP 502/),
    });
  });

  it('keeps the field errors of a 422', () => {
    const body = {
      detail: [{ loc: ['body', 'dataset_info', 'name'], msg: 'field required', type: 'value_error.missing' }],
    };
    expect(errorForStatus(422, body, { action: 'mint' }, host)).toMatchObject({
      code: 'invalid',
      message: expect.stringContaining('body.dataset_info.name: field required'),
      details: { errors: body.detail },
    });
  });
});

describe('data store addresses', () => {
  it("derives Provena's sibling services from a data-api address", () => {
    expect(
      endpointsOf({
        dataApiUrl: 'https://data-api.provena.example.org',
        searchApiUrl: null,
        jobApiUrl: null,
      }),
    ).toEqual({
      dataApiUrl: 'https://data-api.provena.example.org',
      searchApiUrl: 'https://search.provena.example.org',
      jobApiUrl: 'https://job-api.provena.example.org',
      authApiUrl: 'https://auth-api.provena.example.org',
      registryApiUrl: 'https://registry-api.provena.example.org',
    });
  });

  it('uses one origin for everything on a Datadesk server, and explicit addresses when given', () => {
    const one = endpointsOf({
      dataApiUrl: 'https://datadesk.example.org/api',
      searchApiUrl: null,
      jobApiUrl: 'https://jobs.example.org',
    });
    expect(one).toMatchObject({
      searchApiUrl: 'https://datadesk.example.org/api',
      jobApiUrl: 'https://jobs.example.org',
      authApiUrl: 'https://datadesk.example.org/api',
    });
  });
});
