/**
 * The history timeline, loaded on demand: Chart.js is most of the console's JavaScript and only
 * the stream page draws it, so it is a chunk of its own. The tags render at once; the chart takes
 * the same room while its chunk loads, so nothing below it moves.
 */
import { useEffect, useState } from 'preact/hooks';
import type { TagView } from '../model/streams.js';
// a type only: erased, so Chart.js stays out of the main chunk
import type { HistoryTimeline } from './history-timeline.js';
import { timelineHeight } from './timeline-size.js';

type Timeline = typeof HistoryTimeline;

let loaded: Promise<Timeline> | undefined;
const load = (): Promise<Timeline> =>
  (loaded ??= import('./history-timeline.js').then((m) => m.HistoryTimeline));

export function LazyTimeline(props: { tags: readonly TagView[]; stream: string }) {
  const [Chart, setChart] = useState<Timeline | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    load().then(
      (c) => live && setChart(() => c),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, []);
  if (Chart) return <Chart {...props} />;
  const rows = props.tags.filter((t) => t.history.length > 0).length;
  return (
    <figure class="timeline" aria-busy={failed ? undefined : 'true'}>
      <div class="timeline-canvas" style={{ height: `${timelineHeight(rows)}px` }} />
      <figcaption>
        {failed
          ? 'The timeline could not be loaded (reload the page); the history tables below hold the same data.'
          : 'Loading the timeline…'}
      </figcaption>
    </figure>
  );
}
