/**
 * `isctl describe bc NAME`: the text `oc describe bc` prints (oc pkg/helpers/describe
 * BuildConfigDescriber): metadata, latest version, source and strategy, output, run policy,
 * triggers with each webhook's URL (`<secret>` in place of the secret, as oc), history limits and
 * the builds. Pure: the objects, the server URL and the clock in, the text out.
 */
import type { Build, BuildConfig, BuildTriggerPolicy } from '../../builds/schema.js';
import { HIDDEN_SECRET } from '../../builds/constants.js';
import { OC_DESCRIBE, tabwrite } from '../output/tabwriter.js';
import { describeBuildDuration, describeCommonSpec, describeMeta } from './build-common.js';
import { field } from './describe-image-stream.js';

const WEBHOOK_TYPES: Record<string, string> = {
  Generic: 'generic',
  GitHub: 'github',
  GitLab: 'gitlab',
  Bitbucket: 'bitbucket',
};

function triggerLabel(t: BuildTriggerPolicy): string | undefined {
  if (t.type && t.type in WEBHOOK_TYPES) return undefined;
  if (t.type === 'ConfigChange') return 'Config';
  const from = t.imageChange?.from;
  if (t.type === 'ImageChange' && from?.name) return `Image(${from.kind} ${from.name})`;
  return t.type ?? '<unknown>';
}

function webhookUrl(server: string, bc: BuildConfig, type: string): string {
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

/** the 10 newest builds, as oc */
function builds(list: readonly Build[], now: Date): string {
  if (list.length === 0) return '';
  const rows = [...list]
    .sort(
      (a, b) =>
        Number(b.metadata.annotations?.['openshift.io/build.number'] ?? 0) -
        Number(a.metadata.annotations?.['openshift.io/build.number'] ?? 0),
    )
    .slice(0, 10)
    .map((b) => {
      const duration = describeBuildDuration(b, now);
      const phase = (b.status?.phase ?? 'New').toLowerCase();
      return `\t${b.metadata.name} \t${phase} \t${duration} \t${b.metadata.creationTimestamp ?? ''}\n`;
    });
  return `\nBuild\tStatus\tDuration\tCreation Time\n${rows.join('')}`;
}

export function describeBuildConfig(
  bc: BuildConfig,
  list: readonly Build[],
  server: string,
  now = new Date(),
): string {
  let out = describeMeta(bc.metadata);
  const last = bc.status?.lastVersion ?? 0;
  out += field('Latest Version', last === 0 ? 'Never built' : String(last));
  out += describeCommonSpec(bc.spec);
  out += '\n' + field('Build Run Policy', bc.spec.runPolicy ?? 'Serial');
  out += triggers(bc, server);
  const { successfulBuildsHistoryLimit: ok, failedBuildsHistoryLimit: failed } = bc.spec;
  if (ok !== undefined || failed !== undefined)
    out += `Builds History Limit:\n\tSuccessful:\t${ok ?? ''}\n\tFailed:\t${failed ?? ''}\n`;
  out += builds(list, now);
  return tabwrite(out, OC_DESCRIBE);
}
