/** Small inline builders for API unit tests. */
import type { ImageStream, TagEvent } from '../../../src/api/types.js';

export const digest = (c: string) => `sha256:${c.repeat(64).slice(0, 64)}`;

export function event(
  image: string,
  ref: string,
  generation = 1,
  created = '2026-01-01T00:00:00Z',
): TagEvent {
  return { created, dockerImageReference: ref, image, generation };
}

export function stream(overrides: Partial<ImageStream> = {}): ImageStream {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: {
      name: 'ruby',
      namespace: 'ns',
      uid: 'u-1',
      resourceVersion: '7',
      creationTimestamp: '2026-01-01T00:00:00Z',
      generation: 2,
    },
    spec: { lookupPolicy: { local: false } },
    ...overrides,
  };
}
