/** /console/ns/NS/rollouts: each rollout's target, digests, per-container progress and result. */
import { useState } from 'preact/hooks';
import { pages, paths } from '../api/paths.js';
import { useWatch } from '../api/use-watch.js';
import { DigestLink } from '../components/digest.js';
import { DecisionButtons, DecisionDialog, type PendingDecision } from '../components/rollout-decision.js';
import { Ago } from '../components/time.js';
import { WatchStatus } from '../components/watch-status.js';
import { awaitsApproval, rolloutFailed, rolloutPhase } from '../model/rollouts.js';
import type { Rollout, RolloutStep } from '../model/types.js';

/** The last step of each container (the group-wide pull under "all"). */
function progress(steps: readonly RolloutStep[]): { container: string; step: RolloutStep }[] {
  const last = new Map<string, RolloutStep>();
  for (const s of steps) last.set(s.container || 'all', s);
  return [...last.entries()].map(([container, step]) => ({ container, step }));
}

function RolloutRow({ r, decide }: { r: Rollout; decide: (d: PendingDecision) => void }) {
  const spec = r.spec ?? {};
  const status = r.status ?? {};
  const phase = rolloutPhase(r);
  return (
    <tr id={`rollout-${r.metadata.name}`}>
      <td>
        <a href={pages.rollout(r.metadata.namespace ?? '', r.metadata.name)}>
          <code>{spec.target}</code>
          <span class="sr-only"> rollout {r.metadata.name}</span>
        </a>
      </td>
      <td>{spec.from?.name}</td>
      <td>
        <DigestLink digest={spec.fromDigest} />
      </td>
      <td>
        <DigestLink digest={spec.toDigest} />
      </td>
      <td class={rolloutFailed(r) ? 'error' : ''} data-phase={phase}>
        {phase}
        {status.reason && status.reason !== phase ? `: ${status.reason}` : ''}
        {status.nextWindow ? (
          <>
            {' '}
            (window opens <Ago at={status.nextWindow} />)
          </>
        ) : null}
        {awaitsApproval(r) ? (
          <>
            {' '}
            <DecisionButtons r={r} decide={decide} />
          </>
        ) : null}
      </td>
      <td>
        <ul class="steps">
          {progress(status.steps ?? []).map(({ container, step }) => (
            <li key={container}>
              {container}: {step.action} {step.ok ? 'ok' : 'failed'}
            </li>
          ))}
        </ul>
      </td>
      <td>
        <Ago at={status.started} />
      </td>
    </tr>
  );
}

export function Rollouts({ params }: { params: { ns: string } }) {
  const { ns } = params;
  const rollouts = useWatch<Rollout>(paths.rollouts(ns));
  const [decision, setDecision] = useState<PendingDecision | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  const sorted = [...rollouts.items].sort((a, b) =>
    (b.status?.started ?? '').localeCompare(a.status?.started ?? ''),
  );
  return (
    <>
      <nav aria-label="Breadcrumb" class="crumbs">
        <a href={pages.overview()}>Overview</a> / <a href={pages.streams(ns)}>{ns}</a> / <span>rollouts</span>
      </nav>
      <h1>Rollouts in {ns}</h1>
      <WatchStatus watches={[rollouts]} />
      <p class="announce" role="status" aria-live="polite">
        {message ?? ''}
      </p>
      {sorted.length === 0 && rollouts.phase === 'live' ? <p>No rollouts in {ns}.</p> : null}
      {sorted.length > 0 ? (
        <div class="table-wrap">
          <table>
            <caption class="sr-only">Rollouts in {ns}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Target</th>
                <th scope="col">Tag</th>
                <th scope="col">From</th>
                <th scope="col">To</th>
                <th scope="col">Phase</th>
                <th scope="col">Progress</th>
                <th scope="col">Started</th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((r) => (
                <RolloutRow key={r.metadata.name} r={r} decide={setDecision} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {decision ? (
        <DecisionDialog
          decision={decision}
          onDone={(m) => {
            setDecision(undefined);
            if (m) setMessage(m);
          }}
        />
      ) : null}
    </>
  );
}
