/**
 * The credentials one build uses, read when it starts (src/credentials): for the pull of its base
 * or builder image, the strategy's `pullSecret`, else the namespace's credentials; for the push,
 * `output.pushSecret`, else the namespace's credentials for an ImageStreamTag output and none for
 * a DockerImage one (the namespace's push rights are not sent to wherever a build config points);
 * for the Git source, `source.sourceSecret`. Also every value to mask in the build log. A named
 * Secret that is missing or of the wrong kind fails the build with the step's reason, the log
 * saying which Secret (never a value).
 */
import {
  BuildSecretError,
  dockerSecretCredentials,
  readSecret,
  sourceSecretCredential,
  type SourceCredential,
} from '../../credentials/index.js';
import type { CredentialStore } from '../../registry/auth/credentials.js';
import type { Store } from '../../store/store.js';
import { BuildReason } from '../constants.js';
import { strategyFrom, type Build } from '../schema.js';
import { sourceSecretValues } from './git-auth.js';
import type { OutputTarget } from './output-target.js';
import { uriSecret } from './source.js';

export interface BuildCredentials {
  pull: CredentialStore | undefined;
  /** the registries the pullSecret has credentials for: all are given to the Docker build (every stage's FROM) */
  pullRegistries: string[];
  push: CredentialStore | undefined;
  source: SourceCredential | undefined;
  /** values masked in the build log */
  secrets: string[];
  /** a named Secret that cannot be used: the build fails with `reason`, `text` in its log */
  problem?: { reason: BuildReason; text: string };
}

class Problem extends Error {
  readonly reason: BuildReason;
  constructor(reason: BuildReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

async function named<T>(
  store: Store,
  namespace: string,
  name: string | undefined,
  reason: BuildReason,
  read: (secret: Awaited<ReturnType<typeof readSecret>>) => T,
): Promise<T | undefined> {
  if (!name) return undefined;
  try {
    return read(await readSecret(store, namespace, name));
  } catch (e) {
    if (e instanceof BuildSecretError) throw new Problem(reason, e.message);
    throw e;
  }
}

function pullReason(build: Build): BuildReason {
  return build.spec.strategy.sourceStrategy
    ? BuildReason.PullBuilderImageFailed
    : BuildReason.DockerBuildFailed;
}

function registryOf(image: string | undefined): string {
  return image?.split('/')[0] ?? '';
}

function masked(stores: (CredentialStore | undefined)[], registries: string[]): string[] {
  return stores.flatMap((s) =>
    registries.flatMap((r) => {
      const c = s?.get(r);
      return c ? [c.password, `${c.username}:${c.password}`] : [];
    }),
  );
}

export async function buildCredentials(
  store: Store,
  build: Build,
  namespaceCreds: CredentialStore | undefined,
  target: OutputTarget | undefined,
): Promise<BuildCredentials> {
  const ns = build.metadata.namespace ?? '';
  const s = build.spec;
  const pullSecret = (s.strategy.dockerStrategy ?? s.strategy.sourceStrategy)?.pullSecret?.name;
  const registries = [registryOf(strategyFrom(s.strategy)?.name), ...(target ? [target.registry] : [])];
  const git = s.source.git ? uriSecret(s.source.git.uri) : undefined;
  const base = { secrets: [...masked([namespaceCreds], registries), ...(git ? [git] : [])] };
  try {
    const pull = await named(store, ns, pullSecret, pullReason(build), dockerSecretCredentials);
    const push = await named(
      store,
      ns,
      s.output.pushSecret?.name,
      BuildReason.MissingPushSecret,
      dockerSecretCredentials,
    );
    const source = await named(
      store,
      ns,
      s.source.sourceSecret?.name,
      BuildReason.FetchSourceFailed,
      sourceSecretCredential,
    );
    return {
      pull: pull ?? namespaceCreds,
      pullRegistries: pull?.registries ?? [],
      push: push ?? (target?.streamTag ? namespaceCreds : undefined),
      source,
      secrets: [
        ...base.secrets,
        ...masked([pull, push], [...registries, ...(pull?.registries ?? [])]),
        ...sourceSecretValues(source),
      ],
    };
  } catch (e) {
    if (!(e instanceof Problem)) throw e;
    return {
      pull: undefined,
      pullRegistries: [],
      push: undefined,
      source: undefined,
      ...base,
      problem: { reason: e.reason, text: e.message },
    };
  }
}
