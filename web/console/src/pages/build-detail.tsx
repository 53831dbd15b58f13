/** /console/ns/NS/builds/NAME: one build, its phase (live) and its log as it is written. */
import { byName, pages, paths } from '../api/paths.js';
import { useFollowedLog, type FollowedLog } from '../api/use-followed-log.js';
import { useWatch } from '../api/use-watch.js';
import { Ago } from '../components/time.js';
import { WatchStatus } from '../components/watch-status.js';
import { buildConfigOf, buildFailed, buildPhase, causes } from '../model/builds.js';
import type { Build } from '../model/types.js';

function Facts({ b }: { b: Build }) {
  const phase = buildPhase(b);
  const status = b.status ?? {};
  const bc = buildConfigOf(b);
  return (
    <dl class="facts">
      <dt>Phase</dt>
      <dd class={buildFailed(b) ? 'error' : ''} data-phase={phase}>
        {phase}
        {status.reason ? `: ${status.reason}` : ''}
      </dd>
      {status.message ? (
        <>
          <dt>Message</dt>
          <dd>{status.message}</dd>
        </>
      ) : null}
      <dt>Build config</dt>
      <dd>{bc ?? '-'}</dd>
      <dt>Triggered by</dt>
      <dd>{causes(b) || '-'}</dd>
      <dt>Started</dt>
      <dd>
        <Ago at={status.startTimestamp} />
      </dd>
      <dt>Finished</dt>
      <dd>{status.completionTimestamp ? <Ago at={status.completionTimestamp} /> : 'not yet'}</dd>
      {status.outputDockerImageReference ? (
        <>
          <dt>Output</dt>
          <dd>
            <code>{status.outputDockerImageReference}</code>
          </dd>
        </>
      ) : null}
    </dl>
  );
}

const LOG_STATE = {
  loading: 'Connecting…',
  following: 'Following the log as it is written',
  ended: 'The log is complete',
  failed: 'The log is not available',
} as const;

function Log({ log }: { log: FollowedLog }) {
  return (
    <>
      <p class="log-state" data-log={log.phase}>
        {LOG_STATE[log.phase]}
        {log.error ? `: ${log.error}` : ''}
      </p>
      {/* a scrollable region: focusable so keyboard users can scroll it */}
      <pre class="build-log" tabIndex={0} aria-label="Build log">
        {log.text}
      </pre>
    </>
  );
}

export function BuildDetail({ params }: { params: { ns: string; name: string } }) {
  const { ns, name } = params;
  const build = useWatch<Build>(byName(paths.builds(ns), name));
  const log = useFollowedLog(paths.buildLogFollow(ns, name));
  const b = build.items[0];
  return (
    <>
      <nav aria-label="Breadcrumb" class="crumbs">
        <a href={pages.overview()}>Overview</a> / <a href={pages.builds(ns)}>builds in {ns}</a> /{' '}
        <span>{name}</span>
      </nav>
      <h1>Build {name}</h1>
      <WatchStatus watches={[build]} />
      {!b && build.phase !== 'loading' ? (
        <p>
          No build {name} in {ns}.
        </p>
      ) : null}
      {b ? <Facts b={b} /> : null}
      <h2>Log</h2>
      <Log log={log} />
    </>
  );
}
