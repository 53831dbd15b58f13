/**
 * Docker's container events (create, start, destroy, rename) as a wake-up for re-discovery, so a
 * new follower is seen in about a second rather than at the next periodic resync. Bursts are
 * coalesced; a broken event stream is reopened after a delay. Only a wake-up: the periodic resync
 * covers anything missed.
 */
import type Docker from 'dockerode';
import type { Clock } from '../../controllers/clock.js';
import { logger } from '../../observability/logger.js';

const log = logger('triggers.controller');

export interface DockerEventsOptions {
  docker: Docker;
  clock: Clock;
  onChange(): void;
  /** Quiet time before onChange after a burst (default 500 ms). */
  coalesceMs?: number;
  reopenDelayMs?: number;
}

/** dockerode types the event stream as NodeJS.ReadableStream; the one it returns (a response) can be destroyed. */
const isDestroyable = (s: NodeJS.ReadableStream): s is NodeJS.ReadableStream & { destroy(): void } =>
  'destroy' in s && typeof s.destroy === 'function';

const destroy = (s: NodeJS.ReadableStream | undefined): void => {
  if (s && isDestroyable(s)) s.destroy();
};

export function watchDockerEvents(options: DockerEventsOptions): { stop(): void } {
  let stopped = false;
  let stream: NodeJS.ReadableStream | undefined;
  let pending: (() => void) | undefined;
  let reopen: (() => void) | undefined;

  const wake = () => {
    if (pending || stopped) return;
    pending = options.clock.schedule(() => {
      pending = undefined;
      if (!stopped) options.onChange();
    }, options.coalesceMs ?? 500);
  };

  const scheduleReopen = () => {
    if (stopped || reopen) return;
    reopen = options.clock.schedule(() => {
      reopen = undefined;
      void open();
    }, options.reopenDelayMs ?? 5_000);
  };

  const open = async () => {
    try {
      const s = await options.docker.getEvents({
        filters: { type: ['container'], event: ['create', 'start', 'destroy', 'rename', 'die'] },
      });
      if (stopped) return destroy(s);
      stream = s;
      s.on('data', wake);
      s.on('error', (err) => {
        log.debug({ err }, 'docker event stream failed');
      });
      s.on('close', scheduleReopen);
      s.on('end', scheduleReopen);
    } catch (err) {
      log.debug({ err }, 'could not open docker events');
      scheduleReopen();
    }
  };
  void open();
  return {
    stop() {
      stopped = true;
      pending?.();
      reopen?.();
      destroy(stream);
    },
  };
}
