/**
 * The few registry and auth API routes a data store client needs beside §1: organisations and persons (what
 * metadata refers to), the caller's linked Person, dataset locks and dataset access settings.
 */
import { z } from 'zod';
import { expandItemRoles, itemRoles } from '../../shared/provena/index.ts';
import type { AuthenticatedUser } from '../auth/authenticator.ts';
import { gates } from '../auth/authenticator.ts';
import { fetchDatasetForUser, hasAnyRole } from '../datasets/access.ts';
import { transaction } from '../db/database.ts';
import { badRequest, notAuthorised } from '../http/errors.ts';
import { parseRequest } from '../http/parse.ts';
import type { ItemRow } from '../registry/items.ts';
import { toItemRow } from '../registry/items.ts';
import { callerWith, type RouteModule, type RouteServices } from './route-kit.ts';

const idQuery = z.object({ id: z.string() });
const listBody = z.object({
  page_size: z.int().default(20),
  pagination_key: z.record(z.string(), z.unknown()).nullish(),
});
const itemRole = z.enum(Object.values(itemRoles) as [string, ...string[]]);

function agentRoutes(
  app: Parameters<RouteModule>[0],
  services: RouteServices,
  subtype: 'ORGANISATION' | 'PERSON',
): void {
  const base = `/registry/agent/${subtype.toLowerCase()}`;
  const { registry, database } = services.datasets;
  app.get(`${base}/fetch`, async (request) => {
    await callerWith(services, request, gates.read);
    const { query } = parseRequest(request, { query: idQuery });
    const row = registry.agent(query.id, subtype);
    if (!row) {
      return {
        status: { success: false, details: `Could not find the given key (${query.id}) in the registry.` },
        item: null,
        roles: null,
        locked: null,
        item_is_seed: null,
      };
    }
    return {
      status: { success: true, details: 'Item fetched successfully.' },
      item: row.record,
      roles: ['metadata-read'],
      locked: row.locked,
      item_is_seed: false,
    };
  });
  app.post(`${base}/list`, async (request) => {
    await callerWith(services, request, gates.read);
    const { body } = parseRequest(request, { body: listBody });
    const after = typeof body.pagination_key?.id === 'string' ? body.pagination_key.id : null;
    const rows = database
      .prepare(`SELECT * FROM items WHERE subtype = ? ${after ? 'AND id > ?' : ''} ORDER BY id LIMIT ?`)
      .all(...(after ? [subtype, after] : [subtype]), Math.max(1, body.page_size))
      .map((raw) => toItemRow(raw as never));
    const last = rows.at(-1);
    return {
      status: { success: true, details: 'Successfully listed items.' },
      items: rows.map((row) => row.record),
      seed_items: [],
      unparsable_items: [],
      total_item_count: rows.length,
      complete_item_count: rows.length,
      seed_item_count: 0,
      unparsable_item_count: 0,
      not_authorised_count: 0,
      pagination_key: last && rows.length === body.page_size ? { id: last.id, item_subtype: subtype } : null,
    };
  });
}

/** The dataset row for an admin-only registry action, or a 401/400. */
function adminDataset(services: RouteServices, id: string, user: AuthenticatedUser): ItemRow {
  const fetched = fetchDatasetForUser(services.datasets, id, user);
  if (!hasAnyRole(fetched.roles, ['admin']))
    throw notAuthorised(`You are not authorised to administer the item (id='${id}').`);
  return fetched.row;
}

/** Registers the registry and auth API routes. */
export const registryRoutes: RouteModule = (app, services) => {
  const { registry, logger } = services.datasets;
  agentRoutes(app, services, 'ORGANISATION');
  agentRoutes(app, services, 'PERSON');

  app.get('/link/user/lookup', async (request) => {
    const user = await callerWith(services, request, gates.anyUser);
    const personId = registry.linkedPerson(user.username);
    return { success: personId !== null, person_id: personId };
  });

  for (const action of ['lock', 'unlock'] as const) {
    app.put(`/registry/entity/dataset/locks/${action}`, async (request) => {
      const user = await callerWith(services, request, gates.readWrite);
      const { body } = parseRequest(request, { body: z.object({ id: z.string(), reason: z.string() }) });
      const row = adminDataset(services, body.id, user);
      registry.items.setLocked(row.id, action === 'lock');
      logger.info(`dataset.${action}ed`, { handle: row.id, username: user.username });
      return { status: { success: true, details: `Successfully ${action}ed the item.` } };
    });
  }

  app.get('/registry/entity/dataset/locks/lock-status', async (request) => {
    const user = await callerWith(services, request, gates.read);
    const { query } = parseRequest(request, { query: idQuery });
    return { locked: fetchDatasetForUser(services.datasets, query.id, user).locked };
  });

  app.get('/registry/entity/dataset/auth/configuration', async (request) => {
    const user = await callerWith(services, request, gates.read);
    const { query } = parseRequest(request, { query: idQuery });
    const row = adminDataset(services, query.id, user);
    return {
      owner: row.ownerUsername,
      general: row.generalRoles,
      groups: {},
      users: registry.items.allGrants(row.id),
    };
  });

  app.put('/registry/entity/dataset/auth/configure', async (request) => {
    const user = await callerWith(services, request, gates.readWrite);
    const { query, body } = parseRequest(request, {
      query: idQuery,
      body: z.object({
        owner: z.string(),
        general: z.array(itemRole),
        groups: z.record(z.string(), z.array(itemRole)).default({}),
        users: z.record(z.string(), z.array(itemRole)).default({}),
      }),
    });
    const row = adminDataset(services, query.id, user);
    if (body.owner !== row.ownerUsername) throw badRequest('The owner of an item cannot be changed.');
    const grants = Object.entries(body.users).map(([username, roles]) => [username, expandItemRoles(roles)]);
    transaction(services.datasets.database, () => {
      registry.items.setGeneralRoles(row.id, expandItemRoles(body.general));
      registry.items.replaceGrants(row.id, Object.fromEntries(grants));
    });
    logger.info('dataset.access_configured', { handle: row.id, username: user.username });
    return { status: { success: true, details: 'Successfully updated the access settings.' } };
  });
};
