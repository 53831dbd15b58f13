/** /console/ns/NS/rollouts/NAME: one rollout, every step of it as the trigger controller recorded it. */
import { byName, pages, paths } from '../api/paths.js';
import { useWatch } from '../api/use-watch.js';
import { DigestLink } from '../components/digest.js';
import { Ago } from '../components/time.js';
import { WatchStatus } from '../components/watch-status.js';
import type { Rollout } from '../model/types.js';

function Steps({ r }: { r: Rollout }) {
  const steps = r.status?.steps ?? [];
  if (steps.length === 0) return <p>No step recorded yet.</p>;
  return (
    <div class="table-wrap">
      <table>
        <caption>Steps, in order</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Container</th>
            <th scope="col">Step</th>
            <th scope="col">Result</th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {steps.map((s, i) => (
            <tr key={`${i}-${s.at}`}>
              <td>
                <Ago at={s.at} />
              </td>
              <td>{s.container || 'all'}</td>
              <td>{s.action}</td>
              <td class={s.ok ? '' : 'error'}>{s.ok ? 'ok' : 'failed'}</td>
              <td>{s.message ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Facts({ r }: { r: Rollout }) {
  const spec = r.spec ?? {};
  const status = r.status ?? {};
  const result = status.result ?? 'Running';
  return (
    <dl class="facts">
      <dt>Target</dt>
      <dd>
        <code>{spec.target}</code> ({(spec.containers ?? []).join(', ')})
      </dd>
      <dt>Follows</dt>
      <dd>{spec.from?.name}</dd>
      <dt>From</dt>
      <dd>
        <DigestLink digest={spec.fromDigest} />
      </dd>
      <dt>To</dt>
      <dd>
        <DigestLink digest={spec.toDigest} /> <span class="ref">{spec.toReference}</span>
      </dd>
      <dt>Result</dt>
      <dd class={result === 'Succeeded' || result === 'Running' ? '' : 'error'} data-result={result}>
        {result}
        {status.reason ? `: ${status.reason}` : ''}
      </dd>
      <dt>Started</dt>
      <dd>
        <Ago at={status.started} />
      </dd>
      <dt>Finished</dt>
      <dd>{status.finished ? <Ago at={status.finished} /> : 'not yet'}</dd>
    </dl>
  );
}

export function RolloutDetail({ params }: { params: { ns: string; name: string } }) {
  const { ns, name } = params;
  const rollout = useWatch<Rollout>(byName(paths.rollouts(ns), name));
  const r = rollout.items[0];
  return (
    <>
      <nav aria-label="Breadcrumb" class="crumbs">
        <a href={pages.overview()}>Overview</a> / <a href={pages.rollouts(ns)}>rollouts in {ns}</a> /{' '}
        <span>{name}</span>
      </nav>
      <h1>Rollout {name}</h1>
      <WatchStatus watches={[rollout]} />
      {!r && rollout.phase !== 'loading' ? (
        <p>
          No rollout {name} in {ns}.
        </p>
      ) : null}
      {r ? (
        <>
          <Facts r={r} />
          <h2>Steps</h2>
          <Steps r={r} />
        </>
      ) : null}
    </>
  );
}
