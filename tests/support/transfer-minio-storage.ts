/**
 * A DatasetStorage over MinIO for transfer tests: datasets are prefixes in one bucket, and credentials are
 * real short-lived STS credentials (AssumeRole signed by the root user) scoped to the dataset like Provena's.
 */
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { AppError } from '../../main/core/index.ts';
import type {
  DatasetLocation,
  DatasetStorage,
  ReleaseStatus,
  StorageCredentials,
} from '../../main/transfers/index.ts';
import type { MinioEndpoint } from './minio.ts';

/** How the test storage hands out credentials. */
export interface MinioStorageOptions {
  bucket?: string;
  /** The S3 endpoint the engine is told to use (e.g. a fault-injecting proxy in front of MinIO). */
  endpointForClients?: string;
  /** Declare credentials to expire this long after issue (they really last 15 minutes), to force refreshes. */
  declaredLifetimeMs?: number;
}

/** A Provena-like policy: read (or read-write) inside the dataset's prefix, list on the whole bucket. */
function policyFor(bucket: string, prefix: string, access: 'read' | 'write'): string {
  const objects = [`arn:aws:s3:::${bucket}/${prefix}*`];
  const actions =
    access === 'write'
      ? [
          's3:GetObject',
          's3:PutObject',
          's3:DeleteObject',
          's3:AbortMultipartUpload',
          's3:ListMultipartUploadParts',
        ]
      : ['s3:GetObject'];
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: actions, Resource: objects },
      {
        Effect: 'Allow',
        Action: ['s3:ListBucket', 's3:ListBucketMultipartUploads'],
        Resource: [`arn:aws:s3:::${bucket}`],
      },
    ],
  });
}

export class MinioDatasetStorage implements DatasetStorage {
  readonly bucket: string;
  readonly root: S3Client;
  /** Every credentials request, in order (for refresh tests). */
  readonly issued: Array<{ datasetId: string; access: 'read' | 'write'; accessKeyId: string; at: number }> =
    [];
  /** Declare credentials to expire this long after issue (they really last 15 minutes). */
  declaredLifetimeMs: number | undefined;
  /** Called with every credential issued (tests use it to enforce the declared expiry at a proxy). */
  onIssued: ((accessKeyId: string, declaredExpiry: Date) => void) | null = null;
  private readonly minio: MinioEndpoint;
  private readonly options: MinioStorageOptions;
  private readonly sts: STSClient;
  private readonly datasets = new Map<string, { prefix: string; releaseStatus: ReleaseStatus }>();

  constructor(minio: MinioEndpoint, options: MinioStorageOptions = {}) {
    this.minio = minio;
    this.options = options;
    this.bucket = options.bucket ?? `transfers-${Math.random().toString(36).slice(2, 10)}`;
    this.declaredLifetimeMs = options.declaredLifetimeMs;
    const credentials = { accessKeyId: minio.accessKeyId, secretAccessKey: minio.secretAccessKey };
    this.root = new S3Client({
      endpoint: minio.endpoint,
      region: minio.region,
      forcePathStyle: true,
      credentials,
    });
    this.sts = new STSClient({ endpoint: minio.endpoint, region: minio.region, credentials });
  }

  /** Creates the bucket. */
  async init(): Promise<this> {
    await this.root
      .send(new CreateBucketCommand({ Bucket: this.bucket }))
      .catch((error: { name?: string }) => {
        if (error.name !== 'BucketAlreadyOwnedByYou') throw error;
      });
    return this;
  }

  /** Adds a dataset (a handle like `10378.1/123`) and returns its prefix. */
  addDataset(datasetId: string, releaseStatus: ReleaseStatus = 'NOT_RELEASED'): string {
    const prefix = `datasets/${datasetId.replace(/[./]/g, '-')}/`;
    this.datasets.set(datasetId, { prefix, releaseStatus });
    return prefix;
  }

  setReleaseStatus(datasetId: string, releaseStatus: ReleaseStatus): void {
    const dataset = this.datasets.get(datasetId);
    if (dataset) dataset.releaseStatus = releaseStatus;
  }

  async locate(datasetId: string): Promise<DatasetLocation> {
    const dataset = this.datasets.get(datasetId);
    if (!dataset) throw new AppError('not_found', `No dataset ${datasetId}.`);
    return { bucket: this.bucket, prefix: dataset.prefix, releaseStatus: dataset.releaseStatus };
  }

  async credentials(datasetId: string, access: 'read' | 'write'): Promise<StorageCredentials> {
    const dataset = this.datasets.get(datasetId);
    if (!dataset) throw new AppError('not_found', `No dataset ${datasetId}.`);
    if (access === 'write' && dataset.releaseStatus !== 'NOT_RELEASED') {
      throw new AppError(
        'forbidden',
        `Dataset ${datasetId} is pending review or is released; write access is refused.`,
      );
    }
    const response = await this.sts.send(
      new AssumeRoleCommand({
        RoleArn: 'arn:minio:iam:::role/datadesk-test',
        RoleSessionName: 'datadesk-test',
        DurationSeconds: 900,
        Policy: policyFor(this.bucket, dataset.prefix, access),
      }),
    );
    const issued = response.Credentials!;
    const declared = this.declaredLifetimeMs;
    const expiration = declared ? new Date(Date.now() + declared) : issued.Expiration!;
    this.issued.push({ datasetId, access, accessKeyId: issued.AccessKeyId!, at: Date.now() });
    this.onIssued?.(issued.AccessKeyId!, expiration);
    return {
      accessKeyId: issued.AccessKeyId!,
      secretAccessKey: issued.SecretAccessKey!,
      sessionToken: issued.SessionToken,
      expiration,
      endpoint: this.options.endpointForClients ?? this.minio.endpoint,
      region: this.minio.region,
    };
  }

  destroy(): void {
    this.root.destroy();
    this.sts.destroy();
  }
}
