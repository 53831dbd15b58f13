/**
 * The path every Event of the importer takes: the notifications' EventRecorder, passed in by the
 * server (the importer does not depend on notifications), with the stream as involved object.
 * Used by the signature refusals (signatures/signature-events.ts) and by tag policies and
 * cooldown (tag-policy/policy-events.ts). Each caller decides *when* an Event is due (once per
 * change of state, from the stream before and after the import); this file only writes them.
 */

export type ImportEventType = 'Normal' | 'Warning';

/** The part of notifications' EventRecorder used here (structural). */
export interface ImportEventSink {
  record(
    involved: { kind: string; apiVersion: string; name: string; namespace: string; uid?: string },
    type: ImportEventType,
    reason: string,
    message: string,
  ): Promise<unknown>;
}

export interface ImportEvent {
  type: ImportEventType;
  reason: string;
  message: string;
}

export interface InvolvedStream {
  name: string;
  namespace: string;
  uid?: string | undefined;
}

export async function recordImportEvents(
  sink: ImportEventSink,
  stream: InvolvedStream,
  events: readonly ImportEvent[],
): Promise<void> {
  const involved = {
    kind: 'ImageStream',
    apiVersion: 'image.openshift.io/v1',
    name: stream.name,
    namespace: stream.namespace,
    ...(stream.uid ? { uid: stream.uid } : {}),
  };
  for (const e of events) await sink.record(involved, e.type, e.reason, e.message);
}
