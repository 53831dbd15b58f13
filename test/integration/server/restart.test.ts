/** The server in its own process: acknowledged writes survive a SIGKILL, and a restarted server serves them. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServerProcess, type ApiServerProcess } from '../../support/api-server.js';

let dataDir: string;
let running: ApiServerProcess | undefined;
const G = '/apis/image.openshift.io/v1/namespaces/crash/imagestreams';

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'imagestreams-restart-'));
});
afterAll(async () => {
  await running?.stop('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

describe('restart', () => {
  it('keeps every acknowledged write across a SIGKILL', async () => {
    running = await startApiServerProcess({ dataDir });
    const acked: string[] = [];
    const writes = Array.from({ length: 40 }, (_, i) =>
      fetch(`${running!.url}${G}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          apiVersion: 'image.openshift.io/v1',
          kind: 'ImageStream',
          metadata: { name: `s${i}` },
          spec: {},
        }),
      }).then(
        (r) => (r.status === 201 ? acked.push(`s${i}`) : undefined),
        () => undefined,
      ),
    );
    // kill in the middle of the burst, once some writes are acknowledged
    const deadline = Date.now() + 10_000;
    while (acked.length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
    await running.stop('SIGKILL');
    await Promise.all(writes);
    running = await startApiServerProcess({ dataDir });
    const list = (await (await fetch(`${running.url}${G}`)).json()) as {
      items: { metadata: { name: string } }[];
    };
    const stored = new Set(list.items.map((i) => i.metadata.name));
    expect(acked.length).toBeGreaterThanOrEqual(5);
    for (const name of acked) expect(stored.has(name)).toBe(true);
    expect((await fetch(`${running.url}/readyz`)).status).toBe(200);
  });
});
