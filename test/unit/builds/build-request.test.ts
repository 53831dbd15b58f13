import { describe, expect, it } from 'vitest';
import { BuildRequestSchema } from '../../../src/builds/schema.js';
import { buildStartedMessage, manualBuildRequest } from '../../../src/builds/build-request.js';

describe('the BuildRequest isctl start-build and the console send', () => {
  it('names the BuildConfig and says it was triggered by hand, as oc start-build', () => {
    const request = manualBuildRequest('app');
    expect(request).toEqual({
      apiVersion: 'build.openshift.io/v1',
      kind: 'BuildRequest',
      metadata: { name: 'app' },
      triggeredBy: [{ message: 'Manually triggered' }],
    });
    expect(BuildRequestSchema.safeParse(request).success).toBe(true);
  });

  it('carries env overrides only when there are some', () => {
    const env = [{ name: 'MODE', value: 'debug' }];
    expect(manualBuildRequest('app', env).env).toEqual(env);
    expect(manualBuildRequest('app', [])).not.toHaveProperty('env');
  });

  it('says what started as isctl prints it', () => {
    expect(buildStartedMessage('app-3')).toBe('build.build.openshift.io/app-3 started');
  });
});
