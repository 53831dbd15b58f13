/**
 * The dialogs of the tag actions: import now, promote an image to another tag, roll a tag back,
 * pause or resume a target that follows the tag.
 */
import { useState } from 'preact/hooks';
import { importNow, setTagToImage } from '../actions/tag-actions.js';
import { shortDigest } from '../model/streams.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { PauseDialog } from './pause-dialog.js';

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

export function TagActionDialog(props: Props) {
  const { namespace, stream, action, onDone } = props;
  if (action.kind === 'promote') return <PromoteDialog {...props} action={action} />;
  if (action.kind === 'pause')
    return <PauseDialog namespace={namespace} request={{ ...action, stream }} onDone={onDone} />;
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
