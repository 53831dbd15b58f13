/**
 * Import failing / recovered, per stream tag, from the ImportSuccess condition in an ImageStream's
 * status: a notice when a tag's import starts failing (the condition turns False) and one when
 * it recovers (the condition is gone or True again). Repeated failures change nothing. Pure.
 */
import type { ImageStream } from '../../api/types.js';
import { Severity, NoticeEvent, shortDigest, type Notice } from './notice.js';

export interface TagImportState {
  failing: boolean;
  reason?: string;
  message?: string;
  since?: string;
  image?: string;
}

/** tag -> its import state */
export type ImportSnapshot = Record<string, TagImportState>;

export function importSnapshot(stream: ImageStream): ImportSnapshot {
  const out: ImportSnapshot = {};
  for (const t of stream.status?.tags ?? []) {
    const c = (t.conditions ?? []).find((x) => x.type === 'ImportSuccess' && x.status === 'False');
    const image = t.items?.[0]?.image;
    out[t.tag] = {
      failing: c !== undefined,
      ...(c?.reason ? { reason: c.reason } : {}),
      ...(c?.message ? { message: c.message } : {}),
      ...(c?.lastTransitionTime ? { since: c.lastTransitionTime } : {}),
      ...(image ? { image } : {}),
    };
  }
  return out;
}

interface StreamId {
  namespace: string;
  name: string;
}

function failingNotice(id: StreamId, tag: string, s: TagImportState, time: string): Notice {
  const subject = `${id.name}:${tag}`;
  return {
    event: NoticeEvent.ImportFailing,
    namespace: id.namespace,
    kind: 'ImageStreamTag',
    name: subject,
    severity: Severity.Error,
    title: `Import failing: ${id.namespace}/${subject}`,
    message: s.message ?? 'the import of this tag failed',
    fields: [
      ['reason', s.reason ?? 'ImportFailed'],
      ['last good image', shortDigest(s.image)],
    ],
    time: s.since ?? time,
    key: `${NoticeEvent.ImportFailing}/${id.namespace}/${subject}/${s.since ?? ''}`,
  };
}

function recoveredNotice(
  id: StreamId,
  tag: string,
  was: TagImportState,
  now: TagImportState,
  time: string,
): Notice {
  const subject = `${id.name}:${tag}`;
  return {
    event: NoticeEvent.ImportRecovered,
    namespace: id.namespace,
    kind: 'ImageStreamTag',
    name: subject,
    severity: Severity.Success,
    title: `Import recovered: ${id.namespace}/${subject}`,
    message: `the import of ${subject} works again`,
    fields: [
      ['image', shortDigest(now.image)],
      ['failing since', was.since ?? '(unknown)'],
    ],
    time,
    key: `${NoticeEvent.ImportRecovered}/${id.namespace}/${subject}/${was.since ?? ''}`,
  };
}

/** What changed from `previous` (undefined: a stream new to us) to `next`. */
export function importNotices(
  previous: ImportSnapshot | undefined,
  next: ImportSnapshot,
  id: StreamId,
  time: string,
): Notice[] {
  const out: Notice[] = [];
  for (const [tag, now] of Object.entries(next)) {
    const was = previous?.[tag];
    if (now.failing && !was?.failing) out.push(failingNotice(id, tag, now, time));
    else if (!now.failing && was?.failing) out.push(recoveredNotice(id, tag, was, now, time));
  }
  return out;
}
