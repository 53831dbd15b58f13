/** /console/ns/NS/rollouts/NAME: one rollout, every step of it as the trigger controller recorded it. */
import { byName, pages, paths } from '../api/paths.js';
import { useWatch } from '../api/use-watch.js';
import { DigestLink } from '../components/digest.js';
import { DataTable } from '../components/data-table.js';
import { Announce, usePendingAction } from '../components/pending-action.js';
import { DecisionButtons, DecisionDialog, type PendingDecision } from '../components/rollout-decision.js';
import { Ago } from '../components/time.js';
import { WatchStatus } from '../components/watch-status.js';
import { awaitsApproval, rolloutFailed, rolloutPhase } from '../model/rollouts.js';
import type { Rollout } from '../model/types.js';

function Steps({ r }: { r: Rollout }) {
  const steps = r.status?.steps ?? [];
  if (steps.length === 0) return <p>No step recorded yet.</p>;
  return (
    <DataTable caption="Steps, in order" columns={['When', 'Container', 'Step', 'Result', 'Message']}>
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
    </DataTable>
  );
}

function Facts({ r }: { r: Rollout }) {
  const spec = r.spec ?? {};
  const status = r.status ?? {};
  const phase = rolloutPhase(r);
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
      <dt>Phase</dt>
      <dd class={rolloutFailed(r) ? 'error' : ''} data-result={phase}>
        {phase}
        {status.reason && status.reason !== phase ? `: ${status.reason}` : ''}
      </dd>
      {status.message ? (
        <>
          <dt>Message</dt>
          <dd>{status.message}</dd>
        </>
      ) : null}
      {status.nextWindow ? (
        <>
          <dt>Next window</dt>
          <dd>
            <Ago at={status.nextWindow} /> ({status.nextWindow})
          </dd>
        </>
      ) : null}
      {spec.approval ? (
        <>
          <dt>Decision</dt>
          <dd>{spec.approval}</dd>
        </>
      ) : null}
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
  const decision = usePendingAction<PendingDecision>();
  return (
    <>
      <nav aria-label="Breadcrumb" class="crumbs">
        <a href={pages.overview()}>Overview</a> / <a href={pages.rollouts(ns)}>rollouts in {ns}</a> /{' '}
        <span>{name}</span>
      </nav>
      <h1>Rollout {name}</h1>
      <WatchStatus watches={[rollout]} />
      <Announce message={decision.message} />
      {!r && rollout.phase !== 'loading' ? (
        <p>
          No rollout {name} in {ns}.
        </p>
      ) : null}
      {r ? (
        <>
          <Facts r={r} />
          {awaitsApproval(r) ? (
            <p>
              This rollout awaits approval: <DecisionButtons r={r} decide={decision.start} />
            </p>
          ) : null}
          <h2>Steps</h2>
          <Steps r={r} />
        </>
      ) : null}
      <DecisionDialog decision={decision.pending} onDone={decision.done} />
    </>
  );
}
