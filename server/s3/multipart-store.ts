/**
 * Multipart uploads on disk, so that an upload survives a restart of the app (the transfer engine resumes
 * with the upload id it saved): `uploads/<upload id>/upload.json` describes the upload, each part is a data
 * file plus `part-<number>.json`. Upload ids are random and server-made; an id reaches the disk only after it
 * matches that shape and is known.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChecksumAlgorithm, ChecksumType } from './checksums.ts';
import { s3Errors } from './errors.ts';
import { isValidUploadId, newUploadId, uploadFolderPath } from './keys.ts';

/** One multipart upload in progress. */
export interface UploadRecord {
  uploadId: string;
  bucket: string;
  key: string;
  initiated: number;
  headers: Record<string, string>;
  metadata: Record<string, string>;
  checksumAlgorithm?: ChecksumAlgorithm;
  checksumType?: ChecksumType;
}

/** One uploaded part. */
export interface PartRecord {
  partNumber: number;
  size: number;
  /** MD5 hex of the part. */
  etag: string;
  lastModified: number;
  file: string;
  /** Checksums of the part (base64), by algorithm. */
  checksums: Partial<Record<ChecksumAlgorithm, string>>;
}

const partFilePattern = /^part-\d{5}-[0-9a-f]{16}$/;

/** True for a part number S3 accepts (1–10,000). */
export function isValidPartNumber(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 10_000;
}

/** Multipart uploads under one data folder. */
export class MultipartStore {
  private readonly dataDir: string;
  private readonly uploads = new Map<string, UploadRecord>();

  private constructor(dataDir: string) {
    this.dataDir = dataDir;
  }

  /** Loads the uploads left in progress by earlier runs. */
  static async open(dataDir: string): Promise<MultipartStore> {
    const store = new MultipartStore(dataDir);
    const root = join(dataDir, 'uploads');
    await mkdir(root, { recursive: true });
    for (const name of await readdir(root)) {
      if (!isValidUploadId(name)) continue;
      try {
        const record = JSON.parse(await readFile(join(root, name, 'upload.json'), 'utf8')) as UploadRecord;
        if (record.uploadId === name) store.uploads.set(name, record);
      } catch {
        // An upload whose description never got written: nothing can refer to it.
        await rm(join(root, name), { recursive: true, force: true });
      }
    }
    return store;
  }

  /** Starts an upload. */
  async create(upload: Omit<UploadRecord, 'uploadId' | 'initiated'>): Promise<UploadRecord> {
    const record: UploadRecord = { ...upload, uploadId: newUploadId(), initiated: Date.now() };
    const folder = uploadFolderPath(this.dataDir, record.uploadId);
    await mkdir(folder, { recursive: true });
    await writeAtomically(join(folder, 'upload.json'), JSON.stringify(record));
    this.uploads.set(record.uploadId, record);
    return record;
  }

  /** The upload `uploadId` of this bucket and key; NoSuchUpload otherwise. */
  get(bucket: string, key: string, uploadId: string): UploadRecord {
    const record = isValidUploadId(uploadId) ? this.uploads.get(uploadId) : undefined;
    if (!record || record.bucket !== bucket || record.key !== key) throw s3Errors.noSuchUpload(uploadId);
    return record;
  }

  /** Uploads in progress in a bucket, by key then start time. */
  list(bucket: string): UploadRecord[] {
    return [...this.uploads.values()]
      .filter((upload) => upload.bucket === bucket)
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.initiated - b.initiated));
  }

  /** Makes the bytes in `temporaryPath` part `part.partNumber`, replacing an earlier upload of that part. */
  async commitPart(
    upload: UploadRecord,
    part: Omit<PartRecord, 'file'>,
    temporaryPath: string,
  ): Promise<void> {
    const folder = uploadFolderPath(this.dataDir, upload.uploadId);
    const number = String(part.partNumber).padStart(5, '0');
    const file = `part-${number}-${randomBytes(8).toString('hex')}`;
    const previous = await this.readPart(folder, `part-${number}.json`);
    await rename(temporaryPath, join(folder, file));
    if (!this.uploads.has(upload.uploadId)) {
      // Aborted or completed while this part was arriving.
      await unlink(join(folder, file)).catch(() => {});
      throw s3Errors.noSuchUpload(upload.uploadId);
    }
    await writeAtomically(join(folder, `part-${number}.json`), JSON.stringify({ ...part, file }));
    if (previous && previous.file !== file) await unlink(join(folder, previous.file)).catch(() => {});
  }

  /** Every part uploaded so far, by part number. */
  async parts(upload: UploadRecord): Promise<PartRecord[]> {
    const folder = uploadFolderPath(this.dataDir, upload.uploadId);
    const names = (await readdir(folder)).filter((name) => /^part-\d{5}\.json$/.test(name));
    const parts = await Promise.all(names.map((name) => this.readPart(folder, name)));
    return parts
      .filter((part): part is PartRecord => part !== undefined)
      .sort((a, b) => a.partNumber - b.partNumber);
  }

  private async readPart(folder: string, name: string): Promise<PartRecord | undefined> {
    try {
      const part = JSON.parse(await readFile(join(folder, name), 'utf8')) as PartRecord;
      return partFilePattern.test(part.file) ? part : undefined;
    } catch {
      return undefined;
    }
  }

  /** The data file of a part. */
  partPath(upload: UploadRecord, part: PartRecord): string {
    if (!partFilePattern.test(part.file)) throw new Error('Refusing an unsafe part path.');
    return join(uploadFolderPath(this.dataDir, upload.uploadId), part.file);
  }

  /** Forgets an upload and deletes its parts (abort, or after completion). */
  async remove(upload: UploadRecord): Promise<void> {
    this.uploads.delete(upload.uploadId);
    await rm(uploadFolderPath(this.dataDir, upload.uploadId), { recursive: true, force: true });
  }

  /** Marks an upload as taken by a completion, so a second Complete or an Abort sees NoSuchUpload. */
  claim(upload: UploadRecord): void {
    this.uploads.delete(upload.uploadId);
  }

  /** Gives a claimed upload back after a failed completion, so the client can fix and retry. */
  release(upload: UploadRecord): void {
    this.uploads.set(upload.uploadId, upload);
  }
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}
