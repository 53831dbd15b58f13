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

interface Closable {
  on(event: string, fn: (...args: unknown[]) => void): unknown;
  destroy?(): void;
}

export function watchDockerEvents(options: DockerEventsOptions): { stop(): void } {
  let stopped = false;
  let stream: Closable | undefined;
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
      const s = (await options.docker.getEvents({
        filters: { type: ['container'], event: ['create', 'start', 'destroy', 'rename', 'die'] },
      })) as unknown as Closable;
      if (stopped) return s.destroy?.();
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
      stream?.destroy?.();
    },
  };
}
