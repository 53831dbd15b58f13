/**
 * List-then-watch for each kind and namespace scope, through client-node's informer
 * (`makeInformer`): it relists on 410 Expired and resumes after a closed watch by itself. What it
 * leaves to us is an error (server down, 5xx, 403): the informer stops, and we restart it with
 * capped backoff, from its last resourceVersion (a too-old one then ends in 410 and a relist).
 */
import { makeInformer, type Informer, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { backoffDelay } from '../../../controllers/backoff.js';
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
    for (const ns of scopes) runs.push(new InformerRun(kc, clients[kind], kind, ns, events, opts));
  }
  await Promise.all(runs.map((r) => r.start()));
  return {
    synced: () => runs.every((r) => r.listed),
    stop: async () => {
      await Promise.all(runs.map((r) => r.stop()));
    },
  };
}

class InformerRun {
  listed = false;
  private stopped = false;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly informer: Informer<KubernetesObject>;
  private readonly kind: WorkloadKind;
  private readonly namespace: string | undefined;
  private readonly opts: InformerOptions;

  constructor(
    kc: KubeConfig,
    client: KindClient,
    kind: WorkloadKind,
    namespace: string | undefined,
    events: InformerEvents,
    opts: InformerOptions,
  ) {
    this.kind = kind;
    this.namespace = namespace;
    this.opts = opts;
    const list = async () => {
      const result = await client.list(namespace);
      // The informer fills its cache right after this resolves; count the list once it has.
      setImmediate(() => {
        this.listed = true;
        this.failures = 0;
      });
      return result;
    };
    this.informer = makeInformer(kc, watchPath(kind, namespace), list);
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
    if (this.timer) clearTimeout(this.timer);
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
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.stopped) void this.informer.start();
    }, delay);
    this.timer.unref();
  }
}
