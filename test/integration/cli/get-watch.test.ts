import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../src/cli/api-client.js';
import { RESOURCES } from '../../../src/cli/resources.js';
import { buildProject, spawnCli, startTestServer, type TestServer } from './cli-harness.js';

let t: TestServer;
let client: ApiClient;

const stream = (name: string) => ({
  apiVersion: 'image.openshift.io/v1',
  kind: 'ImageStream',
  metadata: { name },
  spec: {},
});

beforeAll(async () => {
  await buildProject();
  t = await startTestServer();
  client = new ApiClient({ server: t.server.url });
  await client.create(RESOURCES.imagestreams, stream('before'), 'default');
});

afterAll(async () => {
  await client?.close();
  await t?.stop();
});

describe('isctl get -w', () => {
  it('prints the current table, then a row for each later change, until interrupted', async () => {
    const watch = spawnCli(['get', 'is', '-w', '--server', t.server.url]);
    try {
      await watch.waitFor(/^NAME\s+IMAGE REPOSITORY\s+TAGS\s+UPDATED\nbefore\s/);
      await client.create(RESOURCES.imagestreams, stream('later'), 'default');
      await watch.waitFor(/\nlater\s/);
      await client.delete(RESOURCES.imagestreams, 'before', 'default');
      await watch.waitFor(/\nlater\s.*\nbefore\s/s);
      // one header only: changes are rows under it
      expect(watch.output().match(/^NAME/gm)).toHaveLength(1);
    } finally {
      expect(await watch.stop('SIGINT')).toBe(0);
    }
  });

  it('--watch-only -o name prints only the changes', async () => {
    const watch = spawnCli(['get', 'is', '--watch-only', '-o', 'name', '--server', t.server.url]);
    try {
      // the create must come after isctl has listed (the list fixes the version the watch starts from)
      await new Promise((r) => setTimeout(r, 1500));
      await client.create(RESOURCES.imagestreams, stream('third'), 'default');
      await watch.waitFor(/imagestream\.image\.openshift\.io\/third\n/);
      expect(watch.output()).not.toContain('/later');
    } finally {
      await watch.stop('SIGTERM');
    }
  });
});
