/** /console/ns/NS/events: the namespace's events, newest first, warnings marked. */
import { DataTable } from '../components/data-table.js';
import { pages, paths } from '../api/paths.js';
import { useWatch } from '../api/use-watch.js';
import { Ago } from '../components/time.js';
import { WatchStatus } from '../components/watch-status.js';
import type { CoreEvent } from '../model/types.js';

const MAX_SHOWN = 500;
const when = (e: CoreEvent): string => e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? '';

export function Events({ params }: { params: { ns: string } }) {
  const { ns } = params;
  const events = useWatch<CoreEvent>(paths.events(ns));
  const sorted = [...events.items].sort((a, b) => when(b).localeCompare(when(a))).slice(0, MAX_SHOWN);
  return (
    <>
      <nav aria-label="Breadcrumb" class="crumbs">
        <a href={pages.overview()}>Overview</a> / <a href={pages.streams(ns)}>{ns}</a> / <span>events</span>
      </nav>
      <h1>Events in {ns}</h1>
      <WatchStatus watches={[events]} />
      {sorted.length === 0 && events.phase === 'live' ? <p>No events in {ns}.</p> : null}
      {sorted.length > 0 ? (
        <DataTable
          caption={<>Events in {ns}, newest first</>}
          hiddenCaption
          columns={['Last seen', 'Type', 'Reason', 'Object', 'Message', 'Count']}
        >
          {sorted.map((e) => {
            const obj = e.involvedObject;
            const isStream = obj?.kind === 'ImageStream' && obj.name;
            return (
              <tr key={e.metadata.name} class={e.type === 'Warning' ? 'warning' : ''}>
                <td>
                  <Ago at={when(e)} />
                </td>
                <td>{e.type}</td>
                <td>{e.reason}</td>
                <td>
                  {isStream ? (
                    <a href={pages.stream(ns, obj.name ?? '')}>ImageStream {obj.name}</a>
                  ) : (
                    `${obj?.kind ?? ''} ${obj?.name ?? ''}`
                  )}
                </td>
                <td>{e.message}</td>
                <td>{e.count ?? 1}</td>
              </tr>
            );
          })}
        </DataTable>
      ) : null}
    </>
  );
}
