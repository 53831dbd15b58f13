/** ImageStreamImport requests over HTTP: one per repository, one image per tag. */
import type { Pool } from 'undici';
import { percentiles, round, runCount, type Percentiles } from '../support/measure.js';
import { repositoryName, tagName } from './registry-fixture.js';

export interface ImportRun {
  requests: number;
  tags: number;
  succeeded: number;
  failed: number;
  /** the first failure's message, if any */
  firstFailure?: string;
  elapsedMs: number;
  requestMs: Percentiles;
}

interface ImportStatus {
  status?: { images?: { status?: { status?: string; message?: string } }[] };
}

const streamName = (r: number): string => `repo-${r}`;

function importBody(registryHost: string, r: number, tags: number): Record<string, unknown> {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStreamImport',
    metadata: { name: streamName(r) },
    spec: {
      import: true,
      images: Array.from({ length: tags }, (_, t) => ({
        from: { kind: 'DockerImage', name: `${registryHost}/${repositoryName(r)}:${tagName(t)}` },
        to: { name: tagName(t) },
        importPolicy: { insecure: true },
      })),
    },
  };
}

export async function runImports(
  pool: Pool,
  registryHost: string,
  o: { repositories: number; tags: number; concurrency: number },
): Promise<ImportRun> {
  const latencies: number[] = [];
  let succeeded = 0;
  let failed = 0;
  let firstFailure: string | undefined;
  const elapsedMs = await runCount(o.repositories, o.concurrency, async (r) => {
    const t = performance.now();
    const res = await pool.request({
      method: 'POST',
      path: '/apis/image.openshift.io/v1/namespaces/default/imagestreamimports',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(importBody(registryHost, r, o.tags)),
    });
    const text = await res.body.text();
    latencies.push(performance.now() - t);
    if (res.statusCode >= 300)
      throw new Error(`ImageStreamImport: HTTP ${res.statusCode}: ${text.slice(0, 300)}`);
    for (const image of (JSON.parse(text) as ImportStatus).status?.images ?? []) {
      if (image.status?.status === 'Success') succeeded++;
      else {
        failed++;
        firstFailure ??= image.status?.message ?? 'no message';
      }
    }
  });
  return {
    requests: o.repositories,
    tags: o.repositories * o.tags,
    succeeded,
    failed,
    ...(firstFailure ? { firstFailure } : {}),
    elapsedMs: round(elapsedMs),
    requestMs: percentiles(latencies),
  };
}
