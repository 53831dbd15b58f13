/**
 * Runs a controller only while this process leads: started on becoming leader, stopped on
 * stepping down, with start and stop serialised so a flapping lease never runs two at once.
 * Controllers derive their work from the store, so a new leader picks up where the old one was.
 */
import { logger } from '../observability/logger.js';
import type { LeaderElector } from './leader-election.js';

const log = logger('leader');

export interface Stoppable {
  stop(): Promise<void>;
}

export interface LeaderGated<T extends Stoppable> {
  /** the running controller, while leading */
  current(): T | undefined;
  /** resolves once the last leadership change has been acted on */
  settled(): Promise<void>;
  /** stops following the leadership and stops the controller */
  stop(): Promise<void>;
}

export function whileLeader<T extends Stoppable>(
  leader: LeaderElector,
  /** may be async (a controller that lists before it runs); a stop meanwhile waits for it */
  start: () => T | Promise<T>,
  name: string,
): LeaderGated<T> {
  let current: T | undefined;
  let chain: Promise<void> = Promise.resolve();
  const follow = (isLeader: boolean): void => {
    chain = chain
      .then(async () => {
        if (isLeader && !current) current = await start();
        else if (!isLeader && current) {
          const stopping = current;
          current = undefined;
          await stopping.stop();
        }
      })
      .catch((err: unknown) =>
        log.error({ err, controller: name }, 'controller did not follow the leadership change'),
      );
  };
  const off = leader.onChange(follow);
  if (leader.isLeader()) follow(true);
  return {
    current: () => current,
    settled: () => chain,
    async stop() {
      off();
      follow(false);
      await chain;
    },
  };
}
