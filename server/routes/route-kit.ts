/** What every route module receives, and the one helper they share: authenticate, then check the gate. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireRoles, type AuthenticatedUser, type Authenticator } from '../auth/authenticator.ts';
import type { DatasetContext } from '../datasets/context.ts';

/** Services the routes use. */
export interface RouteServices {
  auth: Authenticator;
  datasets: DatasetContext;
}

/** A function that adds routes to the app. */
export type RouteModule = (app: FastifyInstance, services: RouteServices) => void;

/** The caller, checked against a realm-role gate (401 before any body or query validation, as in Provena). */
export async function callerWith(
  services: RouteServices,
  request: FastifyRequest,
  gate: readonly string[],
): Promise<AuthenticatedUser> {
  const user = await services.auth.authenticate(request.headers.authorization);
  requireRoles(user, gate);
  return user;
}

/** The JSON text `null` (reviewer add/delete answer with a null body). */
export const jsonNull = 'null';
