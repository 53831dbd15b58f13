/**
 * "Start build": the BuildRequest `isctl start-build NAME` sends, POSTed to the BuildConfig's
 * `instantiate` subresource through the public API (the same request builder).
 */
import { buildStartedMessage, manualBuildRequest } from '../../../../src/builds/build-request.js';
import { apiRequest } from '../api/client.js';
import { paths } from '../api/paths.js';
import type { Build } from '../model/types.js';

export async function startBuild(namespace: string, buildConfig: string): Promise<string> {
  const build = await apiRequest<Build>(paths.instantiate(namespace, buildConfig), {
    method: 'POST',
    body: manualBuildRequest(buildConfig),
  });
  return `${buildStartedMessage(build.metadata.name)}.`;
}
