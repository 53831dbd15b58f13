/** One tag of a stream: where it comes from, how its import goes, its history and rollouts. */
import { DataTable } from './data-table.js';
import { sourceText, type TagView } from '../model/streams.js';
import type { Follower } from '../model/followers.js';
import { FollowerCells } from './follower-cells.js';
import { DigestLink } from './digest.js';
import type { PendingAction } from './tag-actions-dialogs.js';
import { Ago } from './time.js';

const STATE_TEXT = {
  failed: 'Import failed',
  importing: 'Importing',
  imported: 'Imported',
  pushed: 'Pushed',
  waiting: 'No image yet',
} as const;

function policyText(t: TagView): string {
  const parts: string[] = [];
  if (t.spec?.reference) parts.push('reference only');
  if (t.spec?.importPolicy?.scheduled) parts.push('scheduled');
  if (t.spec?.importPolicy?.importMode) parts.push(`import mode ${t.spec.importPolicy.importMode}`);
  parts.push(`reference policy ${t.spec?.referencePolicy?.type ?? 'Source'}`);
  return parts.join(', ');
}

function History({ t, act }: { t: TagView; act: (a: PendingAction) => void }) {
  if (t.history.length === 0) return <p>No history yet.</p>;
  return (
    <DataTable
      caption={<>History of {t.name}, newest first</>}
      class="history"
      columns={['Image', 'When', 'Generation', 'Reference', 'Actions']}
    >
      {t.history.map((h, i) => (
        <tr key={`${h.image}-${h.created}`} data-current={i === 0 ? 'true' : undefined}>
          <td>
            <DigestLink digest={h.image} />
            {i === 0 ? <span class="badge">current</span> : null}
          </td>
          <td>
            <Ago at={h.created} />
          </td>
          <td>{h.generation}</td>
          <td class="ref">{h.dockerImageReference}</td>
          <td class="actions">
            <button type="button" onClick={() => act({ kind: 'promote', tag: t.name, digest: h.image })}>
              Promote<span class="sr-only"> {h.image}</span>
            </button>
            {i > 0 && h.image !== t.history[0]?.image ? (
              <button
                type="button"
                onClick={() =>
                  act({ kind: 'rollback', tag: t.name, digest: h.image, current: t.history[0]?.image })
                }
              >
                Roll back
                <span class="sr-only">
                  {' '}
                  {t.name} to {h.image}
                </span>
              </button>
            ) : null}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

function Followers(props: {
  followers: readonly Follower[];
  namespace: string;
  tag: string;
  act: (a: PendingAction) => void;
}) {
  const { followers, namespace, tag, act } = props;
  if (followers.length === 0) return null;
  return (
    <DataTable
      caption={<>Followed by</>}
      class="followers"
      columns={['Target', 'Trigger', 'Last rollout', 'Actions']}
    >
      {followers.map((f) => (
        <tr key={f.target} data-target={f.target} data-paused={f.paused ? 'true' : 'false'}>
          <td>
            <code>{f.target}</code>
          </td>
          <FollowerCells
            namespace={namespace}
            follower={f}
            label={tag}
            withReason
            onToggle={() => act({ kind: 'pause', tag, target: f.target, paused: !f.paused, state: f.state })}
          />
        </tr>
      ))}
    </DataTable>
  );
}

export function TagSection(props: {
  t: TagView;
  namespace: string;
  followers: readonly Follower[];
  act: (a: PendingAction) => void;
}) {
  const { t, act } = props;
  const canImport = t.spec?.from?.kind === 'DockerImage' && !t.spec.reference;
  return (
    <section class="tag" aria-labelledby={`tag-${t.name}`} data-tag={t.name}>
      <div class="tag-head">
        <h3 id={`tag-${t.name}`}>{t.name}</h3>
        <span class={`state ${t.state}`} data-state={t.state}>
          {STATE_TEXT[t.state]}
        </span>
        {canImport ? (
          <button
            type="button"
            onClick={() => act({ kind: 'import', tag: t.name, source: t.spec?.from?.name ?? '' })}
          >
            Import now<span class="sr-only"> {t.name}</span>
          </button>
        ) : null}
      </div>
      <dl class="facts">
        <dt>Source</dt>
        <dd>{sourceText(t.spec)}</dd>
        <dt>Policy</dt>
        <dd>{policyText(t)}</dd>
        <dt>Current image</dt>
        <dd data-current-image={t.history[0]?.image ?? ''}>
          <DigestLink digest={t.history[0]?.image} />
        </dd>
      </dl>
      {(t.status?.conditions ?? []).map((c) => (
        <p key={c.type} class={c.status === 'False' ? 'condition error' : 'condition'}>
          {c.type} {c.status}
          {c.reason ? ` (${c.reason})` : ''}: {c.message ?? ''} <Ago at={c.lastTransitionTime} />
        </p>
      ))}
      <Followers followers={props.followers} namespace={props.namespace} tag={t.name} act={act} />
      <History t={t} act={act} />
    </section>
  );
}
