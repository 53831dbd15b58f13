/**
 * A fault-injecting HTTP proxy in front of a real (plain HTTP) registry. Faults are queued and
 * consumed by matching requests: error statuses (500, 429 with Retry-After), connection resets,
 * delays, and corrupted bodies (digest mismatch). It can also paginate tag lists with `Link`
 * headers, which distribution 2.8 does not do itself. Counts connections to show keep-alive.
 */
import {
  Agent as HttpAgent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FaultMatch {
  method?: string;
  /** tested against the path and query */
  path?: RegExp;
}

export type Fault =
  | { type: 'status'; status: number; headers?: Record<string, string>; body?: string }
  | { type: 'reset' }
  | { type: 'delay'; ms: number }
  /** answer with a redirect (as registries do for blobs in cloud storage) */
  | { type: 'redirect'; location: string; status?: number }
  | { type: 'corrupt'; stripDigestHeader?: boolean };

export interface PlannedFault {
  fault: Fault;
  /** how many matching requests it applies to (default 1; Infinity for all) */
  times?: number;
  match?: FaultMatch;
}

export interface TagPagination {
  /** page size when the client sends no `n` */
  defaultPageSize?: number;
  /** put the next link on another origin (to test the cross-origin guard) */
  nextOrigin?: string;
}

export interface ProxyRequestRecord {
  method: string;
  path: string;
  status: number;
  /** whether the request carried an Authorization header (never its value) */
  authorization: boolean;
  fault?: Fault['type'];
}

export interface FaultProxy {
  host: string;
  url: string;
  requests: ProxyRequestRecord[];
  /** TCP connections accepted so far */
  connections(): number;
  inject(plan: PlannedFault): void;
  clear(): void;
  paginateTags(p: TagPagination | undefined): void;
  stop(): Promise<void>;
}

interface Pending {
  fault: Fault;
  left: number;
  match: FaultMatch | undefined;
}

function matches(m: FaultMatch | undefined, req: IncomingMessage): boolean {
  if (!m) return true;
  if (m.method && m.method !== req.method) return false;
  return !m.path || m.path.test(req.url ?? '');
}

export async function startFaultProxy(target: string, plan: PlannedFault[] = []): Promise<FaultProxy> {
  const upstream = new URL(target);
  const upstreamAgent = new HttpAgent({ keepAlive: true });
  const queue: Pending[] = [];
  const requests: ProxyRequestRecord[] = [];
  let pagination: TagPagination | undefined;
  let connections = 0;
  const sockets = new Set<Socket>();

  const inject = (p: PlannedFault): void => {
    queue.push({ fault: p.fault, left: p.times ?? 1, match: p.match });
  };
  plan.forEach(inject);

  const take = (req: IncomingMessage): Fault | undefined => {
    const i = queue.findIndex((p) => p.left > 0 && matches(p.match, req));
    const p = queue[i];
    if (!p) return undefined;
    p.left--;
    if (p.left <= 0) queue.splice(i, 1);
    return p.fault;
  };

  const forward = (
    req: IncomingMessage,
    path: string,
    onResponse: (status: number, headers: IncomingMessage['headers'], body: Buffer) => void,
    onError: (err: Error) => void,
  ): void => {
    const up = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path,
        headers: req.headers,
        agent: upstreamAgent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => onResponse(res.statusCode ?? 502, res.headers, Buffer.concat(chunks)));
        res.on('error', onError);
      },
    );
    up.on('error', onError);
    req.pipe(up);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = req.url ?? '/';
    const fault = take(req);
    const record = (status: number): void => {
      const r: ProxyRequestRecord = {
        method: req.method ?? '',
        path,
        status,
        authorization: req.headers.authorization !== undefined,
      };
      if (fault) r.fault = fault.type;
      requests.push(r);
    };
    if (fault?.type === 'reset') {
      record(0);
      req.socket.resetAndDestroy();
      return;
    }
    if (fault?.type === 'status') {
      record(fault.status);
      res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
      res.end(fault.body ?? JSON.stringify({ errors: [{ code: 'UNAVAILABLE', message: 'injected fault' }] }));
      return;
    }
    if (fault?.type === 'redirect') {
      record(fault.status ?? 307);
      res.writeHead(fault.status ?? 307, { location: fault.location, 'content-length': '0' });
      res.end();
      return;
    }
    if (fault?.type === 'delay') await new Promise((r) => setTimeout(r, fault.ms));
    const tags = pagination && req.method === 'GET' ? /^\/v2\/(.+)\/tags\/list(\?.*)?$/.exec(path) : null;
    const upstreamPath = tags ? `/v2/${tags[1]}/tags/list` : path;
    forward(
      req,
      upstreamPath,
      (status, headers, body) => {
        let out = body;
        const h = { ...headers };
        if (tags && status === 200 && pagination) {
          const page = paginate(body, path, pagination, `http://${req.headers.host}`);
          out = page.body;
          if (page.link) h.link = page.link;
        }
        if (fault?.type === 'corrupt' && out.length > 0) {
          out = Buffer.from(out);
          const i = out.length - 2 >= 0 ? out.length - 2 : 0;
          out[i] = (out[i] ?? 0) ^ 0x20;
          if (fault.stripDigestHeader) delete h['docker-content-digest'];
        }
        h['content-length'] = String(out.length);
        delete h['transfer-encoding'];
        record(status);
        res.writeHead(status, h);
        res.end(req.method === 'HEAD' ? undefined : out);
      },
      () => {
        record(502);
        if (!res.headersSent) res.writeHead(502);
        res.end();
      },
    );
  };

  const server: Server = createServer((req, res) => void handle(req, res));
  server.on('connection', (s: Socket) => {
    connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}`,
    requests,
    connections: () => connections,
    inject,
    clear: () => queue.splice(0, queue.length),
    paginateTags: (p) => {
      pagination = p;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        upstreamAgent.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Serves one page of the full list as `n` and `last` ask, with a `Link` to the next. */
function paginate(
  body: Buffer,
  path: string,
  p: TagPagination,
  origin: string,
): { body: Buffer; link: string | undefined } {
  const full = JSON.parse(body.toString('utf8')) as { name: string; tags: string[] | null };
  const all = [...(full.tags ?? [])].sort();
  const url = new URL(path, origin);
  const n = Number(url.searchParams.get('n') ?? p.defaultPageSize ?? 100);
  const last = url.searchParams.get('last');
  const start = last === null ? 0 : all.findIndex((t) => t > last);
  const page = start < 0 ? [] : all.slice(start, start + n);
  const more = start >= 0 && start + n < all.length;
  const lastTag = page[page.length - 1];
  const next = `${url.pathname}?n=${n}&last=${encodeURIComponent(lastTag ?? '')}`;
  const link = more ? `<${p.nextOrigin ? p.nextOrigin + next : next}>; rel="next"` : undefined;
  return { body: Buffer.from(JSON.stringify({ name: full.name, tags: page })), link };
}
