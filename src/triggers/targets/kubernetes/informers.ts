/**
 * List-then-watch for each kind and namespace scope, through client-node's informer
 * (`makeInformer`): it relists on 410 Expired and resumes after a closed watch by itself. What it
 * leaves to us is an error (server down, 5xx, 403): the informer stops, and we restart it with
 * capped backoff on the controllers' one clock, from its last resourceVersion (a too-old one then
 * ends in 410 and a relist).
 */
import {
  makeInformer,
  type Informer,
  type KubeConfig,
  type KubernetesObject,
  type ListPromise,
} from '@kubernetes/client-node';
import { backoffDelay } from '../../../controllers/backoff.js';
import { systemClock, type Clock } from '../../../controllers/clock.js';
import { logger } from '../../../observability/logger.js';
import type { KindClient } from './client.js';
import { KINDS, type WorkloadKind } from './kinds.js';

const log = logger('triggers.kubernetes');

export interface InformerEvents {
  upsert(kind: WorkloadKind, obj: unknown): void;
  remove(kind: WorkloadKind, obj: unknown): void;
}

export interface InformerSet {
  /** Every informer has finished its first list. */
  synced(): boolean;
  stop(): Promise<void>;
}

export interface InformerOptions {
  kinds: readonly WorkloadKind[];
  /** `undefined`: one informer per kind over all namespaces. */
  namespaces: readonly string[] | undefined;
  restartDelayMs: number;
  maxRestartDelayMs: number;
  /** the restarts' timers (default: the system clock) */
  clock?: Clock;
  /** client-node's informer for a watch path (default makeInformer over the kubeconfig); tests pass a fake */
  makeInformer?: (path: string, list: ListPromise<KubernetesObject>) => Informer<KubernetesObject>;
}

export function watchPath(kind: WorkloadKind, namespace: string | undefined): string {
  const info = KINDS[kind];
  const base = info.apiVersion.includes('/') ? `/apis/${info.apiVersion}` : `/api/${info.apiVersion}`;
  return namespace === undefined
    ? `${base}/${info.plural}`
    : `${base}/namespaces/${namespace}/${info.plural}`;
}

export async function startInformers(
  kc: KubeConfig,
  clients: Record<WorkloadKind, KindClient>,
  events: InformerEvents,
  opts: InformerOptions,
): Promise<InformerSet> {
  const scopes = opts.namespaces ?? [undefined];
  const runs: InformerRun[] = [];
  for (const kind of opts.kinds) {
    for (const ns of scopes)
      runs.push(new InformerRun(kc, clients[kind], { kind, namespace: ns }, events, opts));
  }
  await Promise.all(runs.map((r) => r.start()));
  return {
    synced: () => runs.every((r) => r.listed),
    stop: async () => {
      await Promise.all(runs.map((r) => r.stop()));
    },
  };
}

/** One kind in one namespace scope (`undefined`: all namespaces). */
export interface WatchScope {
  kind: WorkloadKind;
  namespace: string | undefined;
}

/** One informer, restarted after an error with capped backoff on the clock; exported for its unit test. */
export class InformerRun {
  listed = false;
  private stopped = false;
  private failures = 0;
  private cancelRestart: (() => void) | undefined;
  private readonly informer: Informer<KubernetesObject>;
  private readonly kind: WorkloadKind;
  private readonly namespace: string | undefined;
  private readonly opts: InformerOptions;
  private readonly clock: Clock;

  constructor(
    kc: KubeConfig,
    client: Pick<KindClient, 'list'>,
    scope: WatchScope,
    events: InformerEvents,
    opts: InformerOptions,
  ) {
    const { kind, namespace } = scope;
    this.kind = kind;
    this.namespace = namespace;
    this.opts = opts;
    this.clock = opts.clock ?? systemClock;
    const list = async () => {
      const result = await client.list(namespace);
      // The informer fills its cache right after this resolves; count the list once it has.
      setImmediate(() => {
        this.listed = true;
        this.failures = 0;
      });
      return result;
    };
    const make = opts.makeInformer ?? ((path, listFn) => makeInformer(kc, path, listFn));
    this.informer = make(watchPath(kind, namespace), list);
    this.informer.on('add', (o) => events.upsert(kind, o));
    this.informer.on('update', (o) => events.upsert(kind, o));
    this.informer.on('delete', (o) => events.remove(kind, o));
    this.informer.on('error', (err) => this.restartLater(err));
  }

  async start(): Promise<void> {
    await this.informer.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelRestart?.();
    this.cancelRestart = undefined;
    await this.informer.stop();
  }

  private restartLater(err: unknown): void {
    if (this.stopped) return;
    this.failures++;
    const delay = backoffDelay(this.failures, {
      baseMs: this.opts.restartDelayMs,
      maxMs: this.opts.maxRestartDelayMs,
    });
    log.warn(
      { kind: this.kind, namespace: this.namespace ?? '*', delayMs: delay, err },
      'watch failed, restarting',
    );
    this.cancelRestart?.();
    // the system clock's timers do not keep the process alive
    this.cancelRestart = this.clock.schedule(() => {
      this.cancelRestart = undefined;
      if (!this.stopped) void this.informer.start();
    }, delay);
  }
}
