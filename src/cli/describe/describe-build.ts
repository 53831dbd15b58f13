/**
 * `isctl describe build NAME`: the text `oc describe build` prints (oc pkg/helpers/describe
 * BuildDescriber): metadata, status with its message, start time (RFC 1123), duration, the
 * BuildConfig, the output digest, the common spec, and the causes that triggered it (a webhook's
 * secret shows as `<secret>`, as the server stores it). There is no build pod here, so no
 * `Build Pod` line. Pure: the Build and the clock in, the text out.
 */
import type { Build, BuildTriggerCause } from '../../builds/schema.js';
import { OC_DESCRIBE, tabwrite } from '../output/tabwriter.js';
import { describeBuildDuration, describeCommonSpec, describeMeta, squashGitInfo } from './build-common.js';
import { field } from './describe-image-stream.js';

/** Go's time.RFC1123 in UTC: Mon, 02 Jan 2006 15:04:05 UTC */
function rfc1123(timestamp: string): string {
  const d = new Date(timestamp);
  return Number.isNaN(d.getTime()) ? timestamp : d.toUTCString().replace(/GMT$/, 'UTC');
}

function cause(c: BuildTriggerCause): string {
  let out = '\n' + field('Build trigger cause', c.message ?? '');
  const hook = c.githubWebHook ?? c.gitlabWebHook ?? c.genericWebHook;
  if (hook) return out + squashGitInfo(hook.revision) + field('Secret', hook.secret ?? '');
  const image = c.imageChangeBuild;
  if (image) {
    out += field('Image ID', image.imageID ?? '');
    out += field('Image Name/Kind', `${image.fromRef?.name ?? ''} / ${image.fromRef?.kind ?? ''}`);
  }
  return out;
}

function causes(list: readonly BuildTriggerCause[] | undefined): string {
  const out = list ? list.map(cause).join('') : '\n' + field('Build trigger cause', '<unknown>');
  return `${out}\n`;
}

function status(b: Build, now: Date): string {
  const st = b.status ?? {};
  let out = field('Status', `${st.phase ?? 'New'}${st.message ? ` (${st.message})` : ''}`);
  if (st.startTimestamp) out += field('Started', rfc1123(st.startTimestamp));
  return out + field('Duration', describeBuildDuration(b, now));
}

export function describeBuild(b: Build, now: Date): string {
  let out = describeMeta(b.metadata) + '\n' + status(b, now) + '\n';
  const config = b.status?.config?.name;
  if (config) out += field('Build Config', config);
  const digest = b.status?.output?.to?.imageDigest;
  if (digest) out += field('Image Digest', digest);
  out += describeCommonSpec(b.spec);
  out += causes(b.spec.triggeredBy);
  if (b.status?.logSnippet) out += field('Log Tail', b.status.logSnippet);
  return tabwrite(out, OC_DESCRIBE);
}
