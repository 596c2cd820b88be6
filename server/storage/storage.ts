/**
 * Dataset storage on any S3-compatible endpoint: the bucket, `metadata.json`, existence checks, presigned
 * downloads and per-dataset credentials (STS AssumeRole with a session policy, the embedded endpoint's own
 * issuer, or the configured keys with an expiry).
 */
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Logger } from '../../main/core/index.ts';
import type { Credentials } from '../../shared/provena/index.ts';
import type { ServerConfig, ServerRuntimeOptions } from '../config.ts';
import { datasetPolicy } from './policy.ts';

type S3Settings = ServerConfig['s3'];

/** Everything the routes do with object storage. */
export interface DatasetStorage {
  readonly bucket: string;
  readonly region: string;
  /** The endpoint URL clients should use; null for AWS. */
  readonly clientEndpoint: string | null;
  /** How dataset credentials are issued now (auto settles on sts or static at first use). */
  credentialSource(): string;
  prepare(): Promise<void>;
  isPrefixEmpty(prefix: string): Promise<boolean>;
  writeMetadata(prefix: string, text: string): Promise<void>;
  readText(key: string): Promise<string | null>;
  objectExists(key: string): Promise<boolean>;
  credentials(prefix: string, access: 'read' | 'write', sessionName: string): Promise<Credentials>;
  presignGet(key: string, prefix: string, expiresInSeconds: number): Promise<string>;
  close(): void;
}

function clientFor(
  settings: S3Settings,
  endpoint: string | null | undefined,
  credentials: {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
  },
): S3Client {
  return new S3Client({
    region: settings.region,
    ...(endpoint ? { endpoint } : {}),
    forcePathStyle: settings.forcePathStyle ?? Boolean(endpoint),
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

const isMissing = (error: unknown) => {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const name = (error as { name?: string }).name;
  return status === 404 || name === 'NotFound' || name === 'NoSuchKey' || name === 'NoSuchBucket';
};

/** Creates the storage for a configuration. */
export function createStorage(
  settings: S3Settings,
  runtime: ServerRuntimeOptions,
  logger: Logger,
): DatasetStorage {
  const serverKeys = {
    accessKeyId: settings.accessKeyId,
    secretAccessKey: settings.secretAccessKey,
    ...(settings.sessionToken ? { sessionToken: settings.sessionToken } : {}),
  };
  logger.redact(settings.secretAccessKey);
  logger.redact(settings.sessionToken);
  const s3 = clientFor(settings, settings.endpoint, serverKeys);
  const clientEndpoint = settings.publicEndpoint ?? settings.endpoint ?? null;
  let mode: 'issuer' | 'sts' | 'static' | 'auto' = runtime.issueCredentials ? 'issuer' : settings.credentials;
  const lifetime = settings.credentialLifetimeSeconds;

  const staticCredentials = (): Credentials => ({
    aws_access_key_id: settings.accessKeyId,
    aws_secret_access_key: settings.secretAccessKey,
    aws_session_token: settings.sessionToken ?? '',
    expiry: new Date(Date.now() + lifetime * 1000).toISOString(),
  });

  const assumeRole = async (
    prefix: string,
    access: 'read' | 'write',
    sessionName: string,
  ): Promise<Credentials> => {
    const sts = new STSClient({
      region: settings.region,
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      credentials: serverKeys,
    });
    try {
      const response = await sts.send(
        new AssumeRoleCommand({
          RoleArn: settings.roleArn,
          RoleSessionName: sessionName.replace(/[^\w+=,.@-]/g, '-').slice(0, 64),
          Policy: datasetPolicy(settings.bucket, prefix, access),
          DurationSeconds: lifetime,
        }),
      );
      const issued = response.Credentials;
      if (!issued?.AccessKeyId || !issued.SecretAccessKey || !issued.SessionToken || !issued.Expiration) {
        throw new Error('STS answered without credentials');
      }
      logger.redact(issued.SecretAccessKey);
      logger.redact(issued.SessionToken);
      return {
        aws_access_key_id: issued.AccessKeyId,
        aws_secret_access_key: issued.SecretAccessKey,
        aws_session_token: issued.SessionToken,
        expiry: issued.Expiration.toISOString(),
      };
    } finally {
      sts.destroy();
    }
  };

  const storage: DatasetStorage = {
    bucket: settings.bucket,
    region: settings.region,
    clientEndpoint,
    credentialSource: () => mode,

    async prepare() {
      try {
        await s3.send(new HeadBucketCommand({ Bucket: settings.bucket }));
      } catch (error) {
        if (!isMissing(error) || !settings.createBucket) throw error;
        await s3.send(new CreateBucketCommand({ Bucket: settings.bucket }));
        logger.info('storage.bucket_created', { bucket: settings.bucket });
      }
    },

    async isPrefixEmpty(prefix) {
      const listing = await s3.send(
        new ListObjectsV2Command({ Bucket: settings.bucket, Prefix: prefix, MaxKeys: 1 }),
      );
      return (listing.KeyCount ?? listing.Contents?.length ?? 0) === 0;
    },

    async writeMetadata(prefix, text) {
      await s3.send(
        new PutObjectCommand({
          Bucket: settings.bucket,
          Key: `${prefix}metadata.json`,
          Body: text,
          ContentType: 'application/json',
        }),
      );
    },

    async readText(key) {
      try {
        const response = await s3.send(new GetObjectCommand({ Bucket: settings.bucket, Key: key }));
        return (await response.Body?.transformToString('utf8')) ?? '';
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },

    async objectExists(key) {
      try {
        await s3.send(new HeadObjectCommand({ Bucket: settings.bucket, Key: key }));
        return true;
      } catch (error) {
        if (isMissing(error)) return false;
        throw error;
      }
    },

    async credentials(prefix, access, sessionName) {
      if (mode === 'issuer') {
        const issued = await runtime.issueCredentials!({
          bucket: settings.bucket,
          prefix,
          access,
          durationSeconds: lifetime,
        });
        logger.redact(issued.secretAccessKey);
        logger.redact(issued.sessionToken);
        return {
          aws_access_key_id: issued.accessKeyId,
          aws_secret_access_key: issued.secretAccessKey,
          aws_session_token: issued.sessionToken,
          expiry: issued.expiration.toISOString(),
        };
      }
      if (mode === 'static') return staticCredentials();
      if (mode === 'sts') return assumeRole(prefix, access, sessionName);
      try {
        const credentials = await assumeRole(prefix, access, sessionName);
        mode = 'sts';
        return credentials;
      } catch (error) {
        logger.warn('storage.sts_unavailable', {
          message: error instanceof Error ? error.message : String(error),
          fallback: 'static keys with an expiry',
        });
        mode = 'static';
        return staticCredentials();
      }
    },

    async presignGet(key, prefix, expiresInSeconds) {
      const scoped = await storage.credentials(prefix, 'read', 'Generate-presigned-url-for-dataset-download');
      const signer = clientFor(settings, clientEndpoint, {
        accessKeyId: scoped.aws_access_key_id,
        secretAccessKey: scoped.aws_secret_access_key,
        ...(scoped.aws_session_token ? { sessionToken: scoped.aws_session_token } : {}),
      });
      try {
        return await getSignedUrl(
          signer,
          new GetObjectCommand({
            Bucket: settings.bucket,
            Key: key,
            ResponseContentDisposition: `attachment; filename=${key}`,
          }),
          { expiresIn: expiresInSeconds },
        );
      } finally {
        signer.destroy();
      }
    },

    close() {
      s3.destroy();
    },
  };
  return storage;
}
