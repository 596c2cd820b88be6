/**
 * Decodes `Content-Encoding: aws-chunked` bodies (`<hex size>[;chunk-signature=<sig>]\r\n<data>\r\n` …
 * `0…\r\n<trailers>\r\n`) into the object's bytes. Signed chunks are verified as they end, each signature
 * chained to the previous one; trailing headers (e.g. `x-amz-checksum-crc32`) are collected and, when the
 * payload is `STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER`, their signature is verified too. Data passes on
 * before its chunk is verified: nothing is committed until the whole body has been checked.
 */
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { S3Error } from './errors.ts';
import { signaturesEqual, type ChunkSigner } from './sigv4.ts';

const longestLine = 4096;
const emptySha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** How a chunked body is signed. */
export interface ChunkVerification {
  signer: ChunkSigner;
  /** The request's own signature, which the first chunk signature chains from. */
  seedSignature: string;
  /** True when a trailer signature must follow the trailing headers. */
  signedTrailer: boolean;
}

type State = 'size' | 'data' | 'data-end' | 'trailer' | 'done';

function malformed(message: string): S3Error {
  return new S3Error('IncompleteBody', `The aws-chunked request body is malformed: ${message}.`);
}

/** A Transform from an aws-chunked body to the object's bytes; read `trailers` once it has finished. */
export class AwsChunkedDecoder extends Transform {
  /** Trailing headers by lower-case name (the trailer signature excluded). */
  readonly trailers = new Map<string, string>();
  private readonly verification: ChunkVerification | undefined;
  private state: State = 'size';
  private line: Buffer = Buffer.alloc(0);
  private remaining = 0;
  private chunkSignature = '';
  private previousSignature: string;
  private chunkHash: Hash | undefined;
  private trailerText = '';
  private trailerSignature: string | undefined;
  private trailerChecked = false;

  constructor(verification?: ChunkVerification) {
    super({ readableHighWaterMark: 1 << 20 });
    this.verification = verification;
    this.previousSignature = verification?.seedSignature ?? '';
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.consume(chunk).then(() => callback(), callback);
  }

  override _flush(callback: TransformCallback): void {
    // Some clients end right after the last trailer line; everything else must have been complete.
    if (
      this.state === 'done' ||
      (this.state === 'trailer' && this.line.length === 0 && this.trailers.size > 0)
    ) {
      this.finishTrailer().then(() => callback(), callback);
    } else {
      callback(malformed('the body ended early'));
    }
  }

  private async consume(input: Buffer): Promise<void> {
    let offset = 0;
    while (offset < input.length) {
      if (this.state === 'data') {
        const take = Math.min(this.remaining, input.length - offset);
        const data = input.subarray(offset, offset + take);
        this.chunkHash?.update(data);
        this.push(data);
        offset += take;
        this.remaining -= take;
        if (this.remaining === 0) this.state = 'data-end';
        continue;
      }
      if (this.state === 'done') {
        if (input.subarray(offset).toString('latin1').trim() !== '')
          throw malformed('data after the trailer');
        return;
      }
      const lineEnd = input.indexOf('\n', offset);
      const piece = input.subarray(offset, lineEnd === -1 ? input.length : lineEnd + 1);
      offset += piece.length;
      this.line = this.line.length === 0 ? piece : Buffer.concat([this.line, piece]);
      if (this.line.length > longestLine) throw malformed('a line is too long');
      if (lineEnd === -1) continue;
      const text = this.line.toString('utf8').replace(/\r?\n$/, '');
      this.line = Buffer.alloc(0);
      await this.handleLine(text);
    }
  }

  private async handleLine(text: string): Promise<void> {
    if (this.state === 'data-end') {
      if (text !== '') throw malformed('chunk data is longer than its declared size');
      await this.verifyChunk();
      this.state = 'size';
    } else if (this.state === 'size') {
      this.startChunk(text);
      if (this.remaining === 0) {
        this.chunkHash?.update(Buffer.alloc(0));
        await this.verifyChunk();
        this.state = 'trailer';
      }
    } else if (this.state === 'trailer') {
      if (text === '') {
        await this.finishTrailer();
        this.state = 'done';
        return;
      }
      const colon = text.indexOf(':');
      if (colon <= 0) throw malformed('a trailing header has no name');
      const name = text.slice(0, colon).trim().toLowerCase();
      const value = text.slice(colon + 1).trim();
      if (name === 'x-amz-trailer-signature') this.trailerSignature = value;
      else {
        this.trailers.set(name, value);
        this.trailerText += `${name}:${value}\n`;
      }
    }
  }

  private startChunk(text: string): void {
    const match = /^([0-9a-fA-F]{1,16})(?:;chunk-signature=([0-9a-f]{64}))?$/.exec(text.trim());
    if (!match) throw malformed('a chunk header is invalid');
    this.remaining = parseInt(match[1] ?? '', 16);
    if (!Number.isSafeInteger(this.remaining)) throw malformed('a chunk is too large');
    if (this.verification) {
      if (!match[2])
        throw new S3Error('SignatureDoesNotMatch', 'A chunk of a signed upload carries no signature.');
      this.chunkSignature = match[2];
      this.chunkHash = createHash('sha256');
    }
    if (this.remaining > 0) this.state = 'data';
  }

  private async verifyChunk(): Promise<void> {
    if (!this.verification || !this.chunkHash) return;
    const digest = this.chunkHash.digest('hex');
    this.chunkHash = undefined;
    const expected = await this.verification.signer.chunk(this.previousSignature, digest);
    if (!signaturesEqual(expected, this.chunkSignature)) {
      throw new S3Error(
        'SignatureDoesNotMatch',
        'The chunk signature we calculated does not match the one you sent.',
      );
    }
    this.previousSignature = expected;
  }

  private async finishTrailer(): Promise<void> {
    if (!this.verification?.signedTrailer || this.trailerChecked) return;
    if (this.trailerSignature === undefined) {
      throw new S3Error(
        'SignatureDoesNotMatch',
        'The trailing headers of a signed upload carry no signature.',
      );
    }
    const digest =
      this.trailerText === '' ? emptySha256 : createHash('sha256').update(this.trailerText).digest('hex');
    const expected = await this.verification.signer.trailer(this.previousSignature, digest);
    if (!signaturesEqual(expected, this.trailerSignature)) {
      throw new S3Error(
        'SignatureDoesNotMatch',
        'The trailer signature we calculated does not match the one you sent.',
      );
    }
    this.trailerChecked = true;
  }
}
