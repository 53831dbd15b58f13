/**
 * `isctl describe bc NAME`: the text `oc describe bc` prints (oc pkg/helpers/describe
 * BuildConfigDescriber): metadata, latest version, source and strategy, output, run policy,
 * triggers with each webhook's URL (`<secret>` in place of the secret, as oc), history limits and
 * the builds. Pure: the objects, the server URL and the clock in, the text out.
 */
import type { Build, BuildConfig, BuildTriggerPolicy } from '../../builds/schema.js';
import { HIDDEN_SECRET } from '../../builds/constants.js';
import { OC_DESCRIBE, tabwrite } from '../output/tabwriter.js';
import { field, mapField } from './describe-image-stream.js';

const WEBHOOK_TYPES: Record<string, string> = {
  Generic: 'generic',
  GitHub: 'github',
  GitLab: 'gitlab',
  Bitbucket: 'bitbucket',
};

function ref(kind: string, name: string, namespace?: string): string {
  return `${kind} ${namespace ? `${namespace}/${name}` : name}`;
}

function triggerLabel(t: BuildTriggerPolicy): string | undefined {
  if (t.type && t.type in WEBHOOK_TYPES) return undefined;
  if (t.type === 'ConfigChange') return 'Config';
  const from = t.imageChange?.from;
  if (t.type === 'ImageChange' && from?.name) return `Image(${ref(from.kind, from.name, from.namespace)})`;
  return t.type ?? '<unknown>';
}

export function webhookUrl(server: string, bc: BuildConfig, type: string): string {
  const ns = bc.metadata.namespace ?? '';
  return `${server.replace(/\/+$/, '')}/apis/build.openshift.io/v1/namespaces/${ns}/buildconfigs/${bc.metadata.name}/webhooks/${HIDDEN_SECRET}/${type}`;
}

function triggers(bc: BuildConfig, server: string): string {
  const list = bc.spec.triggers ?? [];
  if (list.length === 0) return field('Triggered by', '');
  const labels = list.map(triggerLabel).filter((l): l is string => l !== undefined);
  let out = field('Triggered by', labels.join(', '));
  for (const t of list) {
    const type = t.type ? WEBHOOK_TYPES[t.type] : undefined;
    if (!type) continue;
    out += `Webhook ${type.charAt(0).toUpperCase()}${type.slice(1)}:\n`;
    out += `\tURL:\t${webhookUrl(server, bc, type)}\n`;
    if (type === 'generic' && t.generic?.allowEnv !== undefined)
      out += `\tAllowEnv:\t${t.generic.allowEnv}\n`;
  }
  return out;
}

function source(bc: BuildConfig): string {
  const { source: s, strategy, output } = bc.spec;
  let out = '\n' + field('Strategy', strategy.type ?? '');
  if (s.git) {
    out += field('URL', s.git.uri);
    if (s.git.ref) out += field('Ref', s.git.ref);
  }
  if (s.contextDir) out += field('ContextDir', s.contextDir);
  if (s.dockerfile !== undefined)
    out += `Dockerfile:\n${s.dockerfile
      .split('\n')
      .map((l) => `  ${l}\n`)
      .join('')}`;
  const d = strategy.dockerStrategy;
  const from = d?.from ?? strategy.sourceStrategy?.from;
  if (from?.name) out += field('From Image', ref(from.kind, from.name, from.namespace));
  if (d?.dockerfilePath) out += field('Dockerfile Path', d.dockerfilePath);
  if (output.to) out += field('Output to', ref(output.to.kind, output.to.name, output.to.namespace));
  return out;
}

/** as oc: waiting (not started), running (not finished), else the duration */
function buildDuration(b: Build): string {
  const st = b.status;
  if (!st?.startTimestamp) return 'waiting';
  if (!st.completionTimestamp) return 'running';
  return goDuration(st.duration ?? 0);
}

/** Go's time.Duration text to the second, as oc prints status.duration: 1m0s, 2h3m4s */
function goDuration(ns: number): string {
  const s = Math.round(ns / 1e9);
  const [h, m, sec] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  if (h > 0) return `${h}h${m}m${sec}s`;
  return m > 0 ? `${m}m${sec}s` : `${sec}s`;
}

function builds(list: readonly Build[]): string {
  if (list.length === 0) return '';
  const rows = [...list]
    .sort(
      (a, b) =>
        Number(b.metadata.annotations?.['openshift.io/build.number'] ?? 0) -
        Number(a.metadata.annotations?.['openshift.io/build.number'] ?? 0),
    )
    .map((b) => {
      const duration = buildDuration(b);
      const phase = (b.status?.phase ?? 'New').toLowerCase();
      return `\t${b.metadata.name} \t${phase} \t${duration} \t${b.metadata.creationTimestamp ?? ''}\n`;
    });
  return `\nBuild\tStatus\tDuration\tCreation Time\n${rows.join('')}`;
}

export function describeBuildConfig(bc: BuildConfig, list: readonly Build[], server: string): string {
  const m = bc.metadata;
  let out = field('Name', m.name);
  if (m.namespace) out += field('Namespace', m.namespace);
  if (m.creationTimestamp) out += field('Created', m.creationTimestamp);
  out += mapField('Labels', m.labels ?? {});
  out += mapField('Annotations', m.annotations ?? {});
  const last = bc.status?.lastVersion ?? 0;
  out += field('Latest Version', last === 0 ? 'Never built' : String(last));
  out += source(bc);
  out += '\n' + field('Build Run Policy', bc.spec.runPolicy ?? 'Serial');
  out += triggers(bc, server);
  const { successfulBuildsHistoryLimit: ok, failedBuildsHistoryLimit: failed } = bc.spec;
  if (ok !== undefined || failed !== undefined)
    out += `Builds History Limit:\n\tSuccessful:\t${ok ?? ''}\n\tFailed:\t${failed ?? ''}\n`;
  out += builds(list);
  return tabwrite(out, OC_DESCRIBE);
}
