/**
 * Puts a data store's refusal (mint/validate `success=false`, update 400, a 422 `detail` list, a registry
 * pre-validation failure naming an unknown organisation or person) on the fields it concerns.
 */
import type { MetadataDraft } from './draft';
import { fieldForPath, type FieldErrors } from './validation';

/** The server's verdict split into field errors and what is left for a general message. */
export interface ServerVerdict {
  fields: FieldErrors;
  general: string | null;
}

interface PydanticEntry {
  loc: (string | number)[];
  msg: string;
}

function pydanticEntries(value: unknown): PydanticEntry[] {
  if (typeof value === 'string') {
    try {
      return pydanticEntries(JSON.parse(value));
    } catch {
      return [];
    }
  }
  if (Array.isArray(value)) {
    return value.filter(
      (entry): entry is PydanticEntry =>
        typeof entry === 'object' &&
        entry !== null &&
        Array.isArray(entry.loc) &&
        typeof entry.msg === 'string',
    );
  }
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of ['detail', 'details', 'issues', 'errors']) {
      const found = pydanticEntries(record[key]);
      if (found.length) return found;
    }
  }
  return [];
}

function textsOf(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const inner of value) textsOf(inner, into);
  else if (value && typeof value === 'object') for (const inner of Object.values(value)) textsOf(inner, into);
  return into;
}

const readable = (entry: PydanticEntry) =>
  entry.msg === 'field required' ? 'Required.' : entry.msg.charAt(0).toUpperCase() + entry.msg.slice(1);

/** Maps a failed mint, validate or update onto the form's fields. */
export function verdictFromError(error: unknown, draft: MetadataDraft): ServerVerdict {
  const fields: FieldErrors = {};
  // A bridge error carries the data store's answer in `details`.
  const details =
    typeof error === 'object' && error !== null && 'details' in error
      ? (error as { details: unknown }).details
      : undefined;
  const message = error instanceof Error ? error.message : String(error);
  for (const entry of pydanticEntries(details)) {
    const field = fieldForPath(entry.loc, entry.msg);
    fields[field] ??= readable(entry);
  }
  // Registry pre-validation names the id it could not find; put it on the field holding that id.
  const texts = [message, ...textsOf(details)].join('\n');
  const idFields: Array<[string, string]> = [
    ['associations.organisation_id', draft.associations.organisation_id],
    ['dataset_info.publisher_id', draft.dataset_info.publisher_id],
    ['associations.data_custodian_id', draft.associations.data_custodian_id],
  ];
  for (const [field, id] of idFields) {
    if (id && texts.includes(id) && !fields[field]) {
      fields[field] = `The data store does not know “${id}”. Pick one from the list.`;
    }
  }
  const placed = Object.keys(fields).length > 0;
  return { fields, general: placed ? null : message };
}
