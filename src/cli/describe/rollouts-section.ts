/**
 * What the triggers did with a stream's tags, for `isctl describe is`, and the full text of
 * `isctl describe rollout NAME`. Rollouts and TriggerStates are the trigger controller's objects
 * (imagestreams.io/v1); read leniently so an older CLI survives newer fields. Pure.
 */
import { z } from 'zod';
import { age } from '../output/duration.js';
import { renderRows, tabwrite, OC_DESCRIBE } from '../output/tabwriter.js';

const fromSchema = z.object({ name: z.string().optional() }).loose().optional();

export const rolloutViewSchema = z
  .object({
    metadata: z.object({ name: z.string(), namespace: z.string().optional() }).loose(),
    spec: z
      .object({
        target: z.string().optional(),
        containers: z.array(z.string()).optional(),
        from: fromSchema,
        fromDigest: z.string().optional(),
        toDigest: z.string().optional(),
        toReference: z.string().optional(),
      })
      .loose()
      .optional(),
    status: z
      .object({
        started: z.string().optional(),
        finished: z.string().optional(),
        result: z.string().optional(),
        phase: z.string().optional(),
        reason: z.string().optional(),
        message: z.string().optional(),
        nextWindow: z.string().optional(),
        rejectedDigest: z.string().optional(),
        steps: z
          .array(
            z
              .object({
                at: z.string().optional(),
                container: z.string().optional(),
                action: z.string().optional(),
                ok: z.boolean().optional(),
                message: z.string().optional(),
              })
              .loose(),
          )
          .optional(),
      })
      .loose()
      .optional(),
  })
  .loose();
export type RolloutView = z.infer<typeof rolloutViewSchema>;

export const triggerStateViewSchema = z
  .object({
    metadata: z.object({ name: z.string() }).loose(),
    spec: z
      .object({ target: z.string().optional(), from: fromSchema, paused: z.boolean().optional() })
      .loose()
      .optional(),
    status: z
      .object({
        warnings: z
          .array(z.object({ field: z.string().optional(), message: z.string().optional() }).loose())
          .optional(),
      })
      .loose()
      .optional(),
  })
  .loose();
export type TriggerStateView = z.infer<typeof triggerStateViewSchema>;

/** `sha256:` and 12 hex digits, `<none>` when absent. */
function shortDigest(d: string | undefined): string {
  if (!d) return '<none>';
  return d.startsWith('sha256:') ? d.slice(0, 19) : d;
}

/** The tag name (`stream:tag`) an object follows. */
function followed(o: { spec?: { from?: { name?: string } | undefined } | undefined }): string {
  return o.spec?.from?.name ?? '';
}

/** Objects following one of the stream's tags: `from.name` is `STREAM:TAG`. */
export function followsStream(
  o: { spec?: { from?: { name?: string } | undefined } | undefined },
  stream: string,
): boolean {
  return followed(o).startsWith(`${stream}:`);
}

/** Newest first, at most `limit`. */
export function recentRollouts(rollouts: readonly RolloutView[], limit = 10): RolloutView[] {
  const started = (r: RolloutView) => Date.parse(r.status?.started ?? '') || 0;
  return [...rollouts].sort((a, b) => started(b) - started(a)).slice(0, limit);
}

const result = (r: RolloutView): string => r.status?.phase ?? r.status?.result ?? 'Running';

/** `Rollouts:  <none>` or an indented table: Tag, Target, From, To, Result, Age, Reason. */
export function formatStreamRollouts(rollouts: readonly RolloutView[], now: Date): string {
  if (rollouts.length === 0) return 'Rollouts:\t<none>\n';
  const rows = [
    ['Tag', 'Target', 'From', 'To', 'Result', 'Age', 'Reason'],
    ...rollouts.map((r) => [
      followed(r),
      r.spec?.target ?? '',
      shortDigest(r.spec?.fromDigest),
      shortDigest(r.spec?.toDigest),
      result(r),
      age(r.status?.started, now),
      r.status?.reason ?? '',
    ]),
  ];
  const table = renderRows(rows, { minWidth: 0, tabWidth: 8, padding: 2, padChar: ' ' });
  return 'Rollouts:\n' + indent(table);
}

function indent(table: string): string {
  return table
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => `  ${l.trimEnd()}\n`)
    .join('');
}

/** One line per warning: `target (stream:tag): field: message`. Empty when there are none. */
export function formatTriggerWarnings(states: readonly TriggerStateView[]): string {
  const lines = states.flatMap((s) =>
    (s.status?.warnings ?? []).map((w) => {
      const what = w.field ? `${w.field}: ${w.message ?? ''}` : (w.message ?? '');
      return `  ${s.spec?.target ?? s.metadata.name} (${followed(s)}): ${what}\n`;
    }),
  );
  return lines.length === 0 ? '' : 'Trigger Warnings:\n' + lines.join('');
}

/** `Paused Triggers:` and one line per paused target and tag (isctl rollout pause); empty when none. */
export function formatPausedTriggers(states: readonly TriggerStateView[]): string {
  const lines = states
    .filter((s) => s.spec?.paused === true)
    .map((s) => `  ${s.spec?.target ?? s.metadata.name} (${followed(s)})\n`);
  return lines.length === 0 ? '' : 'Paused Triggers:\n' + lines.sort().join('');
}

function stepLines(r: RolloutView): string {
  const steps = r.status?.steps ?? [];
  if (steps.length === 0) return 'Steps:\t<none>\n';
  const rows = steps.map((s) => [
    s.at ?? '',
    s.action ?? '',
    s.container ?? '',
    s.ok === false ? 'failed' : 'ok',
    s.message ?? '',
  ]);
  return (
    'Steps:\n' +
    indent(
      renderRows([['At', 'Action', 'Container', 'Result', 'Message'], ...rows], {
        minWidth: 0,
        tabWidth: 8,
        padding: 2,
        padChar: ' ',
      }),
    )
  );
}

function line(label: string, value: string | undefined): string {
  return `${label}:\t${value === undefined || value === '' ? '<none>' : value}\n`;
}

/** `2026-01-01T11:50:00Z (10m ago)` */
function when(timestamp: string | undefined, now: Date): string | undefined {
  return timestamp ? `${timestamp} (${age(timestamp, now)} ago)` : undefined;
}

/** `isctl describe rollout NAME`. */
export function describeRollout(r: RolloutView, now: Date): string {
  const s = r.spec ?? {};
  const st = r.status ?? {};
  const head =
    line('Name', r.metadata.name) +
    line('Namespace', r.metadata.namespace) +
    line('Target', s.target) +
    line('Containers', (s.containers ?? []).join(', ')) +
    line('Tag', followed(r)) +
    line('From', s.fromDigest) +
    line('To', s.toDigest) +
    line('Reference', s.toReference) +
    line('Started', when(st.started, now)) +
    line('Finished', when(st.finished, now)) +
    line('Result', result(r)) +
    line('Reason', st.reason) +
    (st.message ? line('Message', st.message) : '') +
    (st.nextWindow ? line('Next Window', st.nextWindow) : '') +
    (st.rejectedDigest ? line('Rejected', st.rejectedDigest) : '');
  return tabwrite(head, OC_DESCRIBE) + stepLines(r);
}
