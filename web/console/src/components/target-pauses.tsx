/**
 * The rollouts page's targets: each target with the tag it follows, whether it is paused, its
 * newest rollout, and Pause or Resume after confirmation (as the stream page's followers).
 */
import type { Follower } from '../model/followers.js';
import { DataTable } from './data-table.js';
import { FollowerCells } from './follower-cells.js';
import type { PauseRequest } from './pause-dialog.js';

/** `STREAM:TAG` -> the pause request of `f` (pausing when it follows, resuming when paused). */
function requestOf(f: Follower): PauseRequest {
  const colon = f.tag.indexOf(':');
  return {
    target: f.target,
    stream: f.tag.slice(0, colon),
    tag: f.tag.slice(colon + 1),
    paused: !f.paused,
    state: f.state,
  };
}

export function TargetPauses(props: {
  namespace: string;
  followers: readonly Follower[];
  act: (request: PauseRequest) => void;
}) {
  const { namespace, followers, act } = props;
  if (followers.length === 0) return null;
  return (
    <DataTable
      caption={`Targets following tags of ${namespace}`}
      class="followers"
      columns={['Target', 'Tag', 'Trigger', 'Last rollout', 'Actions']}
    >
      {followers.map((f) => (
        <tr
          key={`${f.target} ${f.tag}`}
          data-target={f.target}
          data-tag={f.tag}
          data-paused={f.paused ? 'true' : 'false'}
        >
          <td>
            <code>{f.target}</code>
          </td>
          <td>{f.tag}</td>
          <FollowerCells
            namespace={namespace}
            follower={f}
            label={f.tag}
            onToggle={() => act(requestOf(f))}
          />
        </tr>
      ))}
    </DataTable>
  );
}
