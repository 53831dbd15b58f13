/** A timestamp as "3 minutes ago", the exact time in a tooltip and in the markup for machines. */
import { relativeAgo } from '../../../../src/api/human-duration.js';

export function Ago({ at }: { at: string | undefined }) {
  if (!at) return <span>-</span>;
  const exact = new Date(at);
  const label = Number.isNaN(exact.getTime()) ? at : exact.toLocaleString();
  return (
    <time dateTime={at} title={label}>
      {relativeAgo(at, new Date())}
    </time>
  );
}
