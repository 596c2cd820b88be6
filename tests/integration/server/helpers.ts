/** Small helpers the server tests share: minting, fetching and S3 clients for issued credentials. */
import { S3Client } from '@aws-sdk/client-s3';
import { expect } from 'vitest';
import type {
  CollectionFormatInput,
  Credentials,
  ItemDataset,
  MintResponse,
} from '../../../shared/provena/index.ts';
import { validCollectionFormat } from '../../support/provena-fixtures.ts';
import type { Harness, Reply } from '../../support/server-harness.ts';

/** Mints a dataset as `token` and returns its handle (fails the test if minting fails). */
export async function mint(harness: Harness, token: string, body?: CollectionFormatInput): Promise<string> {
  const reply = await harness.request<MintResponse>('POST', '/register/mint-dataset', {
    token,
    body: body ?? validCollectionFormat(harness.organisationId),
  });
  expect(reply.status, reply.text).toBe(200);
  expect(reply.body.status.success, reply.text).toBe(true);
  return reply.body.handle!;
}

/** Fetches a dataset; returns the raw reply. */
export function fetchDataset(
  harness: Harness,
  token: string,
  id: string,
): Promise<
  Reply<{
    status: { success: boolean; details: string };
    item: ItemDataset;
    roles: string[];
    locked: boolean;
  }>
> {
  return harness.request('GET', '/registry/items/fetch-dataset', { token, query: { handle_id: id } });
}

/** The dataset record (fails the test if the fetch fails). */
export async function item(harness: Harness, token: string, id: string): Promise<ItemDataset> {
  const reply = await fetchDataset(harness, token, id);
  expect(reply.status, reply.text).toBe(200);
  return reply.body.item;
}

/** An S3 client for credentials issued by the server. */
export function clientFor(harness: Harness, credentials: Credentials): S3Client {
  return new S3Client({
    endpoint: harness.s3.endpoint,
    region: harness.s3.region,
    forcePathStyle: true,
    credentials: {
      accessKeyId: credentials.aws_access_key_id,
      secretAccessKey: credentials.aws_secret_access_key,
      ...(credentials.aws_session_token ? { sessionToken: credentials.aws_session_token } : {}),
    },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** An S3 client with the storage's root keys, to look at objects directly. */
export function rootClient(harness: Harness): S3Client {
  return new S3Client({
    endpoint: harness.s3.endpoint,
    region: harness.s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: harness.s3.accessKeyId, secretAccessKey: harness.s3.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** The pydantic-v1 location of every entry of a 422 reply. */
export function locations(reply: Reply): unknown[] {
  expect(reply.status, reply.text).toBe(422);
  return (reply.body as { detail: { loc: unknown[] }[] }).detail.map((entry) => entry.loc);
}
