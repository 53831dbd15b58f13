/**
 * The dialogs of the tag actions: import now, promote an image to another tag, roll a tag back,
 * pause or resume a target that follows the tag.
 */
import { useState } from 'preact/hooks';
import { setPaused } from '../actions/pause-actions.js';
import { importNow, setTagToImage } from '../actions/tag-actions.js';
import { shortDigest } from '../model/streams.js';
import { ConfirmDialog } from './confirm-dialog.js';

export type PendingAction =
  | { kind: 'import'; tag: string; source: string }
  | { kind: 'promote'; tag: string; digest: string }
  | { kind: 'rollback'; tag: string; digest: string; current: string | undefined }
  | { kind: 'pause'; tag: string; target: string; paused: boolean; state: string | undefined };

interface Props {
  namespace: string;
  stream: string;
  tags: readonly string[];
  action: PendingAction;
  onDone: (message: string | undefined) => void;
}

function PromoteDialog({
  namespace,
  stream,
  tags,
  action,
  onDone,
}: Props & { action: { digest: string; tag: string } }) {
  const [dest, setDest] = useState('');
  const others = tags.filter((t) => t !== action.tag);
  return (
    <ConfirmDialog
      title={`Promote ${stream}@${shortDigest(action.digest)}`}
      confirmLabel="Promote"
      canConfirm={dest.trim() !== ''}
      onConfirm={() => setTagToImage(namespace, stream, action.digest, dest.trim())}
      onDone={onDone}
    >
      <p>
        Points a tag of <strong>{stream}</strong> at the image <code>{action.digest}</code> (now or once in{' '}
        <strong>{action.tag}</strong>), as{' '}
        <code>
          isctl tag {stream}@{shortDigest(action.digest)} {stream}:TAG
        </code>
        .
      </p>
      <label for="promote-to">Tag to point at it</label>
      <input
        id="promote-to"
        name="tag"
        list="promote-tags"
        required
        autoComplete="off"
        value={dest}
        onInput={(e) => setDest((e.target as HTMLInputElement).value)}
      />
      <datalist id="promote-tags">
        {others.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
    </ConfirmDialog>
  );
}

function PauseDialog({
  namespace,
  stream,
  action,
  onDone,
}: Props & { action: { kind: 'pause' } & PauseAction }) {
  const verb = action.paused ? 'pause' : 'resume';
  const key = { target: action.target, from: { namespace, stream, tag: action.tag } };
  return (
    <ConfirmDialog
      title={`${action.paused ? 'Pause' : 'Resume'} ${action.target} on ${stream}:${action.tag}`}
      confirmLabel={action.paused ? 'Pause' : 'Resume'}
      onConfirm={() => setPaused(key, action.paused, action.state)}
      onDone={onDone}
    >
      <p>
        {action.paused
          ? 'New images of the tag wait (a rollout Waiting, reason Paused) and nothing rolls out to '
          : 'The latest image of the tag rolls out, if it differs, and later moves follow again, on '}
        <code>{action.target}</code>, as{' '}
        <code>
          isctl rollout {verb} {action.target} --tag {stream}:{action.tag}
        </code>
        .
      </p>
    </ConfirmDialog>
  );
}

type PauseAction = Extract<PendingAction, { kind: 'pause' }>;

export function TagActionDialog(props: Props) {
  const { namespace, stream, action, onDone } = props;
  if (action.kind === 'promote') return <PromoteDialog {...props} action={action} />;
  if (action.kind === 'pause') return <PauseDialog {...props} action={action} />;
  if (action.kind === 'import')
    return (
      <ConfirmDialog
        title={`Import ${stream}:${action.tag} now`}
        confirmLabel="Import now"
        onConfirm={() => importNow(namespace, stream, action.tag)}
        onDone={onDone}
      >
        <p>
          Reads <code>{action.source}</code> from its registry now and moves the tag if the image changed, as{' '}
          <code>
            isctl import-image {stream}:{action.tag}
          </code>
          .
        </p>
      </ConfirmDialog>
    );
  return (
    <ConfirmDialog
      title={`Roll ${stream}:${action.tag} back`}
      confirmLabel="Roll back"
      onConfirm={() => setTagToImage(namespace, stream, action.digest, action.tag)}
      onDone={onDone}
    >
      <p>
        Points <strong>{action.tag}</strong> at the earlier image <code>{action.digest}</code>
        {action.current ? (
          <>
            {' '}
            instead of <code>{shortDigest(action.current)}</code>
          </>
        ) : null}
        . The tag then keeps that image: it no longer follows its source until it is tagged again.
      </p>
    </ConfirmDialog>
  );
}
