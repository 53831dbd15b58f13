/**
 * Watches the copies of named containers on a Docker engine for the whole of a test, two ways:
 * Docker's own container events (every start and die, so even a short overlap is seen) and a
 * periodic `docker ps -a` sample (what a user would see). A container counts as a copy of
 * NAME when it is named NAME or carries `imagestreams.io/original-name=NAME` (a replacement
 * under its temporary name).
 */
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';

const ORIGINAL_NAME = 'imagestreams.io/original-name';

export interface CensusReport {
  samples: number;
  /** container start/die/destroy events seen for the watched names */
  events: number;
  /** per original name: the most copies running at one moment (events and samples) */
  maxRunning: Record<string, number>;
  /** per original name: the most copies existing (any state) in one sample */
  maxExisting: Record<string, number>;
  /** human-readable moments where more than one copy ran */
  overlaps: string[];
}

export interface ContainerCensus {
  /** what was seen so far; the census keeps running */
  snapshot(): CensusReport;
  stop(): Promise<CensusReport>;
}

interface DockerEvent {
  Type?: string;
  Action?: string;
  status?: string;
  id?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

function keyOf(name: string, labels: Record<string, string> | undefined): string {
  return labels?.[ORIGINAL_NAME] ?? name;
}

export async function startContainerCensus(
  docker: Docker,
  names: readonly string[],
  intervalMs = 50,
): Promise<ContainerCensus> {
  const report: CensusReport = { samples: 0, events: 0, maxRunning: {}, maxExisting: {}, overlaps: [] };
  for (const n of names) {
    report.maxRunning[n] = 0;
    report.maxExisting[n] = 0;
  }
  const running = new Map<string, Set<string>>(names.map((n) => [n, new Set<string>()]));
  const note = (key: string, count: number, how: string, ids: Iterable<string>) => {
    if (!(key in report.maxRunning)) return;
    report.maxRunning[key] = Math.max(report.maxRunning[key] ?? 0, count);
    if (count > 1)
      report.overlaps.push(
        `${new Date().toISOString()} ${how}: ${count} copies of ${key} running: ${[...ids].join(', ')}`,
      );
  };

  // seeded from the current state, then kept up to date by events
  for (const c of await docker.listContainers({ all: false })) {
    const key = keyOf((c.Names[0] ?? '').replace(/^\//, ''), c.Labels);
    running.get(key)?.add(c.Id);
  }
  const events = (await docker.getEvents({ filters: { type: ['container'] } })) as Readable;
  let buffered = '';
  events.setEncoding('utf8');
  events.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) onEvent(JSON.parse(line) as DockerEvent);
  });
  events.on('error', () => undefined);
  function onEvent(e: DockerEvent): void {
    const action = e.Action ?? e.status;
    const id = e.Actor?.ID ?? e.id ?? '';
    const attrs = e.Actor?.Attributes ?? {};
    const key = keyOf(attrs.name ?? '', attrs);
    const set = running.get(key);
    if (!set) return;
    if (action === 'start') set.add(id);
    else if (action === 'die' || action === 'destroy') set.delete(id);
    else return;
    report.events++;
    note(
      key,
      set.size,
      `event ${action} ${id.slice(0, 12)}`,
      [...set].map((i) => i.slice(0, 12)),
    );
  }

  let active = true;
  const sampling = (async () => {
    while (active) {
      const list = await docker.listContainers({ all: true }).catch(() => []);
      const existing = new Map<string, string[]>();
      const live = new Map<string, string[]>();
      for (const c of list) {
        const name = (c.Names[0] ?? '').replace(/^\//, '');
        const key = keyOf(name, c.Labels);
        existing.set(key, [...(existing.get(key) ?? []), name]);
        if (c.State === 'running') live.set(key, [...(live.get(key) ?? []), `${name}(${c.Id.slice(0, 12)})`]);
      }
      for (const n of names) {
        report.maxExisting[n] = Math.max(report.maxExisting[n] ?? 0, existing.get(n)?.length ?? 0);
        note(n, live.get(n)?.length ?? 0, 'sample', live.get(n) ?? []);
      }
      report.samples++;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();

  return {
    snapshot: () => structuredClone(report),
    async stop() {
      active = false;
      await sampling;
      events.destroy();
      return report;
    },
  };
}
