/**
 * An in-test Kubernetes API server (node:http) for apps/v1 Deployments, StatefulSets, DaemonSets,
 * batch/v1 CronJobs and core/v1 Pods, following the API conventions closely enough that
 * @kubernetes/client-node and kubectl work against it unchanged: HTTPS, bearer token, discovery, GET, LIST (label and
 * field selectors), WATCH (resume, 410 Expired, BOOKMARK), POST, PUT (409 on a stale
 * resourceVersion), PATCH (JSON, merge, strategic merge), DELETE, generation bumps on spec
 * changes and `Status` errors. No controllers run: nothing rolls pods or writes status on its own;
 * a test plays the controller with `setStatus` (see controller-status.ts for the usual shapes).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { makeSelfSignedCert } from '../registry/tls.js';
import { StatusError, StatusReason } from '../../../src/api/status-error.js';
import { newDelegationState, type DelegationState } from './delegation.js';
import { ObjectStore, type KubeObject } from './object-store.js';
import { RESOURCES, type ResourceType } from './resources.js';
import { handle, type RequestRecord, type ServerState } from './server.js';

export type { RequestRecord } from './server.js';
export type { AccessReviewSpec, DelegationState } from './delegation.js';
export { type ResourceType } from './resources.js';

export interface FakeKubeApiServer {
  url: string;
  /** A kubeconfig file for this server: HTTPS with its own CA, bearer token (checked: 401 without). */
  kubeconfigPath: string;
  store: ObjectStore;
  /** Every request so far, in order. */
  requests: RequestRecord[];
  resource(kind: string): ResourceType;
  /** The next `times` requests with this method fail with this code (409 Conflict by default). */
  failNext(method: string, times?: number, code?: number): void;
  /**
   * Writes an object's status as its controller would (a MODIFIED watch event; spec, generation
   * untouched). `status` may be a function of the current object.
   */
  setStatus(
    kind: string,
    namespace: string,
    name: string,
    status: object | ((obj: KubeObject) => object),
  ): KubeObject;
  /** Compacts the event log and ends every open watch with a 410 Expired ERROR event. */
  expireWatches(): void;
  /** Ends every open watch cleanly, as a server-side watch timeout does. */
  closeWatches(): void;
  openWatches(): number;
  /** TokenReview, SubjectAccessReview and the extension-apiserver-authentication ConfigMap: set and count */
  delegation: DelegationState;
  close(): Promise<void>;
}

export interface FakeKubeApiServerOptions {
  bookmarkIntervalMs?: number;
}

export async function startKubeApiServer(opts: FakeKubeApiServerOptions = {}): Promise<FakeKubeApiServer> {
  const state: ServerState = {
    store: new ObjectStore(),
    requests: [],
    failures: [],
    watches: new Set(),
    settings: { bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 1000 },
    address: '',
    delegation: newDelegationState(),
  };
  const dir = await mkdtemp(join(tmpdir(), 'fake-kube-'));
  const tls = makeSelfSignedCert(dir, 'apiserver', 'kube-apiserver');
  const server = createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
    // Like a real API server: no valid bearer token, no access.
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return void unauthorized(state, req, res);
    void handle(state, req, res);
  });
  await listen(server);
  const port = (server.address() as AddressInfo).port;
  state.address = `127.0.0.1:${port}`;
  const url = `https://127.0.0.1:${port}`;
  const kubeconfigPath = join(dir, 'kubeconfig');
  await writeFile(kubeconfigPath, kubeconfig(url, tls.certPem), { mode: 0o600 });
  return {
    url,
    kubeconfigPath,
    store: state.store,
    requests: state.requests,
    resource: resourceOf,
    failNext(method, times = 1, code = 409) {
      for (let i = 0; i < times; i++) {
        state.failures.push({
          method,
          code,
          reason: code === 409 ? StatusReason.Conflict : StatusReason.InternalError,
          message:
            code === 409
              ? 'Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again'
              : 'injected failure',
        });
      }
    },
    setStatus(kind, namespace, name, status) {
      const r = resourceOf(kind);
      const value = typeof status === 'function' ? status(state.store.mustGet(r, namespace, name)) : status;
      return state.store.updateStatus(r, namespace, name, value);
    },
    expireWatches() {
      state.store.compact();
      for (const w of [...state.watches]) w.expire();
    },
    closeWatches() {
      for (const w of [...state.watches]) w.close();
    },
    openWatches: () => state.watches.size,
    delegation: state.delegation,
    async close() {
      for (const w of [...state.watches]) w.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function resourceOf(kind: string): ResourceType {
  const r = RESOURCES.find((x) => x.kind === kind);
  if (!r) throw new Error(`the fake API server does not serve ${kind}`);
  return r;
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
}

const TOKEN = 'fake-apiserver-token';

function unauthorized(state: ServerState, req: IncomingMessage, res: ServerResponse): void {
  state.requests.push({
    method: req.method ?? 'GET',
    path: req.url ?? '/',
    query: {},
    contentType: undefined,
    status: 401,
  });
  const body = JSON.stringify(new StatusError(401, StatusReason.Unauthorized, 'Unauthorized').toStatus());
  res.writeHead(401, { 'Content-Type': 'application/json' }).end(body);
}

function kubeconfig(url: string, caPem: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'fake',
        cluster: { server: url, 'certificate-authority-data': Buffer.from(caPem).toString('base64') },
      },
    ],
    users: [{ name: 'fake', user: { token: TOKEN } }],
    contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'fake', namespace: 'default' } }],
    'current-context': 'fake',
  });
}
