/**
 * The JSONPatch that points a workload's container images at the image streams they name:
 * containers, init containers and ephemeral containers of the pod spec, each image handed to the
 * namespace's resolver. The `alpha.image.policy.openshift.io/resolve-names: "*"` annotation on the
 * object or its pod template resolves any stream of the namespace (OpenShift's `oc set
 * image-lookup deploy/x`), as if the stream had `lookupPolicy.local`.
 */
import type { Operation } from 'fast-json-patch';
import type { ImageResolver } from './stream-lookup.js';
import { ObjectMetaSchema, PodSpecSchema } from './schema.js';
import { pointer, valueAt, type WorkloadShape } from './workload-kinds.js';

const RESOLVE_NAMES_ANNOTATION = 'alpha.image.policy.openshift.io/resolve-names';
const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;

export interface LookupOutcome {
  operations: Operation[];
  warnings: string[];
}

function asksToResolveNames(obj: unknown, shape: WorkloadShape): boolean {
  const places = [['metadata'], ...(shape.templateMeta ? [shape.templateMeta] : [])];
  return places.some((path) => {
    const meta = ObjectMetaSchema.safeParse(valueAt(obj, path) ?? {});
    return meta.success && meta.data.annotations?.[RESOLVE_NAMES_ANNOTATION] === '*';
  });
}

/** The operations for `obj` (a workload of `shape`); warnings for images left as written. */
export async function lookupImages(
  obj: unknown,
  shape: WorkloadShape,
  resolver: ImageResolver,
): Promise<LookupOutcome> {
  const spec = PodSpecSchema.safeParse(valueAt(obj, shape.podSpec) ?? {});
  if (!spec.success) {
    const field = [...shape.podSpec, ...spec.error.issues[0]!.path.map(String)].join('.');
    return { operations: [], warnings: [`image lookup skipped: ${field} is not a valid pod spec field`] };
  }
  const resolveNames = asksToResolveNames(obj, shape);
  const outcome: LookupOutcome = { operations: [], warnings: [] };
  for (const list of CONTAINER_LISTS) {
    for (const [index, container] of (spec.data[list] ?? []).entries()) {
      if (!container.image) continue;
      const resolution = await resolver.resolve(container.image, resolveNames);
      if (resolution.kind === 'warn') outcome.warnings.push(resolution.message);
      if (resolution.kind !== 'rewrite' || resolution.image === container.image) continue;
      const path = pointer([...shape.podSpec, list, index, 'image']);
      outcome.operations.push({ op: 'replace', path, value: resolution.image });
    }
  }
  return outcome;
}
