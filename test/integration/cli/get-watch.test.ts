import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../src/cli/api-client.js';
import { RESOURCES } from '../../../src/cli/resources.js';
import { until } from '../../support/until.js';
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
      // a create before isctl has listed is not a change it prints (the list fixes the version its
      // watch starts from), and when isctl has listed is not visible: create until one shows
      let created = 0;
      await until(
        'a created stream printed',
        async () => {
          await client.create(RESOURCES.imagestreams, stream(`third-${++created}`), 'default');
          return /imagestream\.image\.openshift\.io\/third-\d+\n/.test(watch.output());
        },
        60_000,
        500,
      );
      expect(watch.output()).not.toContain('/later');
    } finally {
      await watch.stop('SIGTERM');
    }
  });
});
