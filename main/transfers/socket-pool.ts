/** Keep-alive sockets shared by every HTTP client of a process or worker. */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

/** Sockets shared by every client of this process or worker. */
export interface SocketPool {
  http: HttpAgent;
  https: HttpsAgent;
  destroy(): void;
}

/** Keep-alive agents with room for every request in flight. */
export function createSocketPool(maxSockets: number): SocketPool {
  const options = {
    keepAlive: true,
    keepAliveMsecs: 15_000,
    maxSockets,
    maxFreeSockets: maxSockets,
    scheduling: 'lifo' as const,
  };
  const http = new HttpAgent(options);
  const https = new HttpsAgent(options);
  return {
    http,
    https,
    destroy() {
      http.destroy();
      https.destroy();
    },
  };
}
