/**
 * Rollout failed / rolled back / waiting for approval, from a Rollout record (imagestreams.io/v1,
 * src/triggers/rollout-store.ts): `status.result` once it ended, `status.phase` and
 * `status.reason` while it waits (the approval gate: phase AwaitingApproval, or phase Waiting
 * with a reason that names the approval). A notice when the record first enters such a state. Pure.
 */
import { z } from 'zod';
import { Severity, NoticeEvent, shortDigest, type Notice } from './notice.js';

const RolloutViewSchema = z.object({
  metadata: z.object({ name: z.string(), namespace: z.string().optional() }),
  spec: z
    .object({
      target: z.string().nullish(),
      from: z.object({ name: z.string().nullish() }).nullish(),
      fromDigest: z.string().nullish(),
      toDigest: z.string().nullish(),
    })
    .nullish(),
  status: z
    .object({
      result: z.string().nullish(),
      phase: z.string().nullish(),
      reason: z.string().nullish(),
      message: z.string().nullish(),
      finished: z.string().nullish(),
    })
    .nullish(),
});
type RolloutView = z.infer<typeof RolloutViewSchema>;

/** the state that matters: Failed, RolledBack, AwaitingApproval, or anything else as it is */
export function rolloutState(object: unknown): string {
  const parsed = RolloutViewSchema.safeParse(object);
  if (!parsed.success) return '';
  const s = parsed.data.status;
  if (s?.result) return s.result;
  if (s?.phase === 'AwaitingApproval') return 'AwaitingApproval';
  if (s?.phase === 'Waiting' && /approv/i.test(s.reason ?? '')) return 'AwaitingApproval';
  return s?.phase ?? 'Running';
}

const EVENTS: Record<string, { event: NoticeEvent; severity: Severity; verb: string }> = {
  Failed: { event: NoticeEvent.RolloutFailed, severity: Severity.Error, verb: 'Rollout failed' },
  RolledBack: {
    event: NoticeEvent.RolloutRolledBack,
    severity: Severity.Warning,
    verb: 'Rollout rolled back',
  },
  AwaitingApproval: {
    event: NoticeEvent.RolloutAwaitingApproval,
    severity: Severity.Info,
    verb: 'Rollout waiting for approval',
  },
};

function fields(r: RolloutView): [string, string][] {
  const out: [string, string][] = [
    ['target', r.spec?.target ?? '(unknown)'],
    ['from', shortDigest(r.spec?.fromDigest ?? undefined)],
    ['to', shortDigest(r.spec?.toDigest ?? undefined)],
  ];
  if (r.spec?.from?.name) out.splice(1, 0, ['tag', r.spec.from.name]);
  if (r.status?.reason) out.push(['reason', r.status.reason]);
  return out;
}

/** A notice when the record entered a notable state (previous undefined: a record new to us). */
export function rolloutNotices(previous: string | undefined, object: unknown, time: string): Notice[] {
  const state = rolloutState(object);
  const kind = EVENTS[state];
  const parsed = RolloutViewSchema.safeParse(object);
  if (!kind || previous === state || !parsed.success) return [];
  const r = parsed.data;
  const namespace = r.metadata.namespace ?? 'default';
  const name = r.metadata.name;
  const target = r.spec?.target ?? name;
  return [
    {
      event: kind.event,
      namespace,
      kind: 'Rollout',
      name,
      severity: kind.severity,
      title: `${kind.verb}: ${target}`,
      message: r.status?.message ?? r.status?.reason ?? `${kind.verb.toLowerCase()} (${namespace}/${name})`,
      fields: fields(r),
      time: r.status?.finished ?? time,
      key: `${kind.event}/${namespace}/${name}`,
    },
  ];
}
