/**
 * The web host's endpoint for browser uploads: `PUT /transfers/upload?job=<id>&path=<relative path>` with the
 * file's bytes as the body. The host checks the per-run token before this runs; the engine checks the rest.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, toBridgeError } from '../core/index.ts';
import type { HostRoute } from '../web/index.ts';
import type { TransferEngine } from './engine.ts';

/** Where the renderer sends browser upload bytes. */
export const browserUploadPath = '/transfers/upload';

const statusFor: Record<string, number> = {
  invalid: 400,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  cancelled: 499,
};

/** The route, bound to an engine. */
export function browserUploadRoute(engine: () => TransferEngine): HostRoute {
  return {
    method: 'PUT',
    path: browserUploadPath,
    async handle(request: IncomingMessage, response: ServerResponse, url: URL) {
      try {
        const jobId = url.searchParams.get('job');
        const relativePath = url.searchParams.get('path');
        if (!jobId || !relativePath || jobId.length > 200 || relativePath.length > 4096) {
          throw new AppError('invalid', 'An upload needs ?job=<id>&path=<relative path>.');
        }
        await engine().receiveBrowserFile(jobId, relativePath, request);
        response.writeHead(204).end();
      } catch (error) {
        const bridgeError = toBridgeError(error);
        request.resume();
        if (!response.headersSent) {
          response.writeHead(statusFor[bridgeError.code] ?? 500, { 'content-type': 'application/json' });
        }
        response.end(JSON.stringify({ error: bridgeError }));
      }
    },
  };
}
