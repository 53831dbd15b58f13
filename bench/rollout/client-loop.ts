/**
 * A steady client in front of the replicas, as a round-robin load balancer would be: one request
 * every INTERVAL_MS to the next replica; on a failure it counts it and tries the other replicas,
 * and counts the request as unserved when none answered.
 */
import { connect } from 'node:net';
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

/**
 * The body of `GET /version` on 127.0.0.1:PORT when it answers 200 within timeoutMs (idle), else
 * undefined. A bare HTTP/1.0 exchange on one socket rather than fetch: the rollout scenarios poll
 * every 10 ms beside the engine they measure, and fetch cost about 2 ms of CPU a poll (a new
 * connection each time, as busybox httpd closes it), which slowed the engine it was timing.
 */
export function versionAt(port: number, timeoutMs = 1_500): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: '127.0.0.1', port });
    const done = (version: string | undefined): void => {
      socket.destroy();
      resolve(version);
    };
    socket.setTimeout(timeoutMs, () => done(undefined));
    socket.on('error', () => done(undefined));
    socket.on('connect', () => socket.write('GET /version HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n'));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => done(okBody(Buffer.concat(chunks).toString('latin1'))));
  });
}

function okBody(response: string): string | undefined {
  const head = response.indexOf('\r\n\r\n');
  if (head < 0 || !/^HTTP\/1\.[01] 200 /.test(response)) return undefined;
  return response.slice(head + 4).trim();
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
