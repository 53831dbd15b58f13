/**
 * No lost notifications across a leader failover (issue 6). Two built `isctl serve` replicas on a
 * three-member etcd cluster, with their default extensions (importer, notifications); a Debian
 * docker-registry notifies the replica that does NOT lead, so every notification is accepted by a
 * non-leader and must reach the leader as stored work. Images are pushed to one tag in sequence;
 * midway the leader replica is SIGKILLed, later an etcd member is killed.
 *
 * What "every push ends in exactly one import" means here, given OpenShift's tag history (a new
 * item is prepended only when the tag resolves to a digest other than the newest one): every
 * accepted notification is followed by exactly one import of its stream tag that starts after it
 * was accepted (the PendingImport object is deleted only at the version that was imported), and
 * the imports of one tag never overlap. So the history holds each pushed digest at most once, in
 * push order, and ends at the last push; a digest that the next push replaced before the import
 * ran is legitimately absent (the import records what the tag points at, not every push).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PENDING_IMPORTS } from '../../../src/notifications/work/pending-import.js';
import { openStoreUrl } from '../../../src/store/open-store.js';
import type { Store } from '../../../src/store/store.js';
import { startEtcd, type EtcdCluster } from '../../support/etcd.js';
import {
  pushImage,
  startRegistry,
  type PushedImage,
  type TestRegistry,
} from '../../support/registry/index.js';
import { untilAnswered } from '../../support/until.js';
import { buildProject } from '../cli/cli-harness.js';
import { leading, startServeReplica, type Replica } from './serve-replica.js';

const TOKEN = 'failover-notify-token';
const PUSHES = 20;
const KILL_LEADER_AFTER = 6;
const KILL_ETCD_MEMBER_AFTER = 13;
/** no stored work for this long: the registry's late deliveries are over */
const QUIET_MS = 3000;
const STREAMS = '/apis/image.openshift.io/v1/namespaces/default/imagestreams';

interface Stream {
  status?: { tags?: { tag: string; items?: { image: string }[] | null }[] };
}

function followTag(name: string, from: string): string {
  return JSON.stringify({
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name },
    spec: {
      tags: [{ name: 'latest', from: { kind: 'DockerImage', name: from }, importPolicy: { insecure: true } }],
    },
  });
}

/** the distribution registry's notification of one manifest push */
function pushNotification(host: string, repository: string, pushed: PushedImage): string {
  return JSON.stringify({
    events: [
      {
        action: 'push',
        target: { mediaType: pushed.mediaType, digest: pushed.digest, repository, tag: 'latest' },
        request: { host },
      },
    ],
  });
}

async function history(url: string, name = 'app'): Promise<string[]> {
  const stream = (await (await fetch(`${url}${STREAMS}/${name}`)).json()) as Stream;
  return (stream.status?.tags?.find((t) => t.tag === 'latest')?.items ?? []).map((i) => i.image);
}

describe('registry notifications across a leader failover on a three-member etcd', () => {
  let etcd: EtcdCluster;
  let dir: string;
  let storeUrl: string;
  let store: Store;
  let registry: TestRegistry;
  /** a registry that notifies nobody: its pushes are announced only by hand */
  let quiet: TestRegistry;
  let replicas: Replica[] = [];

  beforeAll(async () => {
    await buildProject();
    etcd = await startEtcd({ members: 3 });
    storeUrl = `etcd://${etcd.endpoints.map((e) => e.replace(/^https?:\/\//, '')).join(',')}`;
    store = await openStoreUrl(storeUrl);
    dir = mkdtempSync(path.join(os.tmpdir(), 'is-notify-failover-'));
    replicas = await Promise.all([
      startServeReplica(storeUrl, path.join(dir, 'a'), { token: TOKEN }),
      startServeReplica(storeUrl, path.join(dir, 'b'), { token: TOKEN }),
    ]);
  }, 240_000);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.cli.stop('SIGKILL')));
    await registry?.stop();
    await quiet?.stop();
    await store?.close();
    await etcd?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('every notification accepted by the non-leader or by the dying leader ends in one import by whoever leads next: none lost, none twice', async () => {
    const [leaderA, leaderB] = await untilAnswered(
      'a leader',
      async () => {
        const both = [await leading(replicas[0]!.url), await leading(replicas[1]!.url)];
        return both.some(Boolean) ? both : undefined;
      },
      30_000,
    );
    expect([leaderA, leaderB].filter(Boolean)).toHaveLength(1);
    const [leader, survivor] = leaderA ? [replicas[0]!, replicas[1]!] : [replicas[1]!, replicas[0]!];
    registry = await startRegistry({
      auth: 'none',
      notify: {
        url: `${survivor.url}/notifications/distribution`,
        token: TOKEN,
        timeout: '10s',
        threshold: 3,
        backoff: '200ms',
      },
    });

    quiet = await startRegistry({ auth: 'none' });
    const first = await pushImage(registry, 'team/app', 'latest', { env: ['PUSH=0'] });
    const direct1 = await pushImage(quiet, 'team/direct', 'latest', { env: ['DIRECT=1'] });
    for (const body of [
      followTag('app', `${registry.host}/team/app:latest`),
      followTag('direct', `${quiet.host}/team/direct:latest`),
    ]) {
      const created = await fetch(`${survivor.url}${STREAMS}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(created.status).toBe(201);
    }
    await untilAnswered(
      'the first imports',
      async () =>
        (await history(survivor.url))[0] === first.digest &&
        (await history(survivor.url, 'direct'))[0] === direct1.digest
          ? true
          : undefined,
      20_000,
    );
    const direct2 = await pushImage(quiet, 'team/direct', 'latest', { env: ['DIRECT=2'] });

    const pushed = [first.digest];
    let killedAt = 0;
    let backlogSeen = false;
    for (let i = 1; i <= PUSHES; i++) {
      pushed.push((await pushImage(registry, 'team/app', 'latest', { env: [`PUSH=${i}`] })).digest);
      if (i === KILL_LEADER_AFTER) {
        // the leader accepts a notification and dies within the coalescing window, before importing
        const accepted = await fetch(`${leader.url}/notifications/distribution`, {
          method: 'POST',
          headers: {
            'content-type': 'application/vnd.docker.distribution.events.v1+json',
            authorization: `Bearer ${TOKEN}`,
          },
          body: pushNotification(quiet.host, 'team/direct', direct2),
        });
        await leader.cli.stop('SIGKILL');
        killedAt = Date.now();
        expect(accepted.status).toBe(202);
        expect(await store.get(PENDING_IMPORTS, 'default', 'direct:latest')).toBeDefined();
      }
      if (i === KILL_LEADER_AFTER + 1) {
        // nobody leads now: the survivor accepted the notification and stored it as work
        backlogSeen = await untilAnswered(
          'the accepted notification to be stored as work',
          async () => ((await store.list(PENDING_IMPORTS)).items.length > 0 ? true : undefined),
          5_000,
        );
      }
      if (i === KILL_ETCD_MEMBER_AFTER) {
        await etcd.kill(0);
        // the API keeps serving with two of three members: a read and a write
        expect((await fetch(`${survivor.url}${STREAMS}/app`)).status).toBe(200);
        const probe = await fetch(`${survivor.url}${STREAMS}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            apiVersion: 'image.openshift.io/v1',
            kind: 'ImageStream',
            metadata: { name: 'probe' },
          }),
        });
        expect(probe.status).toBe(201);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(backlogSeen).toBe(true);

    await untilAnswered(
      'the survivor to lead',
      async () => ((await leading(survivor.url)) ? true : undefined),
      30_000,
    );
    const ledAt = Date.now();
    // what was still missing at the last look, for the failure message
    let missing = 'nothing looked at yet';
    await untilAnswered(
      'the backlog to be imported',
      async () => {
        const pending = (await store.list(PENDING_IMPORTS)).items.map((p) => p.metadata.name);
        const app = (await history(survivor.url))[0];
        const direct = (await history(survivor.url, 'direct'))[0];
        missing = JSON.stringify({
          pending,
          appAtLast: app === pushed[PUSHES],
          directAtLast: direct === direct2.digest,
        });
        return pending.length === 0 && app === pushed[PUSHES] && direct === direct2.digest ? true : undefined;
      },
      // the survivor's watches follow again within seconds after the etcd member died
      // (etcd-member-loss-watches.test.ts); the imports themselves take well under a second each
      30_000,
    ).catch(async (e: unknown) => {
      const left = JSON.stringify((await store.list(PENDING_IMPORTS)).items);
      throw new Error(
        `${e instanceof Error ? e.message : String(e)}; at the last look: ${missing}; work left: ${left}; the survivor's log: ${survivor.cli.output().slice(-4000)}`,
      );
    });
    const drainedAt = Date.now();
    console.log(
      `leader killed -> survivor leads: ${ledAt - killedAt} ms; survivor leads -> backlog imported: ${drainedAt - ledAt} ms`,
    );

    // The registry delivers again, behind the rest of its queue, what failed while etcd lost a
    // member or nobody led, so notifications of older pushes can still arrive now; each must be
    // worked off too (its import finds the newest digest and changes nothing). Wait until no work
    // has been stored for QUIET_MS: a late duplicate import would then show as a second item.
    let quietSince = Date.now();
    await untilAnswered(
      'no work stored for a while',
      async () => {
        if ((await store.list(PENDING_IMPORTS)).items.length > 0) quietSince = Date.now();
        return Date.now() - quietSince >= QUIET_MS ? true : undefined;
      },
      60_000,
    );
    const items = await history(survivor.url);
    console.log(`${pushed.length} digests pushed, ${items.length} in the tag history`);
    expect(items[0]).toBe(pushed[PUSHES]);
    expect(new Set(items).size).toBe(items.length);
    const order = items.map((d) => pushed.indexOf(d));
    expect(order.every((index) => index >= 0)).toBe(true);
    // newest first, and never backwards: no import of an older push landed after a newer one
    expect(order).toEqual([...order].sort((a, b) => b - a));
    expect((await store.list(PENDING_IMPORTS)).items).toEqual([]);
    // nothing but the notification the dead leader accepted announced direct2
    expect(await history(survivor.url, 'direct')).toEqual([direct2.digest, direct1.digest]);
  }, 180_000);
});
