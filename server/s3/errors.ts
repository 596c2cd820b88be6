/** S3 errors as values: the code and HTTP status a client's SDK expects, and the XML body that carries them. */
import { xmlElement } from './xml.ts';

const statusByCode: Record<string, number> = {
  AccessDenied: 403,
  AuthorizationHeaderMalformed: 400,
  AuthorizationQueryParametersError: 400,
  BadDigest: 400,
  BucketAlreadyOwnedByYou: 409,
  BucketNotEmpty: 409,
  EntityTooLarge: 400,
  EntityTooSmall: 400,
  ExpiredToken: 400,
  IncompleteBody: 400,
  InternalError: 500,
  InvalidAccessKeyId: 403,
  InvalidArgument: 400,
  InvalidBucketName: 400,
  InvalidDigest: 400,
  InvalidPart: 400,
  InvalidPartOrder: 400,
  InvalidRange: 416,
  InvalidRequest: 400,
  InvalidToken: 400,
  InvalidURI: 400,
  KeyTooLongError: 400,
  MalformedXML: 400,
  MetadataTooLarge: 400,
  MethodNotAllowed: 405,
  MissingContentLength: 411,
  NoSuchBucket: 404,
  NoSuchKey: 404,
  NoSuchUpload: 404,
  NotImplemented: 501,
  PreconditionFailed: 412,
  RequestTimeTooSkewed: 403,
  SignatureDoesNotMatch: 403,
  XAmzContentSHA256Mismatch: 400,
};

/** A failure answered to the client as an S3 error document. */
export class S3Error extends Error {
  readonly code: string;
  readonly status: number;
  /** Extra elements of the error document (e.g. BucketName, Key, UploadId). */
  readonly fields: Record<string, string>;

  constructor(code: string, message: string, fields: Record<string, string> = {}) {
    super(message);
    this.name = 'S3Error';
    this.code = code;
    this.status = statusByCode[code] ?? 400;
    this.fields = fields;
  }
}

/** The XML error document S3 sends for `error`. */
export function errorDocument(error: S3Error, requestId: string, resource: string): string {
  const extra = Object.entries(error.fields).map(([name, value]) => xmlElement(name, value));
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error>' +
    xmlElement('Code', error.code) +
    xmlElement('Message', error.message) +
    extra.join('') +
    xmlElement('Resource', resource) +
    xmlElement('RequestId', requestId) +
    '</Error>'
  );
}

/** The S3 error for anything thrown inside a handler: S3 errors pass through, anything else is InternalError. */
export function toS3Error(error: unknown): S3Error {
  if (error instanceof S3Error) return error;
  return new S3Error('InternalError', 'We encountered an internal error. Please try again.');
}

/** Shorthands for errors raised in many places. */
export const s3Errors = {
  noSuchBucket: (bucket: string) =>
    new S3Error('NoSuchBucket', 'The specified bucket does not exist.', { BucketName: bucket }),
  noSuchKey: (key: string) => new S3Error('NoSuchKey', 'The specified key does not exist.', { Key: key }),
  noSuchUpload: (uploadId: string) =>
    new S3Error(
      'NoSuchUpload',
      'The specified multipart upload does not exist. The upload ID might be invalid, or the multipart upload might have been aborted or completed.',
      { UploadId: uploadId },
    ),
  accessDenied: () => new S3Error('AccessDenied', 'Access Denied'),
  badDigest: (what: string) =>
    new S3Error('BadDigest', `The ${what} you specified did not match the calculated checksum.`),
  invalidArgument: (message: string, name?: string, value?: string) =>
    new S3Error(
      'InvalidArgument',
      message,
      name === undefined ? {} : { ArgumentName: name, ArgumentValue: value ?? '' },
    ),
  invalidRequest: (message: string) => new S3Error('InvalidRequest', message),
  malformedXml: () =>
    new S3Error(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema.',
    ),
  notImplemented: (what: string) =>
    new S3Error('NotImplemented', `${what} is not implemented by the Datadesk local store.`),
};
