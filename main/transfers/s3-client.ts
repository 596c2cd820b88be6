/**
 * S3 clients tuned for bulk transfer: keep-alive sockets shared per process, our own retries (the SDK's are
 * off), checksums we compute ourselves with hardware CRC32C (the SDK's JS checksums and its SHA-256 of every
 * body are skipped; integrity comes from `x-amz-checksum-crc32c`), no `Expect: 100-continue` round trip.
 */
import type * as S3Module from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import type { StorageCredentials } from './dataset-storage.ts';
import type { SocketPool } from './socket-pool.ts';

/** Which endpoint and region a client talks to. */
export interface S3Endpoint {
  endpoint: string | null;
  region: string;
}

/** Supplies credentials on every request (the SDK must not memoise them: we refresh them ourselves). */
export type CredentialSource = () => Promise<StorageCredentials>;

/** The SDK's S3 commands. */
export type S3Sdk = typeof S3Module;

/**
 * Loads the SDK on first use: it takes ~55 ms of CPU to load, and only multipart bookkeeping needs it (data,
 * listings and HEAD go through the lean client), so a download or a batch of small files never waits for it.
 */
export function loadS3Sdk(): Promise<S3Sdk> {
  return import('@aws-sdk/client-s3');
}

/** Builds a client for one endpoint whose credentials come from `source`. */
export async function createS3Client(
  endpoint: S3Endpoint,
  source: CredentialSource,
  sockets: SocketPool,
): Promise<S3Client> {
  const [{ S3Client }, { NodeHttpHandler }] = await Promise.all([
    loadS3Sdk(),
    import('@smithy/node-http-handler'),
  ]);
  const credentials = Object.assign(
    async () => {
      const value = await source();
      return {
        accessKeyId: value.accessKeyId,
        secretAccessKey: value.secretAccessKey,
        sessionToken: value.sessionToken,
        expiration: value.expiration,
      };
    },
    // Tells the SDK not to wrap the provider in its own cache: ours refreshes before expiry and on ExpiredToken.
    { memoized: true },
  );
  const client = new S3Client({
    region: endpoint.region,
    ...(endpoint.endpoint ? { endpoint: endpoint.endpoint, forcePathStyle: true } : {}),
    credentials,
    maxAttempts: 1,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    expectContinueHeader: false,
    requestHandler: new NodeHttpHandler({
      httpAgent: sockets.http,
      httpsAgent: sockets.https,
      connectionTimeout: 15_000,
      // Idle time on the socket; a stalled transfer fails and is retried.
      requestTimeout: 120_000,
    }),
  });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const request = args.request as { headers?: Record<string, string>; body?: unknown };
      if (request.headers) {
        // Bodies are protected by the CRC32C header we send; hashing them again with SHA-256 for the
        // signature would cost a full pass over every byte.
        if (request.body) request.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
        // Stored checksums come back with whole-object GETs; we verify them ourselves, in native code.
        if (context.commandName === 'GetObjectCommand') request.headers['x-amz-checksum-mode'] = 'ENABLED';
      }
      return next(args);
    },
    { step: 'build', name: 'datadeskTransferHeaders', priority: 'low' },
  );
  return client;
}
