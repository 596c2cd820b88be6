/**
 * CompleteMultipartUpload: checks the client's part list against the parts on disk (order, ETags, sizes,
 * checksums), concatenates the parts into a temporary file while computing a full-object checksum when the
 * upload asked for one, and commits the result like any PUT. The ETag is S3's `md5(part md5s)-N`; composite
 * checksums are `checksum(part checksums)-N`.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { ObjectRecord } from './bucket-index.ts';
import {
  checksumAlgorithms,
  checksumHeaderName,
  checksumXmlName,
  compositeChecksum,
  createHasher,
  type StoredChecksum,
} from './checksums.ts';
import { header, readXmlBody, sendXml, type RequestContext } from './context.ts';
import { S3Error, s3Errors } from './errors.ts';
import type { PartRecord, UploadRecord } from './multipart-store.ts';
import { uploadOf } from './multipart-handlers.ts';
import { parseRequestXml, xmlChildren, xmlElement, xmlText } from './xml.ts';

const smallestPart = 5 * 1024 * 1024;

interface RequestedPart {
  partNumber: number;
  etag: string;
  checksums: Map<string, string>;
}

function parsePartList(text: string): RequestedPart[] {
  const root = parseRequestXml(text)?.['CompleteMultipartUpload'];
  if (root === undefined) throw s3Errors.malformedXml();
  const parts = xmlChildren(root, 'Part').map((part) => {
    const number = xmlText(part, 'PartNumber')?.trim() ?? '';
    const etag = xmlText(part, 'ETag');
    if (!/^\d{1,5}$/.test(number) || etag === undefined) throw s3Errors.malformedXml();
    const checksums = new Map<string, string>();
    for (const algorithm of checksumAlgorithms) {
      const value = xmlText(part, checksumXmlName(algorithm));
      if (value !== undefined) checksums.set(algorithm, value.trim());
    }
    return { partNumber: Number(number), etag: etag.trim().replace(/^"|"$/g, ''), checksums };
  });
  if (parts.length === 0) {
    throw new S3Error('MalformedXML', 'You must specify at least one part.');
  }
  return parts;
}

function invalidPart(part: RequestedPart, reason: string): S3Error {
  return new S3Error(
    'InvalidPart',
    `One or more of the specified parts could not be found or did not match: ${reason}.`,
    {
      PartNumber: String(part.partNumber),
      ETag: part.etag,
    },
  );
}

/** The stored parts the client's list names, after every check S3 makes: order, then identity, then sizes. */
function matchParts(requested: RequestedPart[], stored: PartRecord[]): PartRecord[] {
  requested.forEach((part, index) => {
    if (index > 0 && part.partNumber <= requested[index - 1]!.partNumber) {
      throw new S3Error(
        'InvalidPartOrder',
        'The list of parts was not in ascending order. Parts must be ordered by part number.',
      );
    }
  });
  const byNumber = new Map(stored.map((part) => [part.partNumber, part]));
  const matched = requested.map((part) => {
    const found = byNumber.get(part.partNumber);
    if (!found) throw invalidPart(part, 'the part was never uploaded');
    if (found.etag !== part.etag) throw invalidPart(part, 'the ETag differs');
    for (const [algorithm, value] of part.checksums) {
      const storedValue = found.checksums[algorithm as keyof PartRecord['checksums']];
      if (storedValue !== undefined && storedValue !== value)
        throw invalidPart(part, `the ${algorithm} checksum differs`);
    }
    return found;
  });
  matched.slice(0, -1).forEach((found) => {
    if (found.size < smallestPart) {
      throw new S3Error(
        'EntityTooSmall',
        'Your proposed upload is smaller than the minimum allowed object size.',
        {
          ProposedSize: String(found.size),
          MinSizeAllowed: String(smallestPart),
          PartNumber: String(found.partNumber),
          ETag: found.etag,
        },
      );
    }
  });
  return matched;
}

/** Concatenates the parts into `path`; returns the full-object checksum when the upload wants one. */
async function concatenate(
  context: RequestContext,
  upload: UploadRecord,
  parts: PartRecord[],
  path: string,
): Promise<string | undefined> {
  const fullObject = upload.checksumAlgorithm && upload.checksumType === 'FULL_OBJECT';
  const hasher = fullObject && upload.checksumAlgorithm ? createHasher(upload.checksumAlgorithm) : undefined;
  const target = await open(path, 'wx');
  try {
    for (const part of parts) {
      for await (const chunk of createReadStream(context.state.uploads.partPath(upload, part), {
        highWaterMark: 1 << 20,
      })) {
        hasher?.update(chunk as Buffer);
        await target.write(chunk as Buffer);
      }
    }
  } finally {
    await target.close();
  }
  return hasher?.digest();
}

async function objectChecksum(
  context: RequestContext,
  upload: UploadRecord,
  parts: PartRecord[],
  fullObjectValue: string | undefined,
): Promise<StoredChecksum | undefined> {
  const algorithm = upload.checksumAlgorithm;
  if (!algorithm) return undefined;
  let checksum: StoredChecksum;
  if (upload.checksumType === 'FULL_OBJECT') {
    checksum = { algorithm, value: fullObjectValue ?? '', type: 'FULL_OBJECT' };
  } else {
    const values = parts.map((part) => part.checksums[algorithm]);
    if (values.some((value) => value === undefined)) throw s3Errors.invalidRequest('A part has no checksum.');
    checksum = {
      algorithm,
      value: await compositeChecksum(algorithm, values as string[]),
      type: 'COMPOSITE',
    };
  }
  const declared = header(context, checksumHeaderName(algorithm));
  if (
    declared !== undefined &&
    declared !== checksum.value &&
    declared !== checksum.value.replace(/-\d+$/, '')
  ) {
    throw s3Errors.badDigest(checksumHeaderName(algorithm));
  }
  return checksum;
}

/** POST /bucket/key?uploadId. */
export async function completeMultipartUpload(context: RequestContext): Promise<void> {
  const upload = uploadOf(context);
  const requested = parsePartList(
    await readXmlBody(context, { integrity: false, checksumHeadersDescribeBody: false }),
  );
  const { uploads, objects } = context.state;
  const parts = matchParts(requested, await uploads.parts(upload));
  uploads.claim(upload);
  const temporary = objects.temporaryPath();
  let record: ObjectRecord;
  try {
    const fullObjectValue = await concatenate(context, upload, parts, temporary);
    const checksum = await objectChecksum(context, upload, parts, fullObjectValue);
    const md5s = createHash('md5');
    for (const part of parts) md5s.update(Buffer.from(part.etag, 'hex'));
    record = await objects.commit(
      upload.bucket,
      {
        key: upload.key,
        size: parts.reduce((total, part) => total + part.size, 0),
        etag: `${md5s.digest('hex')}-${parts.length}`,
        lastModified: Date.now(),
        headers: upload.headers,
        metadata: upload.metadata,
        checksum,
        parts: parts.length,
      },
      temporary,
    );
  } catch (error) {
    await objects.discard(temporary);
    uploads.release(upload);
    throw error;
  }
  await uploads.remove(upload);
  const checksumElements = record.checksum
    ? [
        xmlElement(checksumXmlName(record.checksum.algorithm), record.checksum.value),
        xmlElement('ChecksumType', record.checksum.type),
      ]
    : [];
  sendXml(context, 'CompleteMultipartUploadResult', [
    xmlElement('Location', `/${upload.bucket}/${upload.key}`),
    xmlElement('Bucket', upload.bucket),
    xmlElement('Key', upload.key),
    xmlElement('ETag', `"${record.etag}"`),
    ...checksumElements,
  ]);
}
