/**
 * Provena data store models as zod schemas with inferred types, named after Provena's own models.
 * Shared by the server, main's data store client and the renderer: browser-safe (no Node imports).
 */
export * from './common.ts';
export * from './collection-format.ts';
export * from './dataset-item.ts';
export * from './data-store-api.ts';
export * from './jobs.ts';
export * from './search-and-registry.ts';
export { toPydanticErrors, type PydanticError, type ValidationErrorBody } from './pydantic-errors.ts';
export { collectionFormatJsonSchema } from './json-schema.ts';
