/** What start-build, cancel-build and logs share: build paths, waiting for a phase, streaming a log. */
import type { KubeObject } from '../api/object.js';
import type { Session } from './connection.js';
import { RESOURCES } from './resources.js';

const TERMINAL = ['Complete', 'Failed', 'Error', 'Cancelled'];

export function buildsPath(namespace: string): string {
  return `/apis/build.openshift.io/v1/namespaces/${encodeURIComponent(namespace)}`;
}

export function phaseOf(build: KubeObject): string {
  return ((build.status as { phase?: string } | undefined)?.phase ?? 'New') as string;
}

/** polls the build until its phase is final (bounded by timeoutMs) */
export async function waitForBuild(s: Session, name: string, timeoutMs = 3_600_000): Promise<KubeObject> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const b = await s.client.get(RESOURCES.builds, name, s.namespace);
    if (TERMINAL.includes(phaseOf(b)) || Date.now() > deadline) return b;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * writes the build's log to stdout; with follow, until the build has finished; `options`: more
 * BuildLogOptions query parameters (tailLines, sinceSeconds, …)
 */
export async function streamLog(
  s: Session,
  name: string,
  follow: boolean,
  options: Record<string, string> = {},
): Promise<void> {
  const abort = new AbortController();
  const path = `${buildsPath(s.namespace)}/builds/${encodeURIComponent(name)}/log`;
  const query = { ...options, ...(follow ? { follow: 'true' } : {}) };
  const body = await s.client.stream('GET', path, abort.signal, { query });
  for await (const chunk of body) process.stdout.write(chunk as Buffer);
}
