/** The resources that are views or verbs on image streams rather than stored objects. */
import type { KubeObject } from '../../../api/object.js';
import type { ImageStream } from '../../../api/types.js';
import type { Store } from '../../../store/store.js';
import type { StreamAdmission } from '../../../api/validation/registry-whitelist.js';
import type { ResourceDef } from '../resource-def.js';
import type { ServerSettings } from '../../server-context.js';
import { tagMoveGate } from '../signature-gate.js';
import { imageStreamImageResource } from './imagestreamimages.js';
import { imageStreamMappingResource } from './imagestreammappings.js';
import { imageStreamTagResource } from './imagestreamtags.js';
import { imageTagResource } from './imagetags.js';

/** `decorate` adds the computed stream fields (status.dockerImageRepository) that views resolve Local references with */
export function virtualResources(
  store: Store,
  decorate: <T extends KubeObject>(object: T) => T,
  admit: StreamAdmission = () => [],
  settings: ServerSettings = {},
): ResourceDef[] {
  const gate = tagMoveGate(settings);
  const decorateStream = (s: ImageStream): ImageStream => decorate(s);
  return [
    imageStreamTagResource(store, decorateStream, admit, gate),
    imageTagResource(store, decorateStream, admit, gate),
    imageStreamImageResource(store, decorateStream),
    imageStreamMappingResource(store, gate),
  ];
}
