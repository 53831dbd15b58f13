/** /console/ns/NS/builds: the BuildConfigs (with "Start build") and the builds with their phase, live. */
import { DataTable } from '../components/data-table.js';
import { Announce, usePendingAction } from '../components/pending-action.js';
import { startBuild } from '../actions/build-actions.js';
import { pages, paths } from '../api/paths.js';
import { useWatch } from '../api/use-watch.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { Ago } from '../components/time.js';
import { WatchStatus } from '../components/watch-status.js';
import { buildFailed, buildPhase, causes, newestFirst, outputName, strategyType } from '../model/builds.js';
import type { Build, BuildConfig } from '../model/types.js';

function ConfigRow({ bc, start }: { bc: BuildConfig; start: (name: string) => void }) {
  const name = bc.metadata.name;
  return (
    <tr id={`bc-${name}`}>
      <th scope="row">{name}</th>
      <td>{strategyType(bc)}</td>
      <td>{outputName(bc)}</td>
      <td>{bc.status?.lastVersion ?? 0}</td>
      <td>
        <button type="button" onClick={() => start(name)}>
          Start build<span class="sr-only"> of {name}</span>
        </button>
      </td>
    </tr>
  );
}

function BuildRow({ b }: { b: Build }) {
  const ns = b.metadata.namespace ?? '';
  const phase = buildPhase(b);
  return (
    <tr id={`build-${b.metadata.name}`}>
      <td>
        <a href={pages.build(ns, b.metadata.name)}>{b.metadata.name}</a>
      </td>
      <td class={buildFailed(b) ? 'error' : ''} data-phase={phase}>
        {phase}
        {b.status?.reason ? `: ${b.status.reason}` : ''}
      </td>
      <td>{causes(b)}</td>
      <td>
        <Ago at={b.status?.startTimestamp ?? b.metadata.creationTimestamp} />
      </td>
      <td>{b.status?.completionTimestamp ? <Ago at={b.status.completionTimestamp} /> : 'not yet'}</td>
    </tr>
  );
}

function Configs({ items, start }: { items: BuildConfig[]; start: (name: string) => void }) {
  if (items.length === 0) return <p>No build configs.</p>;
  return (
    <DataTable caption="Build configs" hiddenCaption columns={['Name', 'Type', 'Output', 'Latest', 'Action']}>
      {[...items]
        .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
        .map((bc) => (
          <ConfigRow key={bc.metadata.name} bc={bc} start={start} />
        ))}
    </DataTable>
  );
}

function BuildTable({ items }: { items: Build[] }) {
  if (items.length === 0) return <p>No builds.</p>;
  return (
    <DataTable
      caption="Builds, newest first"
      hiddenCaption
      columns={['Build', 'Phase', 'Triggered by', 'Started', 'Finished']}
    >
      {newestFirst(items).map((b) => (
        <BuildRow key={b.metadata.name} b={b} />
      ))}
    </DataTable>
  );
}

export function Builds({ params }: { params: { ns: string } }) {
  const { ns } = params;
  const configs = useWatch<BuildConfig>(paths.buildConfigs(ns));
  const builds = useWatch<Build>(paths.builds(ns));
  const starting = usePendingAction<string>();
  return (
    <>
      <nav aria-label="Breadcrumb" class="crumbs">
        <a href={pages.overview()}>Overview</a> / <a href={pages.streams(ns)}>{ns}</a> / <span>builds</span>
      </nav>
      <h1>Builds in {ns}</h1>
      <WatchStatus watches={[configs, builds]} />
      <Announce message={starting.message} />
      <h2>Build configs</h2>
      {configs.phase === 'loading' ? null : <Configs items={configs.items} start={starting.start} />}
      <h2>Builds</h2>
      {builds.phase === 'loading' ? null : <BuildTable items={builds.items} />}
      {starting.pending ? (
        <ConfirmDialog
          title={`Start a build of ${starting.pending}`}
          confirmLabel="Start build"
          onConfirm={() => startBuild(ns, starting.pending ?? '')}
          onDone={starting.done}
        >
          <p>
            Builds <strong>{starting.pending}</strong> now, from its current source and base image, as{' '}
            <code>isctl start-build {starting.pending}</code>.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
