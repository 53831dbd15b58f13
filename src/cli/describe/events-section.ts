/**
 * The `Events:` section kubectl and oc print at the end of describe: Type, Reason, Age, Message
 * (Age as `5m (x3 over 10m)` when the event repeated). Pure.
 */
import { z } from 'zod';
import { shortHumanDuration, elapsedSince } from '../output/duration.js';
import { renderRows } from '../output/tabwriter.js';

export const eventViewSchema = z
  .object({
    type: z.string().optional(),
    reason: z.string().optional(),
    message: z.string().optional(),
    count: z.number().optional(),
    firstTimestamp: z.string().nullish(),
    lastTimestamp: z.string().nullish(),
    eventTime: z.string().nullish(),
    metadata: z.object({ creationTimestamp: z.string().nullish() }).loose(),
  })
  .loose();
export type EventView = z.infer<typeof eventViewSchema>;

function last(e: EventView): string | undefined {
  return e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? undefined;
}

function shortAge(timestamp: string | undefined, now: Date): string {
  const ms = elapsedSince(timestamp, now);
  return ms === undefined ? '<unknown>' : shortHumanDuration(ms);
}

/** kubectl's age column: `5m`, or `5m (x3 over 10m)` for a repeated event. */
export function eventAge(e: EventView, now: Date): string {
  const age = shortAge(last(e), now);
  const count = e.count ?? 1;
  if (count <= 1 || !e.firstTimestamp) return age;
  return `${age} (x${count} over ${shortAge(e.firstTimestamp, now)})`;
}

/** Oldest first, as kubectl sorts them. */
function sortEvents(events: readonly EventView[]): EventView[] {
  return [...events].sort((a, b) => (Date.parse(last(a) ?? '') || 0) - (Date.parse(last(b) ?? '') || 0));
}

/** `Events:  <none>` or an indented table. */
export function formatEvents(events: readonly EventView[], now: Date): string {
  if (events.length === 0) return 'Events:\t<none>\n';
  const rows = [
    ['Type', 'Reason', 'Age', 'Message'],
    ['----', '------', '----', '-------'],
    ...sortEvents(events).map((e) => [
      e.type ?? '',
      e.reason ?? '',
      eventAge(e, now),
      (e.message ?? '').trim(),
    ]),
  ];
  const table = renderRows(rows, { minWidth: 0, tabWidth: 8, padding: 2, padChar: ' ' });
  return (
    'Events:\n' +
    table
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => `  ${l.trimEnd()}\n`)
      .join('')
  );
}
