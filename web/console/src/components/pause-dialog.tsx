/**
 * Pause or resume one target that follows a tag, after confirmation, as `isctl rollout
 * pause|resume TARGET --tag STREAM:TAG` (actions/pause-actions.ts): on the stream page, per tag,
 * and on the rollouts page, per target.
 */
import { setPaused } from '../actions/pause-actions.js';
import { ConfirmDialog } from './confirm-dialog.js';

export interface PauseRequest {
  target: string;
  stream: string;
  tag: string;
  /** true: pause; false: resume */
  paused: boolean;
  /** the target's TriggerState, when it has one */
  state: string | undefined;
}

export function PauseDialog(props: {
  namespace: string;
  request: PauseRequest;
  onDone: (message: string | undefined) => void;
}) {
  const { namespace, request, onDone } = props;
  const { target, stream, tag, paused } = request;
  const verb = paused ? 'pause' : 'resume';
  const key = { target, from: { namespace, stream, tag } };
  return (
    <ConfirmDialog
      title={`${paused ? 'Pause' : 'Resume'} ${target} on ${stream}:${tag}`}
      confirmLabel={paused ? 'Pause' : 'Resume'}
      onConfirm={() => setPaused(key, paused, request.state)}
      onDone={onDone}
    >
      <p>
        {paused
          ? 'New images of the tag wait (a rollout Waiting, reason Paused) and nothing rolls out to '
          : 'The latest image of the tag rolls out, if it differs, and later moves follow again, on '}
        <code>{target}</code>, as{' '}
        <code>
          isctl rollout {verb} {target} --tag {stream}:{tag}
        </code>
        .
      </p>
    </ConfirmDialog>
  );
}

/** A follower's Pause or Resume button; its accessible name ends with `label` (the tag). */
export function PauseButton(props: {
  target: string;
  paused: boolean;
  pausedInManifest: boolean;
  label: string;
  onClick: () => void;
}) {
  // a WebhookTrigger paused in its own spec resumes only by editing it
  if (props.pausedInManifest) return <span>Paused in its manifest</span>;
  return (
    <button type="button" onClick={props.onClick}>
      {props.paused ? 'Resume' : 'Pause'}
      <span class="sr-only">
        {' '}
        {props.target} on {props.label}
      </span>
    </button>
  );
}
