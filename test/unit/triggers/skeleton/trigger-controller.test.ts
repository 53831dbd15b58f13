/**
 * The skeleton's bookkeeping with a recording source and an injected clock: which follower
 * changes and stream changes lead to a reconcile of which follower, retries, wake-ups, and that
 * a replica that no longer leads does nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { alwaysLeader } from '../../../../src/controllers/leader-election.js';
import { whileLeader } from '../../../../src/controllers/while-leader.js';
import { manualClock } from '../../../support/manual-clock.js';
import type { FollowedTag } from '../../../../src/triggers/skeleton/follow-index.js';
import {
  createTriggerController,
  type ReconcileResult,
  type TriggerController,
  type TriggerControllerOptions,
} from '../../../../src/triggers/skeleton/trigger-controller.js';
import { stream, V1, V2, V3 } from '../controller/fixtures.js';

interface Follower {
  follows: FollowedTag[];
  version?: number;
}

const tag = (stream: string, t = 'latest', namespace = 'default'): FollowedTag => ({
  namespace,
  stream,
  tag: t,
});

let controller: TriggerController<Follower> | undefined;
afterEach(async () => {
  await controller?.stop();
  controller = undefined;
});

function recording(
  options: Partial<TriggerControllerOptions<Follower>> & {
    fingerprint?: boolean;
    reconcile?: (key: string) => Promise<ReconcileResult | void>;
  } = {},
) {
  const reconciled: string[] = [];
  const { fingerprint, reconcile, ...rest } = options;
  controller = createTriggerController<Follower>({
    source: {
      name: 'test',
      follows: (f) => f.follows,
      ...(fingerprint ? { fingerprint: (f: Follower) => String(f.version ?? 0) } : {}),
      async reconcile(key) {
        reconciled.push(key);
        return reconcile?.(key);
      },
    },
    ...rest,
  });
  const c = controller;
  /** what ran since the last call, sorted */
  const ran = async (): Promise<string[]> => {
    await c.idle();
    return reconciled.splice(0).sort();
  };
  return { c, ran };
}

/** `name`'s `latest` and `v1` tags at the given heads */
function twoTags(name: string, latest: string, v1: string, namespace = 'default') {
  const s = stream(name, [latest]);
  s.metadata.namespace = namespace;
  const head = s.status!.tags![0]!;
  s.status!.tags = [
    head,
    { tag: 'v1', items: [{ ...head.items![0]!, image: v1, dockerImageReference: `r/x@${v1}` }] },
  ];
  return s;
}

describe('createTriggerController', () => {
  it('reconciles exactly the followers of the tags a stream change moved', async () => {
    const { c, ran } = recording();
    c.upsert('a', { follows: [tag('app')] });
    c.upsert('b', { follows: [tag('app', 'v1')] });
    c.upsert('c', { follows: [tag('other')] });
    c.upsert('d', { follows: [tag('app', 'latest', 'team')] });
    c.upsert('e', { follows: [tag('app', 'v1'), tag('other')] });
    expect(await ran()).toEqual(['a', 'b', 'c', 'd', 'e']);

    c.onImageStreamChanged(twoTags('app', V1, V1));
    expect(await ran()).toEqual(['a', 'b', 'e']);
    c.onImageStreamChanged(twoTags('app', V2, V1));
    expect(await ran()).toEqual(['a']);
    c.onImageStreamChanged(twoTags('app', V2, V3));
    expect(await ran()).toEqual(['b', 'e']);
    // the same heads again (an import condition, an older item): nobody
    c.onImageStreamChanged(twoTags('app', V2, V3));
    expect(await ran()).toEqual([]);
    c.onImageStreamChanged(twoTags('app', V3, V3, 'team'));
    expect(await ran()).toEqual(['d']);
  });

  it('re-indexes a follower that changed what it follows, and forgets a removed one', async () => {
    const { c, ran } = recording();
    c.onImageStreamChanged(twoTags('app', V1, V1));
    c.upsert('a', { follows: [tag('app')] });
    await ran();

    c.upsert('a', { follows: [tag('app', 'v1')] });
    expect(await ran()).toEqual(['a']);
    c.onImageStreamChanged(twoTags('app', V2, V1));
    expect(await ran()).toEqual([]);
    c.onImageStreamChanged(twoTags('app', V2, V2));
    expect(await ran()).toEqual(['a']);

    c.remove('a');
    c.onImageStreamChanged(twoTags('app', V3, V3));
    expect(await ran()).toEqual([]);
    expect(c.follower('a')).toBeUndefined();
    expect(c.following('default', 'app', ['latest', 'v1'])).toEqual([]);
  });

  it('with a fingerprint, wakes a new or changed follower only; a relist removes the missing', async () => {
    const { c, ran } = recording({ fingerprint: true });
    c.upsert('a', { follows: [tag('app')], version: 1 });
    expect(await ran()).toEqual(['a']);
    c.upsert('a', { follows: [tag('app')], version: 1 });
    expect(await ran()).toEqual([]);
    c.upsert('a', { follows: [tag('app')], version: 2 });
    expect(await ran()).toEqual(['a']);

    const woken = c.replace(
      new Map([
        ['a', { follows: [tag('app')], version: 2 }],
        ['b', { follows: [tag('other')], version: 1 }],
      ]),
    );
    expect(woken).toEqual(['b']);
    expect(await ran()).toEqual(['b']);
    // without waking: indexed and fingerprinted, so a later identical list wakes nobody either
    expect(c.replace(new Map([['b', { follows: [tag('app')], version: 3 }]]), { wake: false })).toEqual([
      'b',
    ]);
    expect(await ran()).toEqual([]);
    expect([...c.followers().keys()]).toEqual(['b']);
    expect(c.replace(new Map([['b', { follows: [tag('app')], version: 3 }]]))).toEqual([]);
    c.onImageStreamChanged(stream('app', [V1]));
    expect(await ran()).toEqual(['b']);
  });

  it('after forgetStreams, the next look at a stream counts every tag as moved', async () => {
    const { c, ran } = recording();
    c.upsert('a', { follows: [tag('app')] });
    c.onImageStreamChanged(stream('app', [V1]));
    await ran();
    c.onImageStreamChanged(stream('app', [V1]));
    expect(await ran()).toEqual([]);
    c.forgetStreams();
    c.onImageStreamChanged(stream('app', [V1]));
    expect(await ran()).toEqual(['a']);
  });

  it('resolves a followed tag from the last look at its stream, else from loadStream, with the Local repository', async () => {
    const loaded: string[] = [];
    const { c } = recording({
      loadStream: async (ns, name) => {
        loaded.push(`${ns}/${name}`);
        return name === 'stored' ? stream('stored', [V3]) : undefined;
      },
      dockerImageRepositoryHost: () => 'registry.local:5000',
    });
    c.onImageStreamChanged(stream('app', [V2, V1]));
    expect(await c.resolve(tag('app'))).toEqual({ reference: `reg.local/default/app@${V2}`, digest: V2 });
    expect(await c.resolve(tag('stored'))).toEqual({
      reference: `reg.local/default/stored@${V3}`,
      digest: V3,
    });
    expect(await c.resolve(tag('missing'))).toBeUndefined();
    expect(loaded).toEqual(['default/stored', 'default/missing']);

    const local = stream('app', [V2]);
    local.spec.tags = [{ name: 'latest', referencePolicy: { type: 'Local' } }];
    c.onImageStreamChanged(local);
    expect((await c.resolve(tag('app')))?.reference).toBe(`registry.local:5000/default/app@${V2}`);
    c.onImageStreamDeleted('default', 'app');
    expect(await c.resolve(tag('app'))).toBeUndefined();
  });

  it('retries a failed reconcile with backoff on the clock, and wakes a follower at its retryAt', async () => {
    const clock = manualClock(1_000);
    let failures = 1;
    const { c, ran } = recording({
      clock,
      queue: { baseDelayMs: 500 },
      reconcile: async (key) => {
        if (key === 'flaky' && failures-- > 0) throw new Error('registry down');
        return key === 'held' ? { retryAt: 61_000 } : undefined;
      },
    });
    c.upsert('flaky', { follows: [tag('app')] });
    expect(await ran()).toEqual(['flaky']);
    clock.advance(499);
    expect(await ran()).toEqual([]);
    clock.advance(1);
    expect(await ran()).toEqual(['flaky']);

    c.upsert('held', { follows: [tag('app')] });
    expect(await ran()).toEqual(['held']);
    clock.advance(59_000);
    expect(await ran()).toEqual([]);
    // removed before its window opens: not woken
    c.remove('held');
    clock.advance(1_000);
    expect(await ran()).toEqual([]);
  });

  it('does not reconcile while this replica does not lead', async () => {
    let leading = true;
    const { c, ran } = recording({ isLeader: () => leading });
    c.upsert('a', { follows: [tag('app')] });
    expect(await ran()).toEqual(['a']);
    leading = false;
    c.onImageStreamChanged(stream('app', [V2]));
    c.wakeAll();
    expect(await ran()).toEqual([]);
  });

  it('run while leading: losing the leadership stops the controller and its work', async () => {
    const leader = alwaysLeader();
    const reconciled: string[] = [];
    const gated = whileLeader(
      leader,
      async () =>
        createTriggerController<Follower>({
          source: {
            name: 'test',
            follows: (f) => f.follows,
            reconcile: async (key) => void reconciled.push(key),
          },
        }),
      'test',
    );
    leader.start();
    await gated.settled();
    const running = gated.current()!;
    running.upsert('a', { follows: [tag('app')] });
    await running.idle();
    expect(reconciled).toEqual(['a']);

    await leader.stop();
    await gated.settled();
    expect(gated.current()).toBeUndefined();
    running.upsert('b', { follows: [tag('app')] });
    running.onImageStreamChanged(stream('app', [V2]));
    await running.idle();
    expect(reconciled).toEqual(['a']);
    await gated.stop();
  });
});
