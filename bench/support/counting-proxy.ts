/**
 * A counting HTTP proxy in front of a plain-HTTP registry: what the importer and skopeo send,
 * measured at the same place (requests by kind, response body bytes, TCP connections).
 */
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const RequestClass = {
  Ping: 'ping',
  ManifestHead: 'manifestHead',
  ManifestGet: 'manifestGet',
  BlobGet: 'blobGet',
  Tags: 'tags',
  Other: 'other',
} as const;
export type RequestClass = (typeof RequestClass)[keyof typeof RequestClass];

export interface ProxyCounts {
  requests: number;
  byClass: Record<RequestClass, number>;
  /** response body bytes sent to the client */
  bodyBytes: number;
  connections: number;
}

export interface CountingProxy {
  /** 127.0.0.1:PORT, for image references */
  host: string;
  counts(): ProxyCounts;
  stop(): Promise<void>;
}

function classify(method: string, url: string): RequestClass {
  const path = url.split('?')[0] ?? '';
  if (path === '/v2/' || path === '/v2') return RequestClass.Ping;
  if (path.includes('/manifests/'))
    return method === 'HEAD' ? RequestClass.ManifestHead : RequestClass.ManifestGet;
  if (path.includes('/blobs/') && method === 'GET') return RequestClass.BlobGet;
  if (path.endsWith('/tags/list')) return RequestClass.Tags;
  return RequestClass.Other;
}

function emptyCounts(): ProxyCounts {
  return {
    requests: 0,
    byClass: { ping: 0, manifestHead: 0, manifestGet: 0, blobGet: 0, tags: 0, other: 0 },
    bodyBytes: 0,
    connections: 0,
  };
}

export function diffCounts(before: ProxyCounts, after: ProxyCounts): ProxyCounts {
  const byClass = { ...after.byClass };
  for (const k of Object.keys(byClass) as RequestClass[]) byClass[k] -= before.byClass[k];
  return {
    requests: after.requests - before.requests,
    byClass,
    bodyBytes: after.bodyBytes - before.bodyBytes,
    connections: after.connections - before.connections,
  };
}

export async function startCountingProxy(upstreamUrl: string): Promise<CountingProxy> {
  const upstream = new URL(upstreamUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const counts = emptyCounts();
  const forward = (req: IncomingMessage, res: ServerResponse): void => {
    const method = req.method ?? 'GET';
    counts.requests++;
    counts.byClass[classify(method, req.url ?? '/')]++;
    const out = request(
      { host: upstream.hostname, port: upstream.port, method, path: req.url, headers: req.headers, agent },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.on('data', (chunk: Buffer) => (counts.bodyBytes += chunk.length));
        up.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  };
  const server = createServer(forward);
  server.on('connection', () => counts.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    host: `127.0.0.1:${port}`,
    counts: () => structuredClone(counts),
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
