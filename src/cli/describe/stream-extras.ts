/**
 * What `isctl describe is` reads besides the stream: its events, the rollouts and trigger
 * warnings of triggers following its tags, and the registry budget from /metrics. Each part is
 * optional: a server without the trigger controller (404), a user without access (403) or an
 * unreachable /metrics leaves that section out instead of failing the describe, as kubectl does
 * for events.
 */
import { ClientStatusError } from '../api-client.js';
import type { Session } from '../connection.js';
import { RESOURCES } from '../resources.js';
import { parseBudgetMetrics, type BudgetFigures } from './budget-metrics.js';
import { eventViewSchema, type EventView } from './events-section.js';
import {
  rolloutViewSchema,
  triggerStateViewSchema,
  type RolloutView,
  type TriggerStateView,
} from './rollouts-section.js';

/** undefined when the server answered with an error status (section left out). */
async function optional<T>(load: () => Promise<T>): Promise<T | undefined> {
  try {
    return await load();
  } catch (err) {
    if (err instanceof ClientStatusError) return undefined;
    throw err;
  }
}

export async function streamEvents(s: Session, name: string): Promise<EventView[] | undefined> {
  return optional(async () => {
    const body = (await s.client.request(
      'GET',
      `/api/v1/namespaces/${encodeURIComponent(s.namespace)}/events`,
      {
        query: { fieldSelector: `involvedObject.kind=ImageStream,involvedObject.name=${name}` },
      },
    )) as { items?: unknown[] } | undefined;
    return (body?.items ?? []).flatMap((i) => {
      const r = eventViewSchema.safeParse(i);
      return r.success ? [r.data] : [];
    });
  });
}

export interface TriggerObjects {
  rollouts: RolloutView[];
  states: TriggerStateView[];
}

/** Rollouts and TriggerStates of the namespace; undefined without the trigger controller. */
export async function triggerObjects(s: Session): Promise<TriggerObjects | undefined> {
  return optional(async () => {
    const [rollouts, states] = await Promise.all([
      s.client.list(RESOURCES.rollouts, { namespace: s.namespace }),
      s.client.list(RESOURCES.triggerstates, { namespace: s.namespace }),
    ]);
    const parse = <T>(
      schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
      items: unknown[],
    ) =>
      items.flatMap((i) => {
        const r = schema.safeParse(i);
        return r.success ? [r.data] : [];
      });
    return {
      rollouts: parse<RolloutView>(rolloutViewSchema, rollouts.items),
      states: parse<TriggerStateView>(triggerStateViewSchema, states.items),
    };
  });
}

/** The budget gauges of the server's /metrics; empty when it has none or cannot be read. */
export async function registryBudgets(s: Session): Promise<Map<string, BudgetFigures>> {
  try {
    const body = await s.client.stream('GET', '/metrics', AbortSignal.timeout(10_000));
    return parseBudgetMetrics(await body.text());
  } catch {
    // the budget is an aside: a server without /metrics access still describes the stream
    return new Map();
  }
}
