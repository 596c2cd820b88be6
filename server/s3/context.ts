/** What every handler gets: the request, who signed it, the stores, and helpers to answer and read bodies. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../main/core/index.ts';
import {
  readBodyDeclaration,
  receiveBody,
  type BodyDeclaration,
  type BodyTarget,
  type ReceivedBody,
} from './body.ts';
import type { Principal } from './credentials.ts';
import { s3Errors } from './errors.ts';
import type { MultipartStore } from './multipart-store.ts';
import type { ObjectStore } from './object-store.ts';
import type { RequestTarget } from './request-target.ts';
import type { SignedRequestInfo, SigningCredentials } from './sigv4.ts';
import { xmlDocument } from './xml.ts';

/** The parts of the endpoint handlers use. */
export interface EndpointState {
  objects: ObjectStore;
  uploads: MultipartStore;
  region: string;
  logger: Logger;
}

/** One authenticated request. */
export interface RequestContext {
  request: IncomingMessage;
  response: ServerResponse;
  target: RequestTarget;
  principal: Principal;
  signature: SignedRequestInfo;
  credentials: SigningCredentials;
  /** True when the client waits for `100 Continue` before sending its body. */
  expectsContinue: boolean;
  state: EndpointState;
}

/** The largest single PUT or part S3 accepts. */
export const largestUpload = 5 * 1024 ** 3;

/** The bucket a bucket- or object-level request addresses. */
export function bucketOf(context: RequestContext): string {
  return context.target.bucket ?? '';
}

/** The key an object-level request addresses. */
export function keyOf(context: RequestContext): string {
  return context.target.key ?? '';
}

/** The first value of a header. */
export function header(context: RequestContext, name: string): string | undefined {
  const value = context.request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A query parameter's first value. */
export function query(context: RequestContext, name: string): string | undefined {
  return context.target.query[name]?.[0];
}

/** The client's body declarations (headers, presigned query). */
export function bodyDeclaration(
  context: RequestContext,
  checksumHeadersDescribeBody = true,
): BodyDeclaration {
  return readBodyDeclaration(context.request, context.signature, context.target.query, {
    checksumHeadersDescribeBody,
  });
}

/** Receives and verifies the request body into `target` (a temporary file, or memory). */
export async function readBody(
  context: RequestContext,
  declaration: BodyDeclaration,
  target: BodyTarget,
): Promise<ReceivedBody & { bytes: Buffer | undefined }> {
  if (context.expectsContinue) {
    context.response.writeContinue();
    context.expectsContinue = false;
  }
  return receiveBody(context.request, context.signature, context.credentials, declaration, target);
}

/**
 * Reads a small XML request body. `integrity` requires Content-MD5 or a checksum, as DeleteObjects does;
 * `checksumHeadersDescribeBody` is false when x-amz-checksum-* headers describe an object instead.
 */
export async function readXmlBody(
  context: RequestContext,
  options: { integrity: boolean; checksumHeadersDescribeBody: boolean },
): Promise<string> {
  const declaration = bodyDeclaration(context, options.checksumHeadersDescribeBody);
  if (
    options.integrity &&
    declaration.md5 === undefined &&
    declaration.checksum === undefined &&
    declaration.trailerChecksum === undefined
  ) {
    throw s3Errors.invalidRequest('Missing required header for this request: Content-MD5');
  }
  const body = await readBody(context, declaration, { limit: 4 << 20 });
  return (body.bytes ?? Buffer.alloc(0)).toString('utf8');
}

/** Answers with an S3 XML document. */
export function sendXml(context: RequestContext, root: string, children: string[], status = 200): void {
  const text = xmlDocument(root, children);
  context.response.writeHead(status, {
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(text),
  });
  context.response.end(text);
}

/** Answers with no body. */
export function sendEmpty(
  context: RequestContext,
  status: number,
  headers: Record<string, string> = {},
): void {
  context.response.writeHead(status, { ...headers, 'content-length': '0' });
  context.response.end();
}
