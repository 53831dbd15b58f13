/** Build failed: a Build (build.openshift.io/v1) whose phase becomes Failed or Error. Pure. */
import { z } from 'zod';
import { Severity, NoticeEvent, type Notice } from './notice.js';

const BuildViewSchema = z.object({
  metadata: z.object({
    name: z.string(),
    namespace: z.string().optional(),
    labels: z.record(z.string(), z.string()).nullish(),
  }),
  status: z
    .object({
      phase: z.string().nullish(),
      reason: z.string().nullish(),
      message: z.string().nullish(),
      completionTimestamp: z.string().nullish(),
      config: z.object({ name: z.string().nullish() }).nullish(),
      outputDockerImageReference: z.string().nullish(),
    })
    .nullish(),
});

const FAILED = new Set(['Failed', 'Error']);

export function buildPhase(object: unknown): string {
  const parsed = BuildViewSchema.safeParse(object);
  return parsed.success ? (parsed.data.status?.phase ?? 'New') : '';
}

export function buildNotices(previous: string | undefined, object: unknown, time: string): Notice[] {
  const parsed = BuildViewSchema.safeParse(object);
  if (!parsed.success) return [];
  const b = parsed.data;
  const phase = b.status?.phase ?? 'New';
  if (!FAILED.has(phase) || (previous !== undefined && FAILED.has(previous))) return [];
  const namespace = b.metadata.namespace ?? 'default';
  const config = b.status?.config?.name ?? b.metadata.labels?.['openshift.io/build-config.name'];
  const fields: [string, string][] = [
    ['phase', phase],
    ['reason', b.status?.reason ?? '(none)'],
  ];
  if (config) fields.unshift(['build config', config]);
  if (b.status?.outputDockerImageReference) fields.push(['output', b.status.outputDockerImageReference]);
  return [
    {
      event: NoticeEvent.BuildFailed,
      namespace,
      kind: 'Build',
      name: b.metadata.name,
      severity: Severity.Error,
      title: `Build failed: ${namespace}/${b.metadata.name}`,
      message: b.status?.message ?? `the build ended in phase ${phase}`,
      fields,
      time: b.status?.completionTimestamp ?? time,
      key: `${NoticeEvent.BuildFailed}/${namespace}/${b.metadata.name}`,
    },
  ];
}
