/**
 * What a notification channel is told: one Notice per thing worth hearing about, built by the
 * detectors from stored objects. The texts come from the store (names, digests, condition and
 * build messages, which never hold a credential); the channel turns them into its own payload.
 */

export const NoticeEvent = {
  TagMoved: 'tag-moved',
  ImportFailing: 'import-failing',
  ImportRecovered: 'import-recovered',
  RolloutFailed: 'rollout-failed',
  RolloutRolledBack: 'rollout-rolled-back',
  RolloutAwaitingApproval: 'rollout-awaiting-approval',
  BuildFailed: 'build-failed',
} as const;
export type NoticeEvent = (typeof NoticeEvent)[keyof typeof NoticeEvent];

const NOTICE_EVENTS: readonly NoticeEvent[] = Object.values(NoticeEvent);

/** Every event but tag moves, which are many and already go to Events and CloudEvents webhooks. */
export const DEFAULT_NOTICE_EVENTS: readonly NoticeEvent[] = NOTICE_EVENTS.filter(
  (e) => e !== NoticeEvent.TagMoved,
);

export const Severity = { Info: 'info', Success: 'success', Warning: 'warning', Error: 'error' } as const;
export type Severity = (typeof Severity)[keyof typeof Severity];

export interface Notice {
  event: NoticeEvent;
  namespace: string;
  /** the object it is about: `ImageStreamTag app:latest`, `Rollout r-1`, `Build app-3` */
  kind: string;
  name: string;
  severity: Severity;
  /** one line */
  title: string;
  /** a few lines */
  message: string;
  /** labelled details, in order */
  fields: [string, string][];
  /** ISO time it happened */
  time: string;
  /** the same key means the same news: a channel sends it once per de-duplication window */
  key: string;
}

/** `a,b` or `[a, b]` into events; throws naming the first unknown one. */
export function parseNoticeEvents(input: string | readonly string[]): NoticeEvent[] {
  const list = typeof input === 'string' ? input.split(',') : input;
  const out: NoticeEvent[] = [];
  for (const raw of list) {
    const e = raw.trim();
    if (e === '') continue;
    if (e === 'all') return [...NOTICE_EVENTS];
    if (!(NOTICE_EVENTS as readonly string[]).includes(e))
      throw new Error(`unknown event "${e}" (one of: all, ${NOTICE_EVENTS.join(', ')})`);
    out.push(e as NoticeEvent);
  }
  return out;
}

/** `sha256:0123456789ab` */
export function shortDigest(digest: string | undefined): string {
  if (!digest) return '(none)';
  const colon = digest.indexOf(':');
  return digest.slice(0, colon + 13);
}
