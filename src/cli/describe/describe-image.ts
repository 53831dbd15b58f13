/**
 * `oc describe image` (oc pkg/helpers/describe `DescribeImage`), which `import-image` prints for
 * every imported image: the name by the tag it was imported to, the object's Created, Labels and
 * Annotations when set, size and layers, then the image config (Entrypoint and Command only when
 * set, Environment and Volumes only when present). Pure: the image and the clock in, text out.
 */
import type { KubeObject } from '../../api/object.js';
import { ago } from '../output/duration.js';
import { OC_DESCRIBE, tabwrite } from '../output/tabwriter.js';
import { field, mapField } from './describe-image-stream.js';

const SIZE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

/** go-units `HumanSize`: decimal units, four significant digits ("1.235MB", "512B"). */
export function humanSize(n: number): string {
  let v = n;
  let u = 0;
  while (v >= 1000 && u < SIZE_UNITS.length - 1) {
    v /= 1000;
    u++;
  }
  return `${Number(v.toPrecision(4))}${SIZE_UNITS[u]}`;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const record = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const strings = (v: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(record(v)).map(([k, x]) => [k, String(x)]));

/** continuation lines after the first value line, as oc writes them (`\tvalue`) */
function lines(label: string, values: string[]): string {
  return values.map((v, i) => (i === 0 ? field(label, v) : `\t${v}\n`)).join('');
}

function describeConfig(config: Record<string, unknown>): string {
  const entrypoint = list(config.Entrypoint);
  const cmd = list(config.Cmd);
  let out = entrypoint.length > 0 ? field('Entrypoint', entrypoint.join(' ')) : '';
  if (cmd.length > 0) out += field('Command', cmd.join(' '));
  if (entrypoint.length === 0 && cmd.length === 0) out += field('Command', '');
  out += field('Working Dir', text(config.WorkingDir));
  out += field('User', text(config.User));
  out += field('Exposes Ports', Object.keys(record(config.ExposedPorts)).sort().join(', '));
  out += mapField('Docker Labels', strings(config.Labels));
  out += lines('Environment', list(config.Env));
  return out + lines('Volumes', Object.keys(record(config.Volumes)).sort());
}

function describeSize(image: KubeObject, meta: Record<string, unknown>): string {
  const layers = (image.dockerImageLayers ?? []) as { name: string; size: number }[];
  const size = humanSize(Number(meta.Size ?? 0));
  if (layers.length === 0) {
    const manifests = (image.dockerImageManifests ?? []) as {
      digest: string;
      os: string;
      architecture: string;
    }[];
    // a manifest list has no layers; oc prints only the size, we add its platforms
    const platforms = manifests.map((m) => `${m.os}/${m.architecture}\t${m.digest}`);
    return field('Layer Size', size) + (platforms.length > 0 ? lines('Manifests', platforms) : '');
  }
  return (
    field('Image Size', `${size} in ${layers.length} layers`) +
    field('Layers', layers.map((l) => `${humanSize(l.size)}\t${l.name}`).join('\n'))
  );
}

function describeMeta(image: KubeObject, imageName: string, now: Date): string {
  const m = image.metadata;
  let out = imageName ? field('Image Name', imageName) : '';
  out += field('Docker Image', text(image.dockerImageReference));
  out += field('Name', m.name ?? '');
  if (m.creationTimestamp) out += field('Created', ago(m.creationTimestamp, now));
  if (Object.keys(m.labels ?? {}).length > 0) out += mapField('Labels', m.labels ?? {});
  const { 'kubectl.kubernetes.io/last-applied-configuration': _applied, ...annotations } =
    m.annotations ?? {};
  if (Object.keys(m.annotations ?? {}).length > 0) out += mapField('Annotations', annotations);
  return out;
}

/** `oc describe image`, with `imageName` (`stream:tag`) first when given. */
export function describeImage(image: KubeObject, imageName: string, now: Date): string {
  const meta = record(image.dockerImageMetadata);
  let out = describeMeta(image, imageName, now) + describeSize(image, meta);
  out += field('Image Created', ago(text(meta.Created) || undefined, now));
  out += field('Author', text(meta.Author));
  out += field('Arch', text(meta.Architecture));
  out += describeConfig(record(meta.Config));
  return tabwrite(out, OC_DESCRIBE);
}
