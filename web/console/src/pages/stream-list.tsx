/**
 * /console/ns/NS/imagestreams: the streams of a namespace as `oc get is` lists them, read as the
 * server's Table rows (not the whole streams: stream-rows.ts), a page of rows at a time (drawing
 * 1,000 rows is what made the page slow), with a filter by name.
 */
import { useState } from 'preact/hooks';
import { pages } from '../api/paths.js';
import { STREAM_ROWS, streamRows, type StreamRow } from '../api/stream-rows.js';
import { useWatch } from '../api/use-watch.js';
import { DataTable } from '../components/data-table.js';
import { WatchStatus } from '../components/watch-status.js';
import { streamsByName } from '../model/streams.js';

/** rows drawn at first: a namespace of 1,000 streams shows its first page at once */
const PAGE = 100;

function Row({ s, ns }: { s: StreamRow; ns: string }) {
  const failing = s.failures.length;
  return (
    <tr>
      <td>
        <a href={pages.stream(ns, s.metadata.name)}>{s.metadata.name}</a>
      </td>
      <td class="ref">{s.repository || '-'}</td>
      <td>{s.tags}</td>
      <td>{s.updated || '-'}</td>
      <td class={failing > 0 ? 'error' : ''} title={s.failures.map((f) => f.message).join('\n') || undefined}>
        {failing > 0 ? `${failing} failing` : '-'}
      </td>
    </tr>
  );
}

export function StreamList({ params }: { params: { ns: string } }) {
  const { ns } = params;
  const streams = useWatch<StreamRow>(streamRows(ns), STREAM_ROWS);
  const [filter, setFilter] = useState('');
  const [shown, setShown] = useState(PAGE);
  const sorted = streamsByName(streams.items, filter);
  const rows = sorted.slice(0, shown);
  return (
    <>
      <nav aria-label="Breadcrumb" class="crumbs">
        <a href={pages.overview()}>Overview</a> / <span>{ns}</span>
      </nav>
      <h1>Image streams in {ns}</h1>
      <WatchStatus watches={[streams]} />
      {streams.items.length > PAGE ? (
        <p class="filter">
          <label>
            Name contains{' '}
            <input
              type="search"
              value={filter}
              onInput={(e) => setFilter((e.target as HTMLInputElement).value)}
            />
          </label>
        </p>
      ) : null}
      {sorted.length === 0 && streams.phase !== 'loading' ? (
        <p>
          {filter ? `No image stream in ${ns} has "${filter}" in its name.` : `No image streams in ${ns}.`}
        </p>
      ) : null}
      {sorted.length > 0 ? (
        <DataTable
          caption={<>Image streams in {ns}</>}
          hiddenCaption
          columns={['Name', 'Image repository', 'Tags', 'Updated', 'Failing']}
        >
          {rows.map((s) => (
            <Row key={s.metadata.name} s={s} ns={ns} />
          ))}
        </DataTable>
      ) : null}
      {sorted.length > rows.length ? (
        <p>
          Showing {rows.length} of {sorted.length}.{' '}
          <button type="button" onClick={() => setShown(shown + PAGE)}>
            Show {Math.min(PAGE, sorted.length - rows.length)} more
          </button>{' '}
          <button type="button" onClick={() => setShown(sorted.length)}>
            Show all {sorted.length}
          </button>
        </p>
      ) : null}
    </>
  );
}
