/** /console/images/DIGEST: an image's metadata, platform, layers, labels, env, and the tags that point at it. */
import { byName, pages, paths } from '../api/paths.js';
import { useWatch } from '../api/use-watch.js';
import { Ago } from '../components/time.js';
import { WatchStatus } from '../components/watch-status.js';
import type { Image, ImageStream } from '../model/types.js';

function bytes(n: number | undefined): string {
  if (n === undefined) return '-';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}

interface Pointer {
  namespace: string;
  stream: string;
  tag: string;
  current: boolean;
  created: string;
}

function pointersTo(digest: string, streams: readonly ImageStream[]): Pointer[] {
  const out: Pointer[] = [];
  for (const s of streams)
    for (const t of s.status?.tags ?? [])
      (t.items ?? []).forEach((item, i) => {
        if (item.image === digest)
          out.push({
            namespace: s.metadata.namespace ?? '',
            stream: s.metadata.name,
            tag: t.tag,
            current: i === 0,
            created: item.created,
          });
      });
  return out.sort((a, b) => Number(b.current) - Number(a.current) || b.created.localeCompare(a.created));
}

function Facts({ image }: { image: Image }) {
  const meta = image.dockerImageMetadata;
  const platform = [meta?.Os, meta?.Architecture].filter(Boolean).join('/');
  return (
    <dl class="facts">
      <dt>Reference</dt>
      <dd class="ref">{image.dockerImageReference || '-'}</dd>
      <dt>Platform</dt>
      <dd>{platform || '-'}</dd>
      <dt>Created</dt>
      <dd>
        <Ago at={meta?.Created} />
      </dd>
      <dt>Size</dt>
      <dd>{bytes(meta?.Size)}</dd>
      <dt>Media type</dt>
      <dd>{image.dockerImageManifestMediaType || '-'}</dd>
    </dl>
  );
}

function Layers({ layers }: { layers: Image['dockerImageLayers'] }) {
  return (
    <>
      <h2>Layers</h2>
      {layers.length === 0 ? <p>No layers recorded.</p> : null}
      <ol class="layers">
        {layers.map((l) => (
          <li key={l.name}>
            <code>{l.name}</code> {bytes(l.size)}
          </li>
        ))}
      </ol>
    </>
  );
}

function Labels({ labels }: { labels: Record<string, string> }) {
  const entries = Object.entries(labels);
  return (
    <>
      <h2>Labels</h2>
      {entries.length === 0 ? <p>No labels.</p> : null}
      <dl class="facts">
        {entries.map(([k, v]) => [<dt key={`k-${k}`}>{k}</dt>, <dd key={`v-${k}`}>{v}</dd>])}
      </dl>
    </>
  );
}

function Environment({ env }: { env: readonly string[] }) {
  return (
    <>
      <h2>Environment</h2>
      {env.length === 0 ? <p>No environment.</p> : null}
      <ul class="env">
        {env.map((e) => (
          <li key={e}>
            <code>{e}</code>
          </li>
        ))}
      </ul>
    </>
  );
}

function Metadata({ image }: { image: Image }) {
  const config = image.dockerImageMetadata?.Config;
  return (
    <>
      <Facts image={image} />
      <Layers layers={image.dockerImageLayers ?? []} />
      <Labels labels={config?.Labels ?? {}} />
      <Environment env={config?.Env ?? []} />
    </>
  );
}

export function ImagePage({ params }: { params: { digest: string } }) {
  const digest = decodeURIComponent(params.digest);
  const image = useWatch<Image>(byName(paths.images(), digest));
  const streams = useWatch<ImageStream>(paths.imageStreams());
  const found = image.items[0];
  const pointers = pointersTo(digest, streams.items);
  return (
    <>
      <nav aria-label="Breadcrumb" class="crumbs">
        <a href={pages.overview()}>Overview</a> / <span>image</span>
      </nav>
      <h1 class="digest-title">Image {digest}</h1>
      <WatchStatus watches={[image, streams]} />
      {!found && image.phase !== 'loading' ? <p>No image {digest} is recorded.</p> : null}
      <h2>Tags pointing at it</h2>
      {pointers.length === 0 ? <p>No tag points at it.</p> : null}
      <ul>
        {pointers.map((p) => (
          <li key={`${p.namespace}/${p.stream}:${p.tag}:${p.created}`}>
            <a href={pages.stream(p.namespace, p.stream)}>
              {p.namespace}/{p.stream}:{p.tag}
            </a>{' '}
            {p.current ? 'now' : 'in its history'} (since <Ago at={p.created} />)
          </li>
        ))}
      </ul>
      {found ? <Metadata image={found} /> : null}
    </>
  );
}
