/**
 * The resource types isctl knows, with the names kubectl and oc accept for them (plural,
 * singular, short name, Kind) and the names they print (`imagestream.image.openshift.io/x`).
 */
import { CliError } from './errors.js';

export interface ResourceInfo {
  group: string;
  version: string;
  /** plural, as in the URL */
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames: readonly string[];
}

const GROUP = 'image.openshift.io';
const VERSION = 'v1';

function imageResource(
  resource: string,
  kind: string,
  shortNames: string[],
  namespaced = true,
): ResourceInfo {
  return {
    group: GROUP,
    version: VERSION,
    resource,
    singular: kind.toLowerCase(),
    kind,
    namespaced,
    shortNames,
  };
}

function triggerResource(resource: string, kind: string): ResourceInfo {
  return { ...imageResource(resource, kind, []), group: 'imagestreams.io' };
}

export const RESOURCES = {
  imagestreams: imageResource('imagestreams', 'ImageStream', ['is']),
  imagestreamtags: imageResource('imagestreamtags', 'ImageStreamTag', ['istag']),
  imagestreamimages: imageResource('imagestreamimages', 'ImageStreamImage', ['isimage']),
  imagetags: imageResource('imagetags', 'ImageTag', ['itag']),
  images: imageResource('images', 'Image', [], false),
  imagestreamimports: imageResource('imagestreamimports', 'ImageStreamImport', []),
  imagestreammappings: imageResource('imagestreammappings', 'ImageStreamMapping', []),
  // the trigger controller's records (imagestreams.io/v1)
  rollouts: triggerResource('rollouts', 'Rollout'),
  triggerstates: triggerResource('triggerstates', 'TriggerState'),
  webhooktriggers: { ...triggerResource('webhooktriggers', 'WebhookTrigger'), shortNames: ['wht'] },
  // builds (build.openshift.io/v1)
  buildconfigs: { ...imageResource('buildconfigs', 'BuildConfig', ['bc']), group: 'build.openshift.io' },
  builds: { ...imageResource('builds', 'Build', []), group: 'build.openshift.io' },
} as const satisfies Record<string, ResourceInfo>;

const ALL: readonly ResourceInfo[] = Object.values(RESOURCES);

function names(r: ResourceInfo): string[] {
  const bare = [r.resource, r.singular, r.kind.toLowerCase(), ...r.shortNames];
  return [...bare, ...bare.map((n) => `${n}.${r.group}`), `${r.resource}.${r.version}.${r.group}`];
}

/** A type as typed on the command line: `is`, `imagestreams`, `ImageStream`, `imagestreams.image.openshift.io`. */
export function findResource(typed: string): ResourceInfo | undefined {
  const t = typed.toLowerCase();
  return ALL.find((r) => names(r).includes(t));
}

export function resolveResource(typed: string): ResourceInfo {
  const found = findResource(typed);
  if (!found) throw new CliError(`the server doesn't have a resource type "${typed}"`);
  return found;
}

/**
 * The type of a manifest. OpenShift's legacy API served these kinds at `apiVersion: v1`, and many
 * published manifests (openshift/library) still say so: they are accepted as image.openshift.io/v1.
 */
export function resourceForKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  if (apiVersion !== `${GROUP}/${VERSION}` && apiVersion !== 'v1') return undefined;
  return ALL.find((r) => r.kind === kind);
}

/** `imagestream.image.openshift.io`, the prefix kubectl prints in `-o name` and apply/delete messages. */
export function qualifiedSingular(r: ResourceInfo): string {
  return `${r.singular}.${r.group}`;
}

export function apiVersionOf(r: ResourceInfo): string {
  return `${r.group}/${r.version}`;
}
