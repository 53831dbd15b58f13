/** `buildconfigs` and `builds` (build.openshift.io/v1) as oc serves them, and `buildconfigs/instantiate`. */
import { fieldForbidden } from '../api/field-errors.js';
import { invalid } from '../api/status-error.js';
import { checkSourceAccess, type SourceStream } from '../server/auth/source-access.js';
import type {
  RequestScope,
  ResourceDef,
  ResourceHandler,
  SubresourceDef,
} from '../server/resources/resource-def.js';
import { storedResource } from '../server/resources/stored-resource.js';
import { BUILD_CONFIGS, BUILDS } from '../store/resource-types.js';
import type { Store } from '../store/store.js';
import { BUILD_CONFIG_TABLE, BUILD_TABLE } from './columns.js';
import { BUILD_API_GROUP, BUILD_API_VERSION, BUILD_CONFIG_KIND, BUILD_KIND } from './constants.js';
import { cloneBuild } from './clone.js';
import { instantiate } from './instantiate.js';
import { splitStreamTag, type RegistryHost } from './stream-tag-image.js';
import { strategyFrom, strategyFromField, type Build, type BuildConfig, type BuildSpec } from './schema.js';
import { buildConfigStrategy, buildStrategy } from './strategy.js';

const VERBS: ResourceDef['verbs'] = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
const STATUS: SubresourceDef = { name: 'status', verbs: ['get', 'patch', 'update'] };

/** the streams a spec reads from other namespaces (builder image, trigger sources) */
function foreignSources(
  spec: Pick<BuildSpec, 'strategy'> & { triggers?: BuildConfig['spec']['triggers'] },
  own: string,
): SourceStream[] {
  const refs = [
    { ref: strategyFrom(spec.strategy), field: strategyFromField(spec.strategy) },
    ...(spec.triggers ?? []).map((t, i) => ({
      ref: t.imageChange?.from,
      field: `spec.triggers[${i}].imageChange.from`,
    })),
  ];
  return refs.flatMap(({ ref, field }) =>
    ref?.kind === 'ImageStreamTag' && ref.namespace && ref.namespace !== own
      ? [{ namespace: ref.namespace, name: splitStreamTag(ref.name).stream, field }]
      : [],
  );
}

/**
 * Building from a stream in another namespace reveals its images: the user needs read there, as
 * for tag sources. Pushing into another namespace's stream would write there: refused.
 */
function checkAccess<T extends Build | BuildConfig>(kind: string, resource: string) {
  return async (next: T, _old: T | undefined, scope: RequestScope): Promise<T> => {
    const spec = next.spec;
    const own = next.metadata.namespace ?? scope.info.namespace ?? '';
    const to = spec.output.to;
    if (to?.kind === 'ImageStreamTag' && to.namespace && to.namespace !== own)
      throw invalid({ group: BUILD_API_GROUP, kind, resource, name: next.metadata.name }, [
        fieldForbidden(
          'spec.output.to.namespace',
          'a build may only push to image streams of its own namespace',
        ),
      ]);
    await checkSourceAccess(
      scope.user,
      { name: next.metadata.name, group: BUILD_API_GROUP, kind: resource },
      foreignSources(spec, own),
    );
    return next;
  };
}

function buildConfigHandler(store: Store, registryHost: RegistryHost): ResourceHandler {
  const stored = storedResource(store, {
    type: BUILD_CONFIGS,
    apiVersion: BUILD_API_VERSION,
    kind: BUILD_CONFIG_KIND,
    listKind: `${BUILD_CONFIG_KIND}List`,
    namespaced: true,
    strategy: buildConfigStrategy,
    statusSubresource: true,
    resolve: checkAccess(BUILD_CONFIG_KIND, 'buildconfigs'),
  });
  return {
    ...stored,
    create(scope, body) {
      if (scope.info.subresource === 'instantiate' && scope.info.name !== undefined)
        return instantiate(store, scope.info.namespace, scope.info.name, body, {
          dryRun: scope.dryRun,
          registryHost,
        });
      return stored.create!(scope, body);
    },
  };
}

/** `registryHost`: the registry serving the streams, where instantiate resolves `Local` tags */
export function buildConfigResource(store: Store, registryHost: RegistryHost = () => undefined): ResourceDef {
  return {
    group: BUILD_API_GROUP,
    version: 'v1',
    resource: BUILD_CONFIGS.resource,
    singularName: 'buildconfig',
    kind: BUILD_CONFIG_KIND,
    namespaced: true,
    verbs: VERBS,
    shortNames: ['bc'],
    categories: ['all'],
    subresources: [
      STATUS,
      { name: 'instantiate', verbs: ['create'] },
      { name: 'instantiatebinary', verbs: ['create'] },
    ],
    handler: buildConfigHandler(store, registryHost),
    table: BUILD_CONFIG_TABLE,
  };
}

export function buildResource(store: Store): ResourceDef {
  return {
    group: BUILD_API_GROUP,
    version: 'v1',
    resource: BUILDS.resource,
    singularName: 'build',
    kind: BUILD_KIND,
    namespaced: true,
    verbs: VERBS,
    categories: ['all'],
    // builds/log is its own route (text/plain, follow): log-route.ts
    subresources: [STATUS, { name: 'log', verbs: ['get'] }, { name: 'clone', verbs: ['create'] }],
    handler: buildHandler(store),
    table: BUILD_TABLE,
  };
}

function buildHandler(store: Store): ResourceHandler {
  const stored = storedResource(store, {
    type: BUILDS,
    apiVersion: BUILD_API_VERSION,
    kind: BUILD_KIND,
    listKind: `${BUILD_KIND}List`,
    namespaced: true,
    strategy: buildStrategy,
    statusSubresource: true,
    resolve: checkAccess(BUILD_KIND, 'builds'),
  });
  return {
    ...stored,
    create(scope, body) {
      if (scope.info.subresource === 'clone' && scope.info.name !== undefined)
        return cloneBuild(store, scope.info.namespace, scope.info.name, body, scope.dryRun);
      return stored.create!(scope, body);
    },
  };
}
