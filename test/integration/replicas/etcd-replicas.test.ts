/**
 * Several `isctl serve` replicas on one etcd (issue 6): both serve the same API, a watch on one
 * sees writes made through the other, exactly one leads, and the other takes over when the
 * leader is killed. Then `isctl migrate` copies a SQLite store into etcd.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { startApiServerProcess, type ApiServerProcess } from '../../support/api-server.js';
import { startEtcd, type EtcdCluster } from '../../support/etcd.js';
import { untilAnswered } from '../../support/until.js';
import { buildProject, cliPath } from '../cli/cli-harness.js';
import { leading } from './serve-replica.js';

const NS_PATH = '/apis/image.openshift.io/v1/namespaces/default/imagestreams';

function stream(name: string): {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: object;
} {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name },
    spec: {
      tags: [{ name: 'latest', from: { kind: 'DockerImage', name: `quay.io/example/${name}:latest` } }],
    },
  };
}

describe('several replicas on one etcd', () => {
  let etcd: EtcdCluster;
  let dir: string;
  let a: ApiServerProcess;
  let b: ApiServerProcess;
  let storeUrl: string;

  beforeAll(async () => {
    etcd = await startEtcd();
    dir = mkdtempSync(path.join(os.tmpdir(), 'is-replicas-'));
    storeUrl = `etcd://${etcd.endpoints.map((e) => e.replace(/^https?:\/\//, '')).join(',')}`;
    [a, b] = await Promise.all([
      startApiServerProcess({ dataDir: path.join(dir, 'a'), storeUrl, leaderLeaseTtlSeconds: 3 }),
      startApiServerProcess({ dataDir: path.join(dir, 'b'), storeUrl, leaderLeaseTtlSeconds: 3 }),
    ]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop('SIGKILL'), b?.stop('SIGKILL')]);
    await etcd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves one API from both replicas: a write through one is read and watched through the other', async () => {
    const watch = await fetch(`${b.url}${NS_PATH}?watch=1&resourceVersion=0`);
    const reader = watch.body!.getReader();
    const created = await fetch(`${a.url}${NS_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(stream('shared')),
    });
    expect(created.status).toBe(201);
    const got = (await (await fetch(`${b.url}${NS_PATH}/shared`)).json()) as { metadata: { uid: string } };
    expect(got.metadata.uid).toBe(((await created.json()) as { metadata: { uid: string } }).metadata.uid);
    let seen = '';
    const decoder = new TextDecoder();
    while (!seen.includes('"shared"')) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += decoder.decode(value);
    }
    await reader.cancel();
    expect(seen).toContain('"ADDED"');
    expect(seen).toContain('"shared"');
  });

  it('a stale write through one replica is a 409 after a write through the other', async () => {
    const current = (await (await fetch(`${a.url}${NS_PATH}/shared`)).json()) as {
      metadata: { resourceVersion: string };
    };
    const put = (url: string, local: boolean) =>
      fetch(`${url}${NS_PATH}/shared`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          ...stream('shared'),
          metadata: { name: 'shared', resourceVersion: current.metadata.resourceVersion },
          spec: { lookupPolicy: { local } },
        }),
      });
    expect((await put(b.url, true)).status).toBe(200);
    expect((await put(a.url, false)).status).toBe(409);
  });

  it('exactly one replica leads, and the other takes over when the leader is killed', async () => {
    const [leaderA, leaderB] = await untilAnswered(
      'a leader',
      async () => {
        const both = [await leading(a.url), await leading(b.url)];
        return both.some(Boolean) ? both : undefined;
      },
      30_000,
    );
    expect([leaderA, leaderB].filter(Boolean)).toHaveLength(1);
    const [dead, survivor] = leaderA ? [a, b] : [b, a];
    const killedAt = Date.now();
    await dead.stop('SIGKILL');
    await untilAnswered(
      'the survivor to lead',
      async () => ((await leading(survivor.url)) ? true : undefined),
      30_000,
    );
    // the lease TTL is 3 s: the survivor must lead within it plus a margin
    expect(Date.now() - killedAt).toBeLessThan(8_000);
    expect((await fetch(`${survivor.url}${NS_PATH}/shared`)).status).toBe(200);
  }, 60_000);
});

describe('isctl migrate', () => {
  let etcd: EtcdCluster;
  let dir: string;

  beforeAll(async () => {
    await buildProject();
    etcd = await startEtcd();
    dir = mkdtempSync(path.join(os.tmpdir(), 'is-migrate-'));
  }, 240_000);

  afterAll(async () => {
    await etcd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies every image stream from a SQLite file into etcd, and a second run copies nothing', async () => {
    const file = path.join(dir, 'imagestreams.db');
    const sqlite = await openSqliteStore({ path: file });
    const type = { group: 'image.openshift.io', resource: 'imagestreams', namespaced: true };
    for (let i = 0; i < 25; i++) {
      await sqlite.create(type, { ...stream(`s${i}`), metadata: { name: `s${i}`, namespace: 'team' } });
    }
    await sqlite.close();
    const to = `etcd://${etcd.endpoints.map((e) => e.replace(/^https?:\/\//, '')).join(',')}/migrated`;
    const run = () =>
      promisify(execFile)(
        process.execPath,
        [cliPath(), 'migrate', '--from', `sqlite://${file}`, '--to', to],
        {
          timeout: 60_000,
        },
      );
    const first = await run();
    expect(first.stdout).toMatch(/^25 objects copied, 0 already there, 0 conflicts$/m);
    const second = await run();
    expect(second.stdout).toMatch(/^0 objects copied, 25 already there, 0 conflicts$/m);
  }, 120_000);
});
