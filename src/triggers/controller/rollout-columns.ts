/**
 * The columns of rollouts and trigger states, in one place for the server's Table (kubectl get)
 * and isctl's client-side tables: TARGET, TAG, FROM, TO, RESULT, AGE (+ REASON wide). isctl may
 * read them from any server, so the fields shown are read leniently: one that is absent or of
 * another type is an empty cell, never an error.
 */
import { z } from 'zod';
import type { KubeObject } from '../../api/object.js';
import { age } from '../../server/table/table.js';

export interface Row {
  cells: string[];
  wide: string[];
}

export const ROLLOUT_HEADERS = ['NAME', 'TARGET', 'TAG', 'FROM', 'TO', 'PHASE', 'AGE'] as const;
export const ROLLOUT_WIDE_HEADERS = ['REASON'] as const;
export const TRIGGER_STATE_HEADERS = [
  'NAME',
  'TARGET',
  'TAG',
  'LAST TRIGGERED',
  'REJECTED',
  'WARNINGS',
  'PAUSED',
] as const;

const text = z.string().optional().catch(undefined);
const list = z.array(z.unknown()).optional().catch(undefined);
const part = <S extends z.ZodRawShape>(shape: S) => z.object(shape).optional().catch(undefined);
const from = part({ name: text });

/** What the rollout columns show of a Rollout (rollout-objects.ts). */
const RolloutCellsSchema = z.object({
  spec: part({ target: text, from, fromDigest: text, toDigest: text }),
  status: part({ phase: text, result: text, started: text, reason: text, message: text }),
});

/** What the trigger state columns show of a TriggerState (rollout-objects.ts). */
const TriggerStateCellsSchema = z.object({
  spec: part({ target: text, from, paused: z.boolean().optional().catch(undefined) }),
  status: part({ lastTriggeredDigest: text, rejectedDigests: list, warnings: list }),
});

/** `sha256:` and 12 hex digits: enough to tell images apart. */
export function shortDigest(d: string): string {
  return d.startsWith('sha256:') ? d.slice(0, 19) : d;
}

/** The reason, and a gate's message (when the window opens, how to approve) after it. */
function reasonCell(status: { reason?: string | undefined; message?: string | undefined } = {}): string {
  const reason = status.reason ?? '';
  return status.message ? `${reason}: ${status.message}` : reason;
}

export function rolloutRow(o: KubeObject, now: Date): Row {
  const { spec, status } = RolloutCellsSchema.parse(o);
  return {
    cells: [
      o.metadata.name,
      spec?.target ?? '',
      spec?.from?.name ?? '',
      shortDigest(spec?.fromDigest ?? '') || '<none>',
      shortDigest(spec?.toDigest ?? ''),
      status?.phase || status?.result || 'Running',
      age(status?.started || o.metadata.creationTimestamp, now),
    ],
    wide: [reasonCell(status)],
  };
}

export function triggerStateRow(o: KubeObject): Row {
  const { spec, status } = TriggerStateCellsSchema.parse(o);
  return {
    cells: [
      o.metadata.name,
      spec?.target ?? '',
      spec?.from?.name ?? '',
      shortDigest(status?.lastTriggeredDigest ?? '') || '<none>',
      String(status?.rejectedDigests?.length ?? 0),
      String(status?.warnings?.length ?? 0),
      spec?.paused === true ? 'true' : 'false',
    ],
    wide: [],
  };
}
