/** CreateMultipartUpload, UploadPart, AbortMultipartUpload, ListParts and ListMultipartUploads. */
import {
  checksumHeaderName,
  checksumXmlName,
  multipartChecksumType,
  parseChecksumAlgorithm,
  type ChecksumAlgorithm,
} from './checksums.ts';
import {
  bodyDeclaration,
  bucketOf,
  header,
  keyOf,
  largestUpload,
  query,
  readBody,
  sendEmpty,
  sendXml,
  type RequestContext,
} from './context.ts';
import { assertAllowed } from './credentials.ts';
import { s3Errors } from './errors.ts';
import { assertValidKey } from './keys.ts';
import { isValidPartNumber, type UploadRecord } from './multipart-store.ts';
import { storedHeaders, userMetadata } from './object-headers.ts';
import { xmlElement, xmlGroup } from './xml.ts';

const person = (name: string) => [xmlElement('ID', 'datadesk'), xmlElement('DisplayName', name)];

/** The upload a request's `uploadId` names, after checking the caller may write its key. */
export function uploadOf(context: RequestContext): UploadRecord {
  const bucket = bucketOf(context);
  const key = keyOf(context);
  assertAllowed(context.principal, { action: 'write', bucket, key });
  context.state.objects.assertBucket(bucket);
  return context.state.uploads.get(bucket, key, query(context, 'uploadId') ?? '');
}

function checksumElements(upload: UploadRecord): string[] {
  if (!upload.checksumAlgorithm) return [];
  return [
    xmlElement('ChecksumAlgorithm', upload.checksumAlgorithm),
    xmlElement('ChecksumType', upload.checksumType ?? ''),
  ];
}

/** POST /bucket/key?uploads, with an optional checksum algorithm and type (FULL_OBJECT or COMPOSITE). */
export async function createMultipartUpload(context: RequestContext): Promise<void> {
  const bucket = bucketOf(context);
  const key = keyOf(context);
  assertValidKey(key);
  assertAllowed(context.principal, { action: 'write', bucket, key });
  context.state.objects.assertBucket(bucket);
  const algorithm = parseChecksumAlgorithm(header(context, 'x-amz-checksum-algorithm'));
  const requestedType = header(context, 'x-amz-checksum-type');
  if (!algorithm && requestedType !== undefined) {
    throw s3Errors.invalidRequest(
      'The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.',
    );
  }
  const upload = await context.state.uploads.create({
    bucket,
    key,
    headers: storedHeaders(context.request.headers),
    metadata: userMetadata(context.request.headers),
    ...(algorithm
      ? { checksumAlgorithm: algorithm, checksumType: multipartChecksumType(algorithm, requestedType) }
      : {}),
  });
  const responseHeaders: Record<string, string> = {};
  if (upload.checksumAlgorithm) {
    responseHeaders['x-amz-checksum-algorithm'] = upload.checksumAlgorithm;
    responseHeaders['x-amz-checksum-type'] = upload.checksumType ?? '';
  }
  for (const [name, value] of Object.entries(responseHeaders)) context.response.setHeader(name, value);
  sendXml(context, 'InitiateMultipartUploadResult', [
    xmlElement('Bucket', bucket),
    xmlElement('Key', key),
    xmlElement('UploadId', upload.uploadId),
  ]);
}

/** PUT /bucket/key?partNumber&uploadId: the part's checksum in the upload's algorithm is always kept. */
export async function uploadPart(context: RequestContext): Promise<void> {
  const partText = query(context, 'partNumber') ?? '';
  const partNumber = /^\d{1,5}$/.test(partText) ? Number(partText) : NaN;
  if (!isValidPartNumber(partNumber)) {
    throw s3Errors.invalidArgument(
      'Part number must be an integer between 1 and 10000, inclusive',
      'partNumber',
      partText,
    );
  }
  const upload = uploadOf(context);
  const declaration = bodyDeclaration(context);
  const temporary = context.state.objects.temporaryPath();
  try {
    const alsoCompute: ChecksumAlgorithm[] = upload.checksumAlgorithm ? [upload.checksumAlgorithm] : [];
    const body = await readBody(context, declaration, {
      filePath: temporary,
      limit: largestUpload,
      alsoCompute,
    });
    const checksums = Object.fromEntries(body.computed);
    await context.state.uploads.commitPart(
      upload,
      { partNumber, size: body.size, etag: body.md5Hex, lastModified: Date.now(), checksums },
      temporary,
    );
    const responseHeaders: Record<string, string> = { etag: `"${body.md5Hex}"` };
    for (const [algorithm, value] of body.computed) responseHeaders[checksumHeaderName(algorithm)] = value;
    sendEmpty(context, 200, responseHeaders);
  } catch (error) {
    await context.state.objects.discard(temporary);
    throw error;
  }
}

/** DELETE /bucket/key?uploadId. */
export async function abortMultipartUpload(context: RequestContext): Promise<void> {
  const upload = uploadOf(context);
  await context.state.uploads.remove(upload);
  sendEmpty(context, 204);
}

function boundedInteger(context: RequestContext, name: string, fallback: number, maximum: number): number {
  const text = query(context, name);
  if (text === undefined) return fallback;
  if (!/^\d{1,9}$/.test(text))
    throw s3Errors.invalidArgument(`${name} must be a non-negative integer.`, name, text);
  return Math.min(Number(text), maximum);
}

/** GET /bucket/key?uploadId: max-parts and part-number-marker pagination. */
export async function listParts(context: RequestContext): Promise<void> {
  const upload = uploadOf(context);
  const maxParts = boundedInteger(context, 'max-parts', 1000, 1000);
  const marker = boundedInteger(context, 'part-number-marker', 0, 10_000);
  const remaining = (await context.state.uploads.parts(upload)).filter((part) => part.partNumber > marker);
  const page = remaining.slice(0, maxParts);
  const isTruncated = remaining.length > page.length;
  const parts = page.map((part) => {
    const children = [
      xmlElement('PartNumber', part.partNumber),
      xmlElement('LastModified', new Date(part.lastModified).toISOString()),
      xmlElement('ETag', `"${part.etag}"`),
      xmlElement('Size', part.size),
    ];
    const checksum = upload.checksumAlgorithm ? part.checksums[upload.checksumAlgorithm] : undefined;
    if (upload.checksumAlgorithm && checksum)
      children.push(xmlElement(checksumXmlName(upload.checksumAlgorithm), checksum));
    return xmlGroup('Part', children);
  });
  sendXml(context, 'ListPartsResult', [
    xmlElement('Bucket', upload.bucket),
    xmlElement('Key', upload.key),
    xmlElement('UploadId', upload.uploadId),
    xmlElement('PartNumberMarker', marker),
    ...(page.length > 0 ? [xmlElement('NextPartNumberMarker', page[page.length - 1]!.partNumber)] : []),
    xmlElement('MaxParts', maxParts),
    xmlElement('IsTruncated', isTruncated),
    ...parts,
    xmlGroup('Initiator', person('datadesk')),
    xmlGroup('Owner', person('datadesk')),
    xmlElement('StorageClass', 'STANDARD'),
    ...checksumElements(upload),
  ]);
}

/** GET /bucket?uploads: prefix, key-marker / upload-id-marker and max-uploads. */
export function listMultipartUploads(context: RequestContext): void {
  const bucket = bucketOf(context);
  assertAllowed(context.principal, { action: 'list-uploads', bucket });
  context.state.objects.assertBucket(bucket);
  const prefix = query(context, 'prefix') ?? '';
  const keyMarker = query(context, 'key-marker') ?? '';
  const uploadIdMarker = query(context, 'upload-id-marker') ?? '';
  const maxUploads = boundedInteger(context, 'max-uploads', 1000, 1000);
  const all = context.state.uploads.list(bucket).filter((upload) => upload.key.startsWith(prefix));
  let start = 0;
  if (keyMarker !== '') {
    const markerIndex =
      uploadIdMarker === '' ? -1 : all.findIndex((upload) => upload.uploadId === uploadIdMarker);
    start = markerIndex >= 0 ? markerIndex + 1 : all.findIndex((upload) => upload.key > keyMarker);
    if (start === -1) start = all.length;
  }
  const page = all.slice(start, start + maxUploads);
  const isTruncated = start + page.length < all.length;
  const last = page[page.length - 1];
  const uploads = page.map((upload) =>
    xmlGroup('Upload', [
      xmlElement('Key', upload.key),
      xmlElement('UploadId', upload.uploadId),
      xmlGroup('Initiator', person('datadesk')),
      xmlGroup('Owner', person('datadesk')),
      xmlElement('StorageClass', 'STANDARD'),
      xmlElement('Initiated', new Date(upload.initiated).toISOString()),
      ...checksumElements(upload),
    ]),
  );
  sendXml(context, 'ListMultipartUploadsResult', [
    xmlElement('Bucket', bucket),
    xmlElement('KeyMarker', keyMarker),
    xmlElement('UploadIdMarker', uploadIdMarker),
    ...(isTruncated && last
      ? [xmlElement('NextKeyMarker', last.key), xmlElement('NextUploadIdMarker', last.uploadId)]
      : []),
    xmlElement('Prefix', prefix),
    xmlElement('MaxUploads', maxUploads),
    xmlElement('IsTruncated', isTruncated),
    ...uploads,
  ]);
}
