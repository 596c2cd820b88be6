/** The job API routes of §6 and the search API route, served on the same origin as the data store API. */
import { z } from 'zod';
import { ListByBatchRequest, ListJobsRequest, SearchSubtypeFilter } from '../../shared/provena/index.ts';
import { gates } from '../auth/authenticator.ts';
import { badRequest, notAuthorised } from '../http/errors.ts';
import { parseRequest, queryInteger } from '../http/parse.ts';
import { searchRegistry } from '../registry/search.ts';
import { callerWith, type RouteModule } from './route-kit.ts';

/** Registers the job and search routes. */
export const jobAndSearchRoutes: RouteModule = (app, services) => {
  const { jobs, database } = services.datasets;

  app.get('/jobs/user/fetch', async (request) => {
    const user = await callerWith(services, request, gates.anyUser);
    const { query } = parseRequest(request, { query: z.object({ session_id: z.string() }) });
    const job = jobs.get(query.session_id);
    if (!job) throw badRequest('Item was not found.');
    if (job.username !== user.username) throw notAuthorised('You do not have permission to view this job.');
    return { job };
  });

  app.post('/jobs/user/list', async (request) => {
    const user = await callerWith(services, request, gates.anyUser);
    const { body } = parseRequest(request, { body: ListJobsRequest });
    try {
      const page = jobs.listForUser(user.username, Math.max(1, body.limit), body.pagination_key);
      return { jobs: page.jobs, pagination_key: page.key };
    } catch (error) {
      if (error instanceof TypeError) throw badRequest('The pagination_key was not issued by this job list.');
      throw error;
    }
  });

  app.post('/jobs/user/list_batch', async (request) => {
    const user = await callerWith(services, request, gates.anyUser);
    const { body } = parseRequest(request, { body: ListByBatchRequest });
    let page;
    try {
      page = jobs.listBatch(body.batch_id, Math.max(1, body.limit), body.pagination_key);
    } catch (error) {
      if (error instanceof TypeError) throw badRequest('The pagination_key was not issued by this job list.');
      throw error;
    }
    if (page.jobs.some((job) => job.username !== user.username)) {
      throw notAuthorised('The batch contains jobs which you do not own. You cannot list this batch.');
    }
    return { jobs: page.jobs, pagination_key: page.key };
  });

  app.get('/search/entity-registry', async (request) => {
    await callerWith(services, request, gates.read);
    const { query } = parseRequest(request, {
      query: z.object({
        query: z.string(),
        subtype_filter: SearchSubtypeFilter.optional(),
        record_limit: queryInteger().optional(),
      }),
    });
    const limit = Math.min(Math.max(query.record_limit ?? 10, 0), 50);
    const results = searchRegistry(database, query.query, query.subtype_filter ?? null, limit);
    return { status: { success: true, details: 'Search completed successfully.' }, results, warnings: [] };
  });
};
