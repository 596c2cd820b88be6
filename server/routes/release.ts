/** The release routes of §3 under `/release`. */
import { z } from 'zod';
import { ActionApprovalRequest, ReleaseApprovalRequest } from '../../shared/provena/index.ts';
import { gates } from '../auth/authenticator.ts';
import { actionApproval, requestApproval } from '../datasets/release.ts';
import { parseRequest } from '../http/parse.ts';
import { callerWith, jsonNull, type RouteModule } from './route-kit.ts';

const reviewerQuery = z.object({ reviewer_id: z.string() });

/** Registers the release routes. */
export const releaseRoutes: RouteModule = (app, services) => {
  const context = services.datasets;

  app.get('/release/sys-reviewers/list', async (request) => {
    await callerWith(services, request, gates.readWrite);
    return context.registry.reviewers();
  });

  app.post('/release/sys-reviewers/add', async (request, reply) => {
    await callerWith(services, request, gates.sysAdminReadWrite);
    const { query } = parseRequest(request, { query: reviewerQuery });
    context.registry.addReviewer(query.reviewer_id);
    context.logger.info('release.reviewer_added', { reviewer: query.reviewer_id });
    return reply.type('application/json').send(jsonNull);
  });

  app.delete('/release/sys-reviewers/delete', async (request, reply) => {
    await callerWith(services, request, gates.sysAdminAdmin);
    const { query } = parseRequest(request, { query: reviewerQuery });
    context.registry.removeReviewer(query.reviewer_id);
    context.logger.info('release.reviewer_removed', { reviewer: query.reviewer_id });
    return reply.type('application/json').send(jsonNull);
  });

  app.post('/release/approval-request', async (request) => {
    const user = await callerWith(services, request, gates.readWrite);
    const { body } = parseRequest(request, { body: ReleaseApprovalRequest });
    return requestApproval(context, body, user);
  });

  app.put('/release/action-approval-request', async (request) => {
    const user = await callerWith(services, request, gates.readWrite);
    const { body } = parseRequest(request, { body: ActionApprovalRequest });
    return actionApproval(context, body, user);
  });
};
