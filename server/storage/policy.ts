/**
 * The inline session policy Provena attaches to dataset credentials: read (GetObject*) inside the dataset
 * prefix, write (Put/Delete/Abort and multipart) inside it for write credentials, and listing on the whole
 * bucket so that `aws s3 sync` works.
 */

/** The IAM policy document for one dataset prefix. */
export function datasetPolicy(bucket: string, prefix: string, access: 'read' | 'write'): string {
  const base = `arn:aws:s3:::${bucket}/${prefix}`.replace(/\/+$/, '');
  const objectResources = [base, `${base}/`, `${base}/*`];
  const statements: object[] = [];
  if (access === 'write') {
    statements.push({
      Action: [
        's3:GetObject*',
        's3:DeleteObject*',
        's3:PutObject',
        's3:PutObjectLegalHold',
        's3:PutObjectRetention',
        's3:PutObjectTagging',
        's3:PutObjectVersionTagging',
        's3:Abort*',
        // Not in Provena's list; resuming a multipart upload needs ListParts on its own object.
        's3:ListMultipartUploadParts',
      ],
      Resource: objectResources,
      Effect: 'Allow',
    });
  }
  statements.push({ Action: ['s3:GetObject*'], Resource: objectResources, Effect: 'Allow' });
  statements.push({
    // Provena also lists `s3:ListMultipartUploads`, which is not an S3 action: AWS ignores it, MinIO refuses
    // the whole policy, so it is left out.
    Action: ['s3:ListBucketMultipartUploads', 's3:ListBucketVersions', 's3:ListBucket'],
    Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
    Effect: 'Allow',
  });
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}
