/**
 * A steady client in front of the replicas, as a round-robin load balancer would be: one request
 * every INTERVAL_MS to the next replica; on a failure it counts it and tries the other replicas,
 * and counts the request as unserved when none answered.
 */
import { sleep } from '../support/measure.js';

const INTERVAL_MS = 20;

export interface LoopCounts {
  requests: number;
  /** requests whose first replica did not answer 200 */
  failedFirstTry: number;
  /** requests no replica answered */
  unserved: number;
}

export interface ClientLoop {
  counts(): LoopCounts;
  stop(): Promise<void>;
}

export async function versionAt(port: number, timeoutMs = 1_500): Promise<string | undefined> {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/version`, { signal: AbortSignal.timeout(timeoutMs) });
    const text = (await r.text()).trim();
    return r.ok ? text : undefined;
  } catch {
    return undefined;
  }
}

export function startClientLoop(ports: readonly number[]): ClientLoop {
  const counts: LoopCounts = { requests: 0, failedFirstTry: 0, unserved: 0 };
  let running = true;
  let next = 0;
  const loop = (async () => {
    while (running) {
      const first = next++ % ports.length;
      counts.requests++;
      if ((await versionAt(ports[first] ?? 0)) === undefined) {
        counts.failedFirstTry++;
        let served = false;
        for (let k = 1; k < ports.length && !served; k++)
          served = (await versionAt(ports[(first + k) % ports.length] ?? 0)) !== undefined;
        if (!served) counts.unserved++;
      }
      await sleep(INTERVAL_MS);
    }
  })();
  return {
    counts: () => ({ ...counts }),
    async stop() {
      running = false;
      await loop;
    },
  };
}
