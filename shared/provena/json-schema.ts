/** The JSON Schema of `CollectionFormat` that `GET /metadata/dataset-schema` serves. */
import { z } from 'zod';
import { CollectionFormat } from './collection-format.ts';

let cached: Record<string, unknown> | null = null;

/** JSON Schema (draft-07) for what a client may send as `CollectionFormat`, with titles and descriptions. */
export function collectionFormatJsonSchema(): Record<string, unknown> {
  cached ??= z.toJSONSchema(CollectionFormat, {
    io: 'input',
    target: 'draft-7',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return structuredClone(cached);
}
