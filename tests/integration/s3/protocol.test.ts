/** S3 contract: protocol edges — clock skew, unknown methods and sub-resources, HEAD errors, bucket names. */
import {
  CreateBucketCommand,
  GetBucketAclCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketVersioningCommand,
} from '@aws-sdk/client-s3';
import { expect, it } from 'vitest';
import { describeContract, expectS3Error, s3Client } from '../../support/s3-contract.ts';
import { sendSigned } from '../../support/s3-signed-stream.ts';

describeContract('protocol', (context) => {
  it('refuses requests signed more than 15 minutes away from its clock with RequestTimeTooSkewed', async () => {
    const { target, mode } = context();
    for (const offset of [-20 * 60_000, 20 * 60_000]) {
      const skewed = s3Client(target, mode, { clockOffsetMs: offset });
      await expectS3Error(
        skewed.send(new ListObjectsV2Command({ Bucket: target.bucket })),
        'RequestTimeTooSkewed',
        403,
      );
      skewed.destroy();
    }
  });

  it('answers HEAD for missing buckets and keys with 404 and no body', async () => {
    const { client, target, prefix } = context();
    await client.send(new HeadBucketCommand({ Bucket: target.bucket }));
    await expectS3Error(
      client.send(new HeadBucketCommand({ Bucket: 'datadesk-missing-bucket' })),
      'NotFound',
      404,
    );
    await expectS3Error(
      client.send(new HeadObjectCommand({ Bucket: target.bucket, Key: `${prefix}nothing` })),
      'NotFound',
      404,
    );
  });

  it('refuses invalid bucket names', async () => {
    const { client } = context();
    const create = client.send(new CreateBucketCommand({ Bucket: 'Invalid_Bucket' }));
    await expect(create).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });
  });
});

describeContract(
  'protocol of the embedded endpoint',
  (context) => {
    it('answers 501 NotImplemented for sub-resources it does not serve', async () => {
      const { client, target } = context();
      await expectS3Error(
        client.send(new GetBucketAclCommand({ Bucket: target.bucket })),
        'NotImplemented',
        501,
      );
      await expectS3Error(
        client.send(
          new PutBucketVersioningCommand({
            Bucket: target.bucket,
            VersioningConfiguration: { Status: 'Enabled' },
          }),
        ),
        'NotImplemented',
        501,
      );
    });

    it('answers 405 MethodNotAllowed for methods S3 does not have', async () => {
      const { target, prefix } = context();
      const response = await sendSigned(
        { ...target, key: `${prefix}patched`, body: Buffer.from('x') },
        { method: 'PATCH' },
      );
      expect(response.status).toBe(405);
      expect(response.body).toContain('<Code>MethodNotAllowed</Code>');
    });
  },
  { targets: ['embedded'] },
);
