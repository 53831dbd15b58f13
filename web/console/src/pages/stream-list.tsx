/** /console/ns/NS/imagestreams: the streams of a namespace as `oc get is` lists them. */
import { tagsUpToWidth } from '../../../../src/api/tags-up-to-width.js';
import { pages, paths } from '../api/paths.js';
import { useWatch } from '../api/use-watch.js';
import { Ago } from '../components/time.js';
import { WatchStatus } from '../components/watch-status.js';
import { lastUpdated, tagViews } from '../model/streams.js';
import type { ImageStream } from '../model/types.js';

export function StreamList({ params }: { params: { ns: string } }) {
  const { ns } = params;
  const streams = useWatch<ImageStream>(paths.imageStreams(ns));
  const sorted = [...streams.items].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  return (
    <>
      <nav aria-label="Breadcrumb" class="crumbs">
        <a href={pages.overview()}>Overview</a> / <span>{ns}</span>
      </nav>
      <h1>Image streams in {ns}</h1>
      <WatchStatus watches={[streams]} />
      {sorted.length === 0 && streams.phase !== 'loading' ? <p>No image streams in {ns}.</p> : null}
      {sorted.length > 0 ? (
        <div class="table-wrap">
          <table>
            <caption class="sr-only">Image streams in {ns}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Image repository</th>
                <th scope="col">Tags</th>
                <th scope="col">Updated</th>
                <th scope="col">Failing</th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((s) => {
                const failing = tagViews(s).filter((t) => t.failure).length;
                return (
                  <tr key={s.metadata.name}>
                    <td>
                      <a href={pages.stream(ns, s.metadata.name)}>{s.metadata.name}</a>
                    </td>
                    <td class="ref">{s.status?.dockerImageRepository || '-'}</td>
                    <td>{tagsUpToWidth(s.status?.tags ?? [], 40)}</td>
                    <td>
                      <Ago at={lastUpdated(s)} />
                    </td>
                    <td class={failing > 0 ? 'error' : ''}>{failing > 0 ? `${failing} failing` : '-'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
