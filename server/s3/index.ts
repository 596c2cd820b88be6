/**
 * The embedded S3-compatible endpoint of the local store: objects on local disk, served on 127.0.0.1 with a
 * random root key pair per start, SigV4 verified on every request, for exactly the S3 operations the client
 * uses. This file is the only door into server/s3.
 */
import { mkdir } from 'node:fs/promises';
import { AppError, silentLogger, type Logger } from '../../main/core/index.ts';
import { CredentialStore, type IssuedCredentials, type ScopedCredentialRequest } from './credentials.ts';
import { serve } from './http-server.ts';
import { isValidBucketName } from './keys.ts';
import { MultipartStore } from './multipart-store.ts';
import { ObjectStore } from './object-store.ts';

export type { IssuedCredentials, ScopedCredentialRequest } from './credentials.ts';

/** How to start the endpoint. */
export interface S3EndpointOptions {
  /** Objects, multipart parts and metadata live under here. */
  dataDir: string;
  /** 0 or absent = a free port; always binds 127.0.0.1. */
  port?: number;
  /** Default 'us-east-1'. */
  region?: string;
  /** Created at start if missing. */
  buckets?: string[];
  logger?: Logger;
}

/** A running endpoint. */
export interface S3Endpoint {
  /** http://127.0.0.1:PORT */
  endpoint: string;
  region: string;
  /** Random per start: the root key pair. */
  accessKeyId: string;
  secretAccessKey: string;
  /**
   * Temporary credentials limited like Provena's STS policy: read = Get/Head inside prefix + List anywhere
   * in the bucket; write = also Put/Delete/multipart (create/upload part/complete/abort/list parts) inside
   * prefix, and listing the bucket's multipart uploads.
   */
  issueCredentials(request: ScopedCredentialRequest): IssuedCredentials;
  /** Stops serving, ends requests in flight, removes their temporary files. */
  close(): Promise<void>;
}

/** Starts the endpoint on 127.0.0.1. */
export async function startS3Endpoint(options: S3EndpointOptions): Promise<S3Endpoint> {
  const logger = (options.logger ?? silentLogger).child({ component: 's3' });
  const invalid = (options.buckets ?? []).filter((bucket) => !isValidBucketName(bucket));
  if (invalid.length > 0) {
    throw new AppError(
      'invalid',
      `These storage bucket names are not valid S3 names: ${invalid.join(', ')}.`,
    );
  }
  const region = options.region ?? 'us-east-1';
  await mkdir(options.dataDir, { recursive: true });
  const objects = await ObjectStore.open(options.dataDir);
  const uploads = await MultipartStore.open(options.dataDir);
  for (const bucket of options.buckets ?? []) await objects.createBucket(bucket);
  const credentials = new CredentialStore();
  logger.redact(credentials.root.secretAccessKey);
  let server;
  try {
    server = await serve({ objects, uploads, region, logger }, credentials, options.port ?? 0);
  } catch (error) {
    await objects.close();
    throw new AppError('server', 'The local store could not start its storage endpoint.', undefined, {
      cause: error,
    });
  }
  const endpoint = `http://127.0.0.1:${server.port}`;
  logger.info('s3.started', { endpoint, buckets: objects.bucketNames().length });
  let closing: Promise<void> | undefined;
  return {
    endpoint,
    region,
    accessKeyId: credentials.root.accessKeyId,
    secretAccessKey: credentials.root.secretAccessKey,
    issueCredentials(request) {
      try {
        const issued = credentials.issue(request);
        logger.redact(issued.secretAccessKey);
        logger.redact(issued.sessionToken);
        return issued;
      } catch (error) {
        throw new AppError('invalid', `Storage credentials could not be issued: ${(error as Error).message}`);
      }
    },
    close() {
      closing ??= (async () => {
        await server.close();
        await objects.close();
        logger.info('s3.stopped', { endpoint });
      })();
      return closing;
    },
  };
}
