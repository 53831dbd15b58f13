/** Which registry credentials a pull by digest needs: the registry host of the reference. */
import {
  canonicalRegistry,
  DOCKER_HUB,
  DOCKER_HUB_CREDENTIALS_ADDRESS,
  type CredentialStore,
} from '../../registry/index.js';
import type { RegistryAuth } from '../targets/docker/index.js';

/** The registry host of an image reference (`docker.io` when it names none), as Docker parses it. */
export function registryOf(reference: string): string {
  const slash = reference.indexOf('/');
  if (slash < 0) return DOCKER_HUB;
  const first = reference.slice(0, slash);
  const isHost = first.includes('.') || first.includes(':') || first === 'localhost';
  return isHost ? canonicalRegistry(first) : DOCKER_HUB;
}

/** The Docker Engine auth config for pulling `reference`, if the store has credentials for its registry. */
export function registryAuthFor(
  reference: string,
  credentials: CredentialStore | undefined,
): RegistryAuth | undefined {
  const registry = registryOf(reference);
  const credential = credentials?.get(registry);
  if (!credential) return undefined;
  const serveraddress = registry === DOCKER_HUB ? DOCKER_HUB_CREDENTIALS_ADDRESS : registry;
  return { username: credential.username, password: credential.password, serveraddress };
}
