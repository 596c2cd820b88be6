import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeStrict, parseRequestTarget } from '../../../server/s3/request-target.ts';
import { readSignature, verifyRequestSignature, type ReceivedRequest } from '../../../server/s3/sigv4.ts';

class Sha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    const key =
      typeof secret === 'string' || secret === undefined ? secret : new Uint8Array(secret as ArrayBuffer);
    this.hash = key === undefined ? createHash('sha256') : createHmac('sha256', key);
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(
      typeof data === 'string'
        ? data
        : new Uint8Array(
            (data as Uint8Array).buffer,
            (data as Uint8Array).byteOffset,
            (data as Uint8Array).byteLength,
          ),
    );
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }
}

const credentials = {
  accessKeyId: 'TESTKEYIDTESTKEYID00',
  secretAccessKey: 'secret-secret-secret-secret-secret-0000',
};
const host = '127.0.0.1:9000';
const key = 'folder/ü (1) 😀/a+b=c.txt';
const path = `/bucket/${key.split('/').map(encodeStrict).join('/')}`;

/** A signer configured as the S3 client configures it: the path arrives already encoded. */
function clientSigner(sessionToken?: string): SignatureV4 {
  return new SignatureV4({
    credentials: { ...credentials, sessionToken },
    region: 'us-east-1',
    service: 's3',
    sha256: Sha256,
    uriEscapePath: false,
  });
}

function queryString(query: Record<string, string | string[] | null | undefined>): string {
  return Object.entries(query)
    .flatMap(([name, value]) =>
      (Array.isArray(value) ? value : [value ?? '']).map(
        (item) => `${encodeStrict(name)}=${encodeStrict(item)}`,
      ),
    )
    .join('&');
}

/** What the server sees of a request the client signed. */
function received(method: string, target: string, headers: Record<string, string>): ReceivedRequest {
  const lower = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const parsed = parseRequestTarget(target);
  return {
    method,
    canonicalPath: parsed.canonicalPath,
    query: parsed.query,
    headers: lower,
    headersDistinct: Object.fromEntries(Object.entries(lower).map(([name, value]) => [name, [value]])),
  };
}

async function signedPut(sessionToken?: string): Promise<ReceivedRequest> {
  const query = { 'x-id': 'PutObject', tagging: 'a b' };
  const signed = await clientSigner(sessionToken).sign({
    method: 'PUT',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: 9000,
    path,
    query,
    headers: {
      host,
      'content-type': 'text/plain',
      'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
      'x-amz-meta-note': '  spaced   value ',
      'user-agent': 'not signed',
    },
  });
  return received('PUT', `${path}?${queryString(query)}`, signed.headers);
}

describe('SigV4 verification by re-signing', () => {
  it('reconstructs the canonical request of a header-signed request and accepts its signature', async () => {
    const request = await signedPut();
    const info = readSignature(request)!;
    expect(info.kind).toBe('header');
    expect(info.signedHeaders).not.toContain('user-agent');
    expect(await verifyRequestSignature(request, info, credentials)).toBe(true);
  });

  it('refuses the signature when the secret, a signed header, the path, the query or the method differ', async () => {
    const request = await signedPut();
    const info = readSignature(request)!;
    expect(await verifyRequestSignature(request, info, { ...credentials, secretAccessKey: 'other' })).toBe(
      false,
    );
    const header = {
      ...request,
      headersDistinct: { ...request.headersDistinct, 'content-type': ['text/html'] },
    };
    expect(await verifyRequestSignature(header, info, credentials)).toBe(false);
    const otherPath = { ...request, canonicalPath: request.canonicalPath.replace('a%2Bb', 'a%2Bc') };
    expect(await verifyRequestSignature(otherPath, info, credentials)).toBe(false);
    const otherQuery = { ...request, query: { ...request.query, tagging: ['a c'] } };
    expect(await verifyRequestSignature(otherQuery, info, credentials)).toBe(false);
    expect(await verifyRequestSignature({ ...request, method: 'POST' }, info, credentials)).toBe(false);
  });

  it('ignores headers the client did not sign', async () => {
    const request = await signedPut();
    const changed = {
      ...request,
      headersDistinct: { ...request.headersDistinct, 'user-agent': ['changed'] },
    };
    expect(await verifyRequestSignature(changed, readSignature(request)!, credentials)).toBe(true);
  });

  it('verifies session credentials together with their token', async () => {
    const request = await signedPut('session-token-1');
    const info = readSignature(request)!;
    expect(info.sessionToken).toBe('session-token-1');
    expect(
      await verifyRequestSignature(request, info, { ...credentials, sessionToken: 'session-token-1' }),
    ).toBe(true);
  });

  it('verifies presigned URLs, including response overrides, and refuses a tampered one', async () => {
    const presigned = await clientSigner().presign(
      {
        method: 'GET',
        protocol: 'http:',
        hostname: '127.0.0.1',
        port: 9000,
        path,
        query: { 'response-content-disposition': 'attachment; filename="a b.txt"' },
        headers: { host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      },
      { expiresIn: 900 },
    );
    const target = `${path}?${queryString(presigned.query ?? {})}`;
    const request = received('GET', target, { host });
    const info = readSignature(request)!;
    expect({ kind: info.kind, expires: info.expiresSeconds, payload: info.payloadHash }).toEqual({
      kind: 'query',
      expires: 900,
      payload: 'UNSIGNED-PAYLOAD',
    });
    expect(await verifyRequestSignature(request, info, credentials)).toBe(true);
    const tampered = received('GET', target.replace('filename', 'filenamf'), { host });
    expect(await verifyRequestSignature(tampered, readSignature(tampered)!, credentials)).toBe(false);
  });

  it('reads no signature from an anonymous request, and refuses malformed or unsupported ones', () => {
    expect(readSignature(received('GET', '/bucket/key', { host }))).toBeUndefined();
    expect(() => readSignature(received('GET', '/b/k', { host, authorization: 'AWS AKIA:abc' }))).toThrow(
      expect.objectContaining({ code: 'AuthorizationHeaderMalformed' }),
    );
    const v4 =
      'AWS4-HMAC-SHA256 Credential=AKIA/20250101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00';
    expect(() =>
      readSignature(received('GET', '/b/k', { host, authorization: v4, 'x-amz-date': '20250101T000000Z' })),
    ).toThrow(expect.objectContaining({ code: 'InvalidRequest' }));
    expect(() =>
      readSignature(received('GET', '/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=604801', { host })),
    ).toThrow(expect.objectContaining({ code: 'AuthorizationQueryParametersError' }));
  });
});
