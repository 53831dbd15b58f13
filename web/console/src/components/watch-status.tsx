/** Says whether the page follows the server live, and why not when it does not. */
import type { Watched } from '../api/use-watch.js';

const TEXT = {
  loading: 'Loading…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  failed: 'Not available',
} as const;

export function WatchStatus({ watches }: { watches: readonly Watched<unknown>[] }) {
  const failed = watches.find((w) => w.phase === 'failed');
  const reconnecting = watches.find((w) => w.phase === 'reconnecting');
  const loading = watches.some((w) => w.phase === 'loading');
  const phase = failed ? 'failed' : reconnecting ? 'reconnecting' : loading ? 'loading' : 'live';
  const error = (failed ?? reconnecting)?.error;
  return (
    <p class={`watch-status ${phase}`} data-watch={phase} role="status">
      <span class="dot" aria-hidden="true" />
      {TEXT[phase]}
      {error ? <span class="watch-error">: {error.message}</span> : null}
    </p>
  );
}
