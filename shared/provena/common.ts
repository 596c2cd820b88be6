/**
 * Shapes shared by every Provena API: the status envelope, role names and pagination keys.
 * Browser-safe: no Node imports anywhere under shared/.
 */
import { z } from 'zod';

/** `Status`: a logical outcome; many routes answer 200 with `success=false`. */
export const Status = z.object({ success: z.boolean(), details: z.string() });
export type Status = z.infer<typeof Status>;

/** `StatusResponse`: `{status}`. */
export const StatusResponse = z.object({ status: Status });
export type StatusResponse = z.infer<typeof StatusResponse>;

/** A DynamoDB `LastEvaluatedKey`: opaque, sent back unchanged; null means no more pages. */
export const PaginationKey = z.record(z.string(), z.unknown());
export type PaginationKey = z.infer<typeof PaginationKey>;

/** Realm roles carried in `realm_access.roles` of the access token. */
export const realmRoles = {
  read: 'entity-registry-read',
  write: 'entity-registry-write',
  admin: 'entity-registry-admin',
  sysAdminRead: 'sys-admin-read',
  sysAdminWrite: 'sys-admin-write',
  sysAdminAdmin: 'sys-admin-admin',
} as const;

/** Every realm role the data store checks. */
export const allRealmRoles: readonly string[] = Object.values(realmRoles);

/** Item-level roles a caller can hold on one dataset (returned by fetch-dataset). */
export const itemRoles = {
  metadataRead: 'metadata-read',
  metadataWrite: 'metadata-write',
  dataRead: 'dataset-data-read',
  dataWrite: 'dataset-data-write',
  admin: 'admin',
} as const;

/** An item-level role name. */
export type ItemRole = (typeof itemRoles)[keyof typeof itemRoles];

/** Every item-level role, in Provena's order. */
export const allItemRoles: readonly ItemRole[] = [
  'metadata-read',
  'metadata-write',
  'admin',
  'dataset-data-read',
  'dataset-data-write',
];

/** The roles each item role also grants (Provena's `also_grants`). */
export const itemRoleGrants: Readonly<Record<ItemRole, readonly ItemRole[]>> = {
  'metadata-read': [],
  'metadata-write': ['metadata-read'],
  'dataset-data-read': ['metadata-read'],
  'dataset-data-write': ['metadata-read', 'metadata-write', 'dataset-data-read'],
  admin: ['metadata-read', 'metadata-write', 'dataset-data-read', 'dataset-data-write'],
};

/** The full set of item roles implied by `granted`, in Provena's order. */
export function expandItemRoles(granted: Iterable<string>): ItemRole[] {
  const result = new Set<ItemRole>();
  for (const role of granted) {
    if (!(role in itemRoleGrants)) continue;
    result.add(role as ItemRole);
    for (const implied of itemRoleGrants[role as ItemRole]) result.add(implied);
  }
  return allItemRoles.filter((role) => result.has(role));
}
