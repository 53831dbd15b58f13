/** The resources every server has. imagestreamimports is added by the importer (an extension). */
import type { ServerContext } from '../server-context.js';
import { EVENTS, coreResources } from './core-resources.js';
import { customResourceDefinitions } from './custom-resource-definitions.js';
import { withDockerImageRepository } from '../../api/image-stream-repository.js';
import { IMAGE_STREAMS, imageResource, imageStreamResource } from './image-resources.js';
import { selfReviewResources } from './self-reviews.js';
import { tagMoveGate } from './signature-gate.js';
import { virtualResources } from './virtual/virtual-resources.js';
import { SECRETS, secretResource } from './secrets/secret-resource.js';
import { registryWhitelistCauses, type StreamAdmission } from '../../api/validation/registry-whitelist.js';

export function registerBuiltinResources(ctx: ServerContext): void {
  const decorate = withDockerImageRepository(() => ctx.settings.dockerImageRepositoryHost);
  const admit: StreamAdmission = (next, old) =>
    registryWhitelistCauses(next, old, ctx.settings.registryNotAllowed);
  const defs = [
    ...coreResources(ctx.store, [IMAGE_STREAMS, EVENTS, SECRETS]),
    secretResource(ctx.store),
    imageStreamResource(ctx.store, decorate, admit, tagMoveGate(ctx.settings)),
    imageResource(ctx.store),
    ...virtualResources(ctx.store, decorate, admit, ctx.settings),
    customResourceDefinitions(ctx.store),
    ...selfReviewResources(() => ctx.resources.all()),
  ];
  for (const def of defs) ctx.resources.add(def);
}
