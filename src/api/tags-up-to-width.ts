/**
 * The TAGS cell of `oc get is`: every status tag (imported or not), the most recently updated first,
 * as many as fit in the budgeted width, then "+ N more...". OpenShift's `SortStatusTags` and
 * `printTagsUpToWidth` (openshift-apiserver pkg/image/printers). Pure.
 */

export interface StatusTagLike {
  tag?: string;
  items?: readonly { created?: string | null }[] | null;
}

/** Newest first by items[0].created rounded to the second (no history: last); ties by name. */
export function sortStatusTags(tags: readonly StatusTagLike[]): string[] {
  const created = (t: StatusTagLike): number => {
    const ms = Date.parse(t.items?.[0]?.created ?? '');
    return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : Math.round(ms / 1000);
  };
  return tags
    .map((t) => ({ name: t.tag ?? '', created: created(t) }))
    .sort((a, b) => {
      if (a.created !== b.created) return a.created > b.created ? -1 : 1;
      return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
    })
    .map((t) => t.name);
}

/**
 * At least one tag; past the width, a tag still goes in while the overflow stays within a quarter
 * of the width (so the column's edge is less ragged).
 */
export function tagsUpToWidth(statusTags: readonly StatusTagLike[], preferredWidth: number): string {
  let tags = sortStatusTags(statusTags);
  const all = tags.length;
  let remaining = preferredWidth;
  for (let i = 0; i < all; i++) {
    const tag = tags[i]!;
    remaining -= tag.length + 1;
    if (remaining >= 0) continue;
    if (i === 0) {
      tags = tags.slice(0, 1);
      break;
    }
    const margin = Math.trunc(preferredWidth / 4);
    if (margin < remaining + tag.length && margin >= -remaining) continue;
    tags = tags.slice(0, i);
    break;
  }
  const hidden = statusTags.length - tags.length;
  return hidden > 0 ? `${tags.join(',')} + ${hidden} more...` : tags.join(',');
}
