/**
 * /console/ns/NS/rollouts: the targets that follow the namespace's tags (Pause or Resume each),
 * then each rollout's target, digests, per-container progress and result.
 */
import { pages, paths } from '../api/paths.js';
import { useWatch } from '../api/use-watch.js';
import { DigestLink } from '../components/digest.js';
import { DataTable } from '../components/data-table.js';
import { Announce, usePendingAction } from '../components/pending-action.js';
import { DecisionButtons, DecisionDialog, type PendingDecision } from '../components/rollout-decision.js';
import { Ago } from '../components/time.js';
import { WatchStatus } from '../components/watch-status.js';
import { PauseDialog, type PauseRequest } from '../components/pause-dialog.js';
import { TargetPauses } from '../components/target-pauses.js';
import { followersIn } from '../model/followers.js';
import { awaitsApproval, rolloutFailed, rolloutPhase } from '../model/rollouts.js';
import type { Rollout, RolloutStep, TriggerState, WebhookTrigger } from '../model/types.js';

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

const COLUMNS = ['Target', 'Tag', 'From', 'To', 'Phase', 'Progress', 'Started'];

export function Rollouts({ params }: { params: { ns: string } }) {
  const { ns } = params;
  const rollouts = useWatch<Rollout>(paths.rollouts(ns));
  const states = useWatch<TriggerState>(paths.triggerStates(ns));
  const webhooks = useWatch<WebhookTrigger>(paths.webhookTriggers(ns));
  const decision = usePendingAction<PendingDecision>();
  const pause = usePendingAction<PauseRequest>();
  const followers = followersIn(ns, rollouts.items, states.items, webhooks.items);
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
      <Announce message={decision.message} />
      <Announce message={pause.message} />
      <TargetPauses namespace={ns} followers={followers} act={pause.start} />
      {sorted.length === 0 && rollouts.phase === 'live' ? <p>No rollouts in {ns}.</p> : null}
      {sorted.length > 0 ? (
        <DataTable caption={`Rollouts in ${ns}, newest first`} hiddenCaption columns={COLUMNS}>
          {sorted.map((r) => (
            <RolloutRow key={r.metadata.name} r={r} decide={decision.start} />
          ))}
        </DataTable>
      ) : null}
      <DecisionDialog decision={decision.pending} onDone={decision.done} />
      {pause.pending ? <PauseDialog namespace={ns} request={pause.pending} onDone={pause.done} /> : null}
    </>
  );
}
