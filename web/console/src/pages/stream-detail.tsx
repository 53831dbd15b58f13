/** /console/ns/NS/imagestreams/NAME: each tag with its source, import status and history. */
import { pageLists } from '../api/first-lists.js';
import { pages } from '../api/paths.js';
import { useWatch } from '../api/use-watch.js';
import { Announce, usePendingAction } from '../components/pending-action.js';
import { LazyTimeline } from '../components/lazy-timeline.js';
import { TagActionDialog, type PendingAction } from '../components/tag-actions-dialogs.js';
import { TagSection } from '../components/tag-section.js';
import { WatchStatus } from '../components/watch-status.js';
import { tagViews } from '../model/streams.js';
import { followersIn } from '../model/followers.js';
import type { ImageStream, Rollout, TriggerState, WebhookTrigger } from '../model/types.js';

export function StreamDetail({ params }: { params: { ns: string; name: string } }) {
  const { ns, name } = params;
  const lists = pageLists.stream(ns, name);
  const stream = useWatch<ImageStream>(lists.stream);
  const rollouts = useWatch<Rollout>(lists.rollouts);
  const states = useWatch<TriggerState>(lists.states);
  const webhooks = useWatch<WebhookTrigger>(lists.webhooks);
  const action = usePendingAction<PendingAction>();
  const current = stream.items[0];
  const tags = current ? tagViews(current) : [];
  const followers = followersIn(ns, rollouts.items, states.items, webhooks.items);
  const following = (tag: string) => followers.filter((f) => f.tag === `${name}:${tag}`);
  return (
    <>
      <nav aria-label="Breadcrumb" class="crumbs">
        <a href={pages.overview()}>Overview</a> / <a href={pages.streams(ns)}>{ns}</a> / <span>{name}</span>
      </nav>
      <h1>Image stream {name}</h1>
      <WatchStatus watches={[stream]} />
      <Announce message={action.message} />
      {!current && stream.phase !== 'loading' ? (
        <p>
          No image stream {name} in {ns}.
        </p>
      ) : null}
      {current ? (
        <>
          {current.status?.dockerImageRepository ? (
            <p class="repo">
              Repository <code>{current.status.dockerImageRepository}</code>
            </p>
          ) : null}
          <LazyTimeline tags={tags} stream={name} />
          <h2>Tags</h2>
          {tags.length === 0 ? <p>No tags.</p> : null}
          {tags.map((t) => (
            <TagSection key={t.name} t={t} namespace={ns} followers={following(t.name)} act={action.start} />
          ))}
        </>
      ) : null}
      {action.pending ? (
        <TagActionDialog
          namespace={ns}
          stream={name}
          tags={tags.map((t) => t.name)}
          action={action.pending}
          onDone={action.done}
        />
      ) : null}
    </>
  );
}
