/** A digest as a link to its image page, shortened for reading, whole for screen readers and copying. */
import { pages } from '../api/paths.js';
import { shortDigest } from '../model/streams.js';

export function DigestLink({ digest }: { digest: string | undefined }) {
  if (!digest) return <span>-</span>;
  return (
    <a class="digest" href={pages.image(digest)} title={digest}>
      {shortDigest(digest)}
      <span class="sr-only"> (image {digest})</span>
    </a>
  );
}
