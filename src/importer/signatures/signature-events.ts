/**
 * Warning Events for imports the signature step refused: one per tag when its refusal is new
 * (the tag did not already carry the same ImportSuccess=False condition), so a scheduled re-check
 * of the same unsigned digest does not write an Event every time. The sink is the notifications'
 * EventRecorder, through import-events.ts.
 */
import type { ImageStream } from '../../api/types.js';
import type { ImageImportStatus, ImageStreamImportObject, ImageStreamImportStatus } from '../import-types.js';
import { recordImportEvents, type ImportEventSink, type InvolvedStream } from '../import-events.js';
import { SignatureReason } from './cosign-verify.js';

export interface SignatureRefusal {
  tag: string;
  reason: SignatureReason;
  message: string;
}

export type { ImportEventSink } from '../import-events.js';

const REASONS: ReadonlySet<string> = new Set(Object.values(SignatureReason));

function taggedResults(
  isi: ImageStreamImportObject,
  status: ImageStreamImportStatus,
): [string, ImageImportStatus][] {
  const out: [string, ImageImportStatus][] = [];
  (isi.spec.images ?? []).forEach((spec, i) => {
    const result = status.images?.[i];
    if (spec.to?.name && result) out.push([spec.to.name, result]);
  });
  for (const result of status.repository?.images ?? []) if (result.tag) out.push([result.tag, result]);
  return out;
}

function alreadyRecorded(before: ImageStream | undefined, refusal: SignatureRefusal): boolean {
  const conditions = before?.status?.tags?.find((t) => t.tag === refusal.tag)?.conditions ?? [];
  return conditions.some(
    (c) => c.type === 'ImportSuccess' && c.reason === refusal.reason && c.message === refusal.message,
  );
}

/** The refusals of this import that `before` (the stream as it was) did not show yet. */
export function newSignatureRefusals(
  isi: ImageStreamImportObject,
  status: ImageStreamImportStatus,
  before: ImageStream | undefined,
): SignatureRefusal[] {
  if (!isi.spec.import) return [];
  const out: SignatureRefusal[] = [];
  for (const [tag, result] of taggedResults(isi, status)) {
    const reason = String(result.status.reason);
    if (!REASONS.has(reason)) continue;
    const refusal = { tag, reason: reason as SignatureReason, message: result.status.message };
    if (!alreadyRecorded(before, refusal)) out.push(refusal);
  }
  return out;
}

export async function recordSignatureRefusals(
  sink: ImportEventSink,
  stream: InvolvedStream,
  refusals: readonly SignatureRefusal[],
): Promise<void> {
  const events = refusals.map((r) => ({
    type: 'Warning' as const,
    reason: r.reason,
    message: `Tag ${stream.name}:${r.tag} not moved: ${r.message}`,
  }));
  await recordImportEvents(sink, stream, events);
}
