/** /console/: namespaces and their counts, failures first, and what moved recently. */
import { DataTable } from '../components/data-table.js';
import { pageLists } from '../api/first-lists.js';
import { pages } from '../api/paths.js';
import { useWatch } from '../api/use-watch.js';
import { DigestLink } from '../components/digest.js';
import { Ago } from '../components/time.js';
import { WatchStatus } from '../components/watch-status.js';
import { failingTags, namespaceCounts, recentMoves } from '../model/streams.js';
import type { ImageStream, KubeObject, Rollout } from '../model/types.js';

const RECENT = 10;

function Failures({ streams, rollouts }: { streams: readonly ImageStream[]; rollouts: readonly Rollout[] }) {
  const failing = failingTags(streams);
  const failedRollouts = rollouts
    .filter((r) => r.status?.result === 'Failed' || r.status?.result === 'RolledBack')
    .sort((a, b) => (b.status?.started ?? '').localeCompare(a.status?.started ?? ''))
    .slice(0, RECENT);
  return (
    <section aria-labelledby="failures">
      <h2 id="failures">Failures</h2>
      {failing.length === 0 && failedRollouts.length === 0 ? <p>Nothing is failing.</p> : null}
      <ul class="failures">
        {failing.map((f) => (
          <li key={`${f.namespace}/${f.stream}:${f.tag}`} class="error">
            <a href={pages.stream(f.namespace, f.stream)}>
              {f.namespace}/{f.stream}:{f.tag}
            </a>{' '}
            import failed ({f.condition.reason ?? 'unknown'}): {f.condition.message ?? ''}{' '}
            <Ago at={f.condition.lastTransitionTime} />
          </li>
        ))}
        {failedRollouts.map((r) => (
          <li key={r.metadata.name} class="error">
            <a href={pages.rollout(r.metadata.namespace ?? '', r.metadata.name)}>
              rollout of {r.spec?.target}
            </a>{' '}
            {r.status?.result}: {r.status?.reason ?? ''} <Ago at={r.status?.started} />
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Overview() {
  const lists = pageLists.overview();
  const streams = useWatch<ImageStream>(lists.streams);
  const namespaces = useWatch<KubeObject>(lists.namespaces);
  const rollouts = useWatch<Rollout>(lists.rollouts);
  const counts = namespaceCounts(
    namespaces.items.map((n) => n.metadata.name),
    streams.items,
  );
  const moves = recentMoves(streams.items, RECENT);
  return (
    <>
      <h1>Overview</h1>
      <WatchStatus watches={[streams, namespaces]} />
      <Failures streams={streams.items} rollouts={rollouts.items} />
      <section aria-labelledby="namespaces">
        <h2 id="namespaces">Namespaces</h2>
        <DataTable
          caption="Namespaces with their image streams, tags and failing tags"
          hiddenCaption
          columns={['Namespace', 'Image streams', 'Tags', 'Failing', 'More']}
        >
          {counts.map((c) => (
            <tr key={c.namespace}>
              <td>
                <a href={pages.streams(c.namespace)}>{c.namespace}</a>
              </td>
              <td>{c.streams}</td>
              <td>{c.tags}</td>
              <td class={c.failing > 0 ? 'error' : ''}>{c.failing}</td>
              <td>
                <a href={pages.rollouts(c.namespace)}>
                  rollouts<span class="sr-only"> in {c.namespace}</span>
                </a>
                {' · '}
                <a href={pages.events(c.namespace)}>
                  events<span class="sr-only"> in {c.namespace}</span>
                </a>
              </td>
            </tr>
          ))}
        </DataTable>
      </section>
      <section aria-labelledby="recent">
        <h2 id="recent">Recently moved</h2>
        {moves.length === 0 ? <p>No tag has an image yet.</p> : null}
        <ul class="moves">
          {moves.map((m) => (
            <li key={`${m.namespace}/${m.stream}:${m.tag}`}>
              <a href={pages.stream(m.namespace, m.stream)}>
                {m.namespace}/{m.stream}:{m.tag}
              </a>{' '}
              {m.previous ? (
                <>
                  moved from <DigestLink digest={m.previous.image} /> to{' '}
                </>
              ) : (
                'set to '
              )}
              <DigestLink digest={m.event.image} /> <Ago at={m.event.created} />
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
