/**
 * The Fastify app: every body read as raw text (routes parse it after authentication, as FastAPI does),
 * FastAPI's error shapes, and the route modules.
 */
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { Logger } from '../main/core/index.ts';
import { HttpError, RequestValidationError } from './http/errors.ts';
import { dataStoreRoutes } from './routes/data-store.ts';
import { jobAndSearchRoutes } from './routes/jobs-and-search.ts';
import { registryRoutes } from './routes/registry.ts';
import { releaseRoutes } from './routes/release.ts';
import type { RouteServices } from './routes/route-kit.ts';

/** Builds the app (not yet listening). */
export function buildApp(
  services: RouteServices,
  options: { bodyLimit: number; logger: Logger },
): FastifyInstance {
  const { logger } = options;
  const app = Fastify({ logger: false, bodyLimit: options.bodyLimit, return503OnClosing: true });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  const methodsByPath = new Map<string, Set<string>>();
  app.addHook('onRoute', (route) => {
    const methods = methodsByPath.get(route.url) ?? new Set<string>();
    for (const method of [route.method].flat()) methods.add(method);
    methodsByPath.set(route.url, methods);
  });

  app.addHook('onResponse', async (request, reply) => {
    logger.info('http.request', {
      method: request.method,
      path: request.routeOptions.url ?? request.url.split('?')[0],
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    });
  });

  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (methodsByPath.has(path)) return reply.code(405).send({ detail: 'Method Not Allowed' });
    return reply.code(404).send({ detail: 'Not Found' });
  });

  app.setErrorHandler(async (error: FastifyError | Error, _request, reply) => {
    if (error instanceof HttpError)
      return reply.code(error.status).headers(error.headers).send({ detail: error.detail });
    if (error instanceof RequestValidationError) return reply.code(422).send({ detail: error.errors });
    const status = (error as FastifyError).statusCode;
    if (status && status >= 400 && status < 500) return reply.code(status).send({ detail: error.message });
    logger.error('http.unhandled_error', { error, stack: error.stack?.split('\n').slice(0, 6).join(' | ') });
    return reply.code(500).type('text/plain; charset=utf-8').send('Internal Server Error');
  });

  dataStoreRoutes(app, services);
  releaseRoutes(app, services);
  jobAndSearchRoutes(app, services);
  registryRoutes(app, services);
  return app;
}
