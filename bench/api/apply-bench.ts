/**
 * Server-side apply on a big stream: `npx vite-node bench/api/apply-bench.ts [TAGS]` (default
 * 2000 tags). Starts the server in-process on loopback with a temp data dir (sqlite) and times,
 * over HTTP, the apply that creates the stream, a no-op re-apply, a one-tag change, a second
 * manager's tag, and a merge patch (an Update manager) for comparison; then the field-manager
 * step alone, without HTTP or store. Bounded: a fixed number of rounds.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../src/server/serve.js';
import { contextFor } from '../../src/server/apply/context.js';
import { applyConfiguration } from '../../src/server/apply/field-manager.js';
import { decodeStoredManagedFields } from '../../src/server/apply/managed-fields.js';
import type { KubeObject } from '../../src/api/object.js';
import { nowMs, percentiles, round } from '../support/measure.js';

process.env.LOG_LEVEL ??= 'warn';
const TAGS = Number(process.argv[2] ?? 2000);
const ROUNDS = 7;

function manifest(tags: number, image = (i: number) => `registry.example/app:${i}`): KubeObject {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name: 'big', namespace: 'bench' },
    spec: {
      tags: Array.from({ length: tags }, (_, i) => ({
        name: `t${i}`,
        from: { kind: 'DockerImage', name: image(i) },
        importPolicy: { scheduled: false },
        referencePolicy: { type: 'Source' },
      })),
    },
  };
}

async function timed(
  label: string,
  op: (round: number) => Promise<Response>,
  rounds = ROUNDS,
): Promise<void> {
  const sample: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t = nowMs();
    const res = await op(r);
    await res.text();
    sample.push(nowMs() - t);
    if (!res.ok) throw new Error(`${label}: HTTP ${res.status}`);
  }
  const p = percentiles(sample);
  process.stdout.write(`${label.padEnd(46)} p50 ${round(p.p50)} ms  (n=${rounds})\n`);
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'imagestreams-apply-bench-'));
  const server = await startServer({ listen: '127.0.0.1:0', dataDir });
  const url = (manager: string, extra = '') =>
    `${server.url}/apis/image.openshift.io/v1/namespaces/bench/imagestreams/big?fieldManager=${manager}${extra}`;
  const apply = (body: unknown, manager: string) =>
    fetch(url(manager), {
      method: 'PATCH',
      headers: { 'content-type': 'application/apply-patch+yaml' },
      body: JSON.stringify(body),
    });
  try {
    process.stdout.write(`server-side apply, one stream of ${TAGS} tags (sqlite, in-process)\n`);
    await timed('apply creating the stream', () => apply(manifest(TAGS), 'ci'), 1);
    await timed('re-apply, same manifest (no-op)', () => apply(manifest(TAGS), 'ci'));
    await timed('apply changing one tag', (r) =>
      apply(
        manifest(TAGS, (i) => `registry.example/app:${i === 0 ? `r${r}` : i}`),
        'ci',
      ),
    );
    await timed('second manager applies one other tag', (r) =>
      apply(
        {
          ...manifest(0),
          spec: { tags: [{ name: `other${r}`, from: { kind: 'DockerImage', name: 'x:1' } }] },
        },
        'team-b',
      ),
    );
    await timed('merge patch of one annotation (Update manager)', (r) =>
      fetch(url('kubectl-patch'), {
        method: 'PATCH',
        headers: { 'content-type': 'application/merge-patch+json' },
        body: JSON.stringify({ metadata: { annotations: { round: String(r) } } }),
      }),
    );
    const res = await fetch(url('x'));
    const live = (await res.json()) as KubeObject;
    process.stdout.write(
      `managedFields: ${JSON.stringify(live.metadata.managedFields).length} bytes of ${JSON.stringify(live).length}\n`,
    );
    const ctx = contextFor(
      {
        group: 'image.openshift.io',
        kind: 'ImageStream',
        apiVersion: 'image.openshift.io/v1',
        statusSubresource: true,
      },
      undefined,
    );
    const sample: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const t = nowMs();
      applyConfiguration(
        {
          entries: decodeStoredManagedFields(live.metadata.managedFields),
          live,
          config: manifest(TAGS),
          manager: 'ci',
          force: false,
        },
        ctx,
      );
      sample.push(nowMs() - t);
    }
    process.stdout.write(
      `field manager alone (decode, merge, sets, compare)  p50 ${round(percentiles(sample).p50)} ms\n`,
    );
  } finally {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
