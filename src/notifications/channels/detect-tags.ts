/** Tag moved, from the outbound tag watcher's changes (off by default: many, and already Events). Pure. */
import type { TagChange } from '../outbound/tag-changes.js';
import { Severity, NoticeEvent, shortDigest, type Notice } from './notice.js';

export function tagMovedNotice(change: TagChange, time: string): Notice {
  const subject = `${change.stream}:${change.tag}`;
  return {
    event: NoticeEvent.TagMoved,
    namespace: change.namespace,
    kind: 'ImageStreamTag',
    name: subject,
    severity: Severity.Info,
    title: `Tag moved: ${change.namespace}/${subject}`,
    message: `${subject} moved from ${shortDigest(change.oldDigest)} to ${shortDigest(change.newDigest)}`,
    fields: [
      ['from', change.oldDigest ?? '(new tag)'],
      ['to', change.newDigest],
      ['image', change.dockerImageReference],
    ],
    time,
    key: `${NoticeEvent.TagMoved}/${change.namespace}/${subject}/${change.newDigest}`,
  };
}
