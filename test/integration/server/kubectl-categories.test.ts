/**
 * The real kubectl resolves `kubectl get X` by category before resource names: with the trigger
 * kinds served, `kubectl get imagestreams` must still list image streams, and the trigger kinds'
 * own category lists them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKubectl, startTestApiServer, type TestApiServer } from '../../support/api-server.js';
import { rolloutResources } from '../../../src/triggers/controller/rollout-resources.js';
import { webhookTriggerResource } from '../../../src/triggers/webhook/resources.js';

let api: TestApiServer;
const kubectl = (...args: string[]) => runKubectl(api.kubeconfig, args);

beforeAll(async () => {
  api = await startTestApiServer({
    extensions: [
      {
        name: 'trigger kinds',
        register(_app, ctx) {
          for (const def of rolloutResources(ctx.store)) ctx.resources.add(def);
          ctx.resources.add(webhookTriggerResource(ctx.store));
        },
      },
    ],
  });
});
afterAll(async () => {
  await api?.close();
});

describe('categories and resource names', () => {
  it('kubectl get imagestreams lists image streams, not the trigger kinds', async () => {
    const created = await runKubectl(api.kubeconfig, ['create', '-f', '-'], {
      input: 'apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata: {name: ruby}\n',
    });
    expect(created.code).toBe(0);
    const r = await kubectl('get', 'imagestreams');
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^NAME\s+IMAGE REPOSITORY\s+TAGS\s+UPDATED\nruby\s/);
  });

  it('kubectl get imagetriggers lists the trigger kinds', async () => {
    const r = await kubectl('get', 'imagetriggers', '-v=6');
    expect(r.code).toBe(0);
    for (const resource of ['rollouts', 'triggerstates', 'webhooktriggers'])
      expect(r.stderr).toContain(`/apis/imagestreams.io/v1/namespaces/default/${resource}`);
    expect(r.stderr).not.toContain('/imagestreams?');
  });
});
