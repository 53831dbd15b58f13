import { describe, expect, it } from 'vitest';
import type { Build, BuildConfig } from '../../../../src/builds/schema.js';
import { describeBuildConfig } from '../../../../src/cli/describe/describe-build-config.js';

const bc: BuildConfig = {
  apiVersion: 'build.openshift.io/v1',
  kind: 'BuildConfig',
  metadata: { name: 'app', namespace: 'team-a' },
  spec: {
    runPolicy: 'Serial',
    source: { dockerfile: 'FROM base\nRUN true' },
    strategy: { type: 'Docker', dockerStrategy: { from: { kind: 'ImageStreamTag', name: 'base:latest' } } },
    output: { to: { kind: 'ImageStreamTag', name: 'app:latest' } },
    triggers: [
      { type: 'ImageChange', imageChange: {} },
      { type: 'ConfigChange' },
      { type: 'GitHub', github: { secret: 'gh-hunter2' } },
      { type: 'Generic', generic: { secret: 'gen-hunter2', allowEnv: false } },
    ],
  },
  status: { lastVersion: 0 },
};

const done: Build = {
  apiVersion: 'build.openshift.io/v1',
  kind: 'Build',
  metadata: { name: 'app-1', annotations: { 'openshift.io/build.number': '1' } },
  spec: { source: {}, strategy: {}, output: {} },
  status: {
    phase: 'Complete',
    startTimestamp: '2026-01-01T00:00:00Z',
    completionTimestamp: '2026-01-01T00:01:00Z',
    duration: 60e9,
  },
};

describe('describe bc', () => {
  it('lists the triggers as oc, webhooks by URL with <secret>', () => {
    const out = describeBuildConfig(bc, [done], 'https://api.example:8443/');
    expect(out).toMatch(/^Latest Version:\s+Never built$/m);
    expect(out).toMatch(/^Triggered by:\s+ImageChange, Config$/m);
    expect(out).toMatch(/^From Image:\s+ImageStreamTag base:latest$/m);
    expect(out).toMatch(/^Output to:\s+ImageStreamTag app:latest$/m);
    expect(out).toMatch(
      /^Webhook Github:\n\tURL:\t+https:\/\/api\.example:8443\/apis\/build\.openshift\.io\/v1\/namespaces\/team-a\/buildconfigs\/app\/webhooks\/<secret>\/github$/m,
    );
    expect(out).toMatch(
      /^Webhook Generic:\n\tURL:\t+\S+\/webhooks\/<secret>\/generic\n\tAllowEnv:\t+false$/m,
    );
    expect(out).toMatch(/^\tapp-1 \tcomplete \t+1m0s \t/m);
    expect(out).not.toContain('hunter2');
  });
});
