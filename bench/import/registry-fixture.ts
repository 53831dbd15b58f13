/** The import benchmark's registry: REPOS repositories of TAGS small images each, pushed over HTTP. */
import { pushImage, type PushTarget } from '../../test/support/registry/index.js';
import { runCount } from '../support/measure.js';

export interface PushedTag {
  repository: string;
  tag: string;
  digest: string;
}

export const repositoryName = (r: number): string => `bench/repo-${r}`;
export const tagName = (t: number): string => `v${t}`;

/** Pushes every image (a config and one tiny layer, each image distinct); returns what it pushed. */
export async function pushFixture(
  target: PushTarget,
  repositories: number,
  tags: number,
  concurrency = 8,
): Promise<{ pushed: PushedTag[]; elapsedMs: number }> {
  const pushed: PushedTag[] = [];
  const elapsedMs = await runCount(repositories * tags, concurrency, async (i) => {
    const repository = repositoryName(Math.floor(i / tags));
    const tag = tagName(i % tags);
    const image = await pushImage(target, repository, tag);
    pushed.push({ repository, tag, digest: image.digest });
  });
  return { pushed, elapsedMs };
}
