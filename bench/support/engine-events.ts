/**
 * The Docker engine's own record of when things happened (`GET /events`, nanosecond times on the
 * engine's clock, which is this machine's): when a build tagged its image, a push finished, a
 * container started. The benchmarks read the steps the server drives on the engine from here,
 * not from polling.
 */
import type Docker from 'dockerode';

export interface EngineEvent {
  /** epoch ms */
  at: number;
  type: string;
  action: string;
  /** an image's name (`repo:tag`) or a container's id */
  id: string;
  attributes: Record<string, string>;
}

interface RawEvent {
  Type?: string;
  Action?: string;
  status?: string;
  id?: string;
  timeNano?: number;
  time?: number;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

export interface EngineEvents {
  /** the events seen since `since` (epoch ms) that match */
  find(since: number, match: (e: EngineEvent) => boolean): EngineEvent | undefined;
  stop(): void;
}

export function toEngineEvent(raw: RawEvent): EngineEvent {
  const at = raw.timeNano !== undefined ? raw.timeNano / 1e6 : (raw.time ?? 0) * 1000;
  return {
    at,
    type: raw.Type ?? '',
    action: raw.Action ?? raw.status ?? '',
    id: raw.Actor?.ID ?? raw.id ?? '',
    attributes: raw.Actor?.Attributes ?? {},
  };
}

/** Records image and container events from now on, until stop(). */
export async function recordEngineEvents(docker: Docker): Promise<EngineEvents> {
  const events: EngineEvent[] = [];
  const stream = (await docker.getEvents({
    filters: { type: ['image', 'container'] },
  })) as NodeJS.ReadableStream & { destroy(): void };
  let rest = '';
  stream.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString()).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) events.push(toEngineEvent(JSON.parse(line) as RawEvent));
  });
  stream.on('error', () => undefined);
  return {
    find: (since, match) => events.find((e) => e.at >= since && match(e)),
    stop: () => stream.destroy(),
  };
}
