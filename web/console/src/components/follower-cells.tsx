/**
 * The cells a follower's row has on the stream page and on the rollouts page: whether its trigger
 * follows or is paused, its newest rollout, and Pause or Resume.
 */
import { pages } from '../api/paths.js';
import type { Follower } from '../model/followers.js';
import { rolloutPhase } from '../model/rollouts.js';
import { PauseButton } from './pause-dialog.js';

export function FollowerCells(props: {
  namespace: string;
  follower: Follower;
  /** the Pause/Resume button's accessible label */
  label: string;
  /** the newest rollout's reason while it has not finished, after its phase */
  withReason?: boolean;
  onToggle: () => void;
}) {
  const { namespace, follower: f, label, withReason, onToggle } = props;
  const reason =
    withReason && f.last?.status?.reason && !f.last.status.finished ? `: ${f.last.status.reason}` : '';
  return (
    <>
      <td>{f.paused ? <span class="badge paused">Paused</span> : 'Following'}</td>
      <td>
        {f.last ? (
          <a href={pages.rollout(namespace, f.last.metadata.name)}>
            {rolloutPhase(f.last)}
            {reason}
          </a>
        ) : (
          'none'
        )}
      </td>
      <td class="actions">
        <PauseButton
          target={f.target}
          paused={f.paused}
          pausedInManifest={f.pausedInManifest}
          label={label}
          onClick={onToggle}
        />
      </td>
    </>
  );
}
