/**
 * The columns of rollouts and trigger states, in one place for the server's Table (kubectl get)
 * and isctl's client-side tables: TARGET, TAG, FROM, TO, RESULT, AGE (+ REASON wide).
 */
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

const field = (o: KubeObject, part: 'spec' | 'status', key: string): string => {
  const v = ((o[part] ?? {}) as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : '';
};

const fromName = (o: KubeObject): string => {
  const from = ((o.spec ?? {}) as { from?: { name?: unknown } }).from;
  return typeof from?.name === 'string' ? from.name : '';
};

/** `sha256:` and 12 hex digits: enough to tell images apart. */
export function shortDigest(d: string): string {
  return d.startsWith('sha256:') ? d.slice(0, 19) : d;
}

/** The reason, and a gate's message (when the window opens, how to approve) after it. */
function reasonCell(o: KubeObject): string {
  const reason = field(o, 'status', 'reason');
  const message = field(o, 'status', 'message');
  return message ? `${reason}: ${message}` : reason;
}

export function rolloutRow(o: KubeObject, now: Date): Row {
  return {
    cells: [
      o.metadata.name,
      field(o, 'spec', 'target'),
      fromName(o),
      shortDigest(field(o, 'spec', 'fromDigest')) || '<none>',
      shortDigest(field(o, 'spec', 'toDigest')),
      field(o, 'status', 'phase') || field(o, 'status', 'result') || 'Running',
      age(field(o, 'status', 'started') || o.metadata.creationTimestamp, now),
    ],
    wide: [reasonCell(o)],
  };
}

export function triggerStateRow(o: KubeObject): Row {
  const status = (o.status ?? {}) as { rejectedDigests?: unknown; warnings?: unknown };
  const rejected = Array.isArray(status.rejectedDigests) ? status.rejectedDigests.length : 0;
  const warnings = Array.isArray(status.warnings) ? status.warnings.length : 0;
  return {
    cells: [
      o.metadata.name,
      field(o, 'spec', 'target'),
      fromName(o),
      shortDigest(field(o, 'status', 'lastTriggeredDigest')) || '<none>',
      String(rejected),
      String(warnings),
      (o.spec as { paused?: unknown } | undefined)?.paused === true ? 'true' : 'false',
    ],
    wide: [],
  };
}
