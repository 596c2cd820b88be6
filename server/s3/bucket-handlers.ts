/** Bucket-level operations: list buckets, head/create/delete bucket, ListObjects (V1 and V2), DeleteObjects. */
import type { ObjectRecord } from './bucket-index.ts';
import { bucketOf, query, readXmlBody, sendEmpty, sendXml, type RequestContext } from './context.ts';
import { assertAllowed, isAllowed } from './credentials.ts';
import { S3Error, s3Errors } from './errors.ts';
import { assertValidKey, decodeContinuationToken, encodeContinuationToken } from './keys.ts';
import { encodeStrict } from './request-target.ts';
import { parseRequestXml, xmlChildren, xmlElement, xmlGroup, xmlText } from './xml.ts';

const owner = xmlGroup('Owner', [xmlElement('ID', 'datadesk'), xmlElement('DisplayName', 'datadesk')]);

/** GET /: every bucket (root credentials only). */
export function listBuckets(context: RequestContext): void {
  assertAllowed(context.principal, { action: 'admin' });
  const buckets = context.state.objects
    .bucketNames()
    .map(({ name, created }) =>
      xmlGroup('Bucket', [
        xmlElement('Name', name),
        xmlElement('CreationDate', new Date(created).toISOString()),
      ]),
    );
  sendXml(context, 'ListAllMyBucketsResult', [owner, xmlGroup('Buckets', buckets)]);
}

/** HEAD /bucket. */
export function headBucket(context: RequestContext): void {
  const bucket = bucketOf(context);
  assertAllowed(context.principal, { action: 'list', bucket });
  context.state.objects.assertBucket(bucket);
  sendEmpty(context, 200, { 'x-amz-bucket-region': context.state.region });
}

/** GET /bucket?location. */
export function getBucketLocation(context: RequestContext): void {
  const bucket = bucketOf(context);
  assertAllowed(context.principal, { action: 'list', bucket });
  context.state.objects.assertBucket(bucket);
  const region = context.state.region === 'us-east-1' ? '' : context.state.region;
  sendXml(context, 'LocationConstraint', [region.replace(/[^a-z0-9-]/g, '')]);
}

/** PUT /bucket (root credentials only). */
export async function createBucket(context: RequestContext): Promise<void> {
  const bucket = bucketOf(context);
  assertAllowed(context.principal, { action: 'admin' });
  await readXmlBody(context, { integrity: false, checksumHeadersDescribeBody: true });
  if (!(await context.state.objects.createBucket(bucket))) {
    throw new S3Error(
      'BucketAlreadyOwnedByYou',
      'Your previous request to create the named bucket succeeded and you already own it.',
      { BucketName: bucket },
    );
  }
  sendEmpty(context, 200, { location: `/${bucket}` });
}

/** DELETE /bucket (root credentials only; the bucket must be empty). */
export async function deleteBucket(context: RequestContext): Promise<void> {
  assertAllowed(context.principal, { action: 'admin' });
  await context.state.objects.deleteBucket(bucketOf(context));
  sendEmpty(context, 204);
}

function maxKeysOf(context: RequestContext): number {
  const text = query(context, 'max-keys');
  if (text === undefined) return 1000;
  if (!/^\d+$/.test(text)) {
    throw s3Errors.invalidArgument(
      'Provided max-keys not an integer or within integer range',
      'max-keys',
      text,
    );
  }
  return Math.min(Number(text), 1000);
}

/** GET /bucket?list-type=2 and GET /bucket (V1): prefix, delimiter, pagination, encoding-type=url. */
export function listObjects(context: RequestContext): void {
  const bucket = bucketOf(context);
  assertAllowed(context.principal, { action: 'list', bucket });
  const version2 = query(context, 'list-type') === '2';
  const prefix = query(context, 'prefix') ?? '';
  const delimiter = query(context, 'delimiter') ?? '';
  const encodingType = query(context, 'encoding-type');
  if (encodingType !== undefined && encodingType !== 'url') {
    throw s3Errors.invalidArgument(
      'Invalid Encoding Method specified in Request',
      'encoding-type',
      encodingType,
    );
  }
  const encode = encodingType === 'url' ? encodeKey : (text: string) => text;
  const maxKeys = maxKeysOf(context);
  const token = query(context, 'continuation-token');
  const startAfter = query(context, 'start-after') ?? '';
  const marker = query(context, 'marker') ?? '';
  const after = version2 ? (token !== undefined ? decodeContinuationToken(token) : startAfter) : marker;
  const page = context.state.objects.index(bucket).list({ prefix, delimiter, after, maxKeys });
  const children = [xmlElement('Name', bucket), xmlElement('Prefix', encode(prefix))];
  if (version2) {
    if (token !== undefined) children.push(xmlElement('ContinuationToken', token));
    if (startAfter !== '') children.push(xmlElement('StartAfter', encode(startAfter)));
    children.push(xmlElement('KeyCount', page.objects.length + page.commonPrefixes.length));
    if (page.isTruncated && page.last !== undefined) {
      children.push(xmlElement('NextContinuationToken', encodeContinuationToken(page.last)));
    }
  } else {
    children.push(xmlElement('Marker', encode(marker)));
    if (page.isTruncated && delimiter !== '' && page.last !== undefined) {
      children.push(xmlElement('NextMarker', encode(page.last)));
    }
  }
  children.push(xmlElement('MaxKeys', maxKeys));
  if (delimiter !== '') children.push(xmlElement('Delimiter', encode(delimiter)));
  if (encodingType) children.push(xmlElement('EncodingType', encodingType));
  children.push(xmlElement('IsTruncated', page.isTruncated));
  for (const record of page.objects) children.push(contentsElement(record, encode, !version2));
  for (const commonPrefix of page.commonPrefixes) {
    children.push(xmlGroup('CommonPrefixes', [xmlElement('Prefix', encode(commonPrefix))]));
  }
  sendXml(context, 'ListBucketResult', children);
}

/** Keys URL-encoded for encoding-type=url: strict percent-encoding, slashes kept readable. */
function encodeKey(key: string): string {
  return key.split('/').map(encodeStrict).join('/');
}

function contentsElement(record: ObjectRecord, encode: (text: string) => string, withOwner: boolean): string {
  const children = [
    xmlElement('Key', encode(record.key)),
    xmlElement('LastModified', new Date(record.lastModified).toISOString()),
    xmlElement('ETag', `"${record.etag}"`),
    xmlElement('Size', record.size),
    xmlElement('StorageClass', 'STANDARD'),
  ];
  if (record.checksum) {
    children.push(xmlElement('ChecksumAlgorithm', record.checksum.algorithm));
    children.push(xmlElement('ChecksumType', record.checksum.type));
  }
  if (withOwner) children.push(owner);
  return xmlGroup('Contents', children);
}

/** POST /bucket?delete: up to 1,000 keys; keys outside the caller's scope fail one by one with AccessDenied. */
export async function deleteObjects(context: RequestContext): Promise<void> {
  const bucket = bucketOf(context);
  assertAllowed(context.principal, { action: 'list', bucket });
  context.state.objects.assertBucket(bucket);
  const document = parseRequestXml(
    await readXmlBody(context, { integrity: true, checksumHeadersDescribeBody: true }),
  );
  const root = document?.['Delete'];
  if (root === undefined) throw s3Errors.malformedXml();
  const objects = xmlChildren(root, 'Object');
  if (objects.length === 0 || objects.length > 1000) throw s3Errors.malformedXml();
  const quiet = xmlText(root, 'Quiet')?.trim().toLowerCase() === 'true';
  const keys = objects.map((object) => xmlText(object, 'Key'));
  if (keys.some((key) => key === undefined)) throw s3Errors.malformedXml();
  // Deleted together, so the journal writes them in one batch.
  const results = await Promise.all(
    (keys as string[]).map(async (key) => {
      try {
        assertValidKey(key);
        if (!isAllowed(context.principal, { action: 'write', bucket, key })) throw s3Errors.accessDenied();
        await context.state.objects.delete(bucket, key);
        return quiet ? '' : xmlGroup('Deleted', [xmlElement('Key', key)]);
      } catch (error) {
        const failure =
          error instanceof S3Error
            ? error
            : new S3Error('InternalError', 'We encountered an internal error.');
        return xmlGroup('Error', [
          xmlElement('Key', key),
          xmlElement('Code', failure.code),
          xmlElement('Message', failure.message),
        ]);
      }
    }),
  );
  sendXml(context, 'DeleteResult', results);
}
