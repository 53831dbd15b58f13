/**
 * An ImageStream from the few fields a test cares about, decoded by the API's own schema: absent
 * fields get the server's defaults (lookupPolicy, reference policy Source, empty strings), so a
 * test states only what it checks and still hands the code a real ImageStream.
 */
import { ImageStreamSchema } from '../../src/api/schema/image-stream.js';
import type { ImageStream } from '../../src/api/types.js';

export function decodeImageStream(fields: Record<string, unknown>): ImageStream {
  return ImageStreamSchema.parse({
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { namespace: 'default', name: 'app' },
    ...fields,
  });
}
