/** Maps a path-style request (method, bucket, key, sub-resource) to its operation. */
import {
  createBucket,
  deleteBucket,
  deleteObjects,
  getBucketLocation,
  headBucket,
  listBuckets,
  listObjects,
} from './bucket-handlers.ts';
import type { RequestContext } from './context.ts';
import { S3Error, s3Errors } from './errors.ts';
import { completeMultipartUpload } from './multipart-complete.ts';
import {
  abortMultipartUpload,
  createMultipartUpload,
  listMultipartUploads,
  listParts,
  uploadPart,
} from './multipart-handlers.ts';
import { copyObject, deleteObject, getObject, putObject } from './object-handlers.ts';
import { hasQuery } from './request-target.ts';

/** Sub-resources S3 has and this endpoint does not: answered 501 instead of being mistaken for data calls. */
const unsupported = [
  'accelerate',
  'acl',
  'analytics',
  'attributes',
  'cors',
  'encryption',
  'intelligent-tiering',
  'inventory',
  'legal-hold',
  'lifecycle',
  'logging',
  'metadataConfiguration',
  'metrics',
  'notification',
  'object-lock',
  'ownershipControls',
  'policy',
  'policyStatus',
  'publicAccessBlock',
  'replication',
  'requestPayment',
  'restore',
  'retention',
  'select',
  'tagging',
  'torrent',
  'versioning',
  'versions',
  'website',
  'renameObject',
];

function methodNotAllowed(): S3Error {
  return new S3Error('MethodNotAllowed', 'The specified method is not allowed against this resource.');
}

/** Runs the operation a request addresses. */
export async function route(context: RequestContext): Promise<void> {
  const { target } = context;
  const method = context.request.method ?? 'GET';
  const found = unsupported.find((name) => hasQuery(target.query, name));
  if (found) throw s3Errors.notImplemented(`The ?${found} sub-resource`);
  if (target.bucket === undefined) {
    if (method === 'GET') return listBuckets(context);
    throw methodNotAllowed();
  }
  if (target.key === undefined) return routeBucket(context, method);
  return routeObject(context, method);
}

async function routeBucket(context: RequestContext, method: string): Promise<void> {
  const query = context.target.query;
  switch (method) {
    case 'HEAD':
      return headBucket(context);
    case 'PUT':
      return createBucket(context);
    case 'DELETE':
      return deleteBucket(context);
    case 'GET':
      if (hasQuery(query, 'uploads')) return listMultipartUploads(context);
      if (hasQuery(query, 'location')) return getBucketLocation(context);
      return listObjects(context);
    case 'POST':
      if (hasQuery(query, 'delete')) return deleteObjects(context);
      throw s3Errors.notImplemented('This bucket POST operation');
    default:
      throw methodNotAllowed();
  }
}

async function routeObject(context: RequestContext, method: string): Promise<void> {
  const query = context.target.query;
  const multipart = hasQuery(query, 'uploadId');
  switch (method) {
    case 'HEAD':
    case 'GET':
      if (multipart && method === 'GET') return listParts(context);
      return getObject(context);
    case 'PUT':
      if (context.request.headers['x-amz-copy-source'] !== undefined) {
        if (multipart) throw s3Errors.notImplemented('UploadPartCopy');
        return copyObject(context);
      }
      if (multipart || hasQuery(query, 'partNumber')) return uploadPart(context);
      return putObject(context);
    case 'DELETE':
      if (multipart) return abortMultipartUpload(context);
      return deleteObject(context);
    case 'POST':
      if (hasQuery(query, 'uploads')) return createMultipartUpload(context);
      if (multipart) return completeMultipartUpload(context);
      throw s3Errors.notImplemented('This object POST operation');
    default:
      throw methodNotAllowed();
  }
}
