/** Reading containers and images from the engine through the schemas, and pulling by digest. */
import type Docker from 'dockerode';
import { referenceDigest } from '../../../api/docker-reference.js';
import {
  ContainerInspectSchema,
  ImageInspectSchema,
  type ContainerInspectSchema as Inspect,
} from './schema.js';

export async function inspectContainer(docker: Docker, id: string): Promise<Inspect> {
  const raw: unknown = await docker.getContainer(id).inspect();
  return ContainerInspectSchema.parse(raw);
}

/** `undefined` when the container is gone (404). */
export async function inspectContainerIfExists(docker: Docker, id: string): Promise<Inspect | undefined> {
  try {
    return await inspectContainer(docker, id);
  } catch (e) {
    if (statusCode(e) === 404) return undefined;
    throw e;
  }
}

export async function inspectImage(docker: Docker, id: string): Promise<ImageInspectSchema | undefined> {
  try {
    const raw: unknown = await docker.getImage(id).inspect();
    return ImageInspectSchema.parse(raw);
  } catch (e) {
    if (statusCode(e) === 404) return undefined;
    throw e;
  }
}

/** The digest a container runs: from its `REPO@digest` image reference, else the image's RepoDigests. */
export async function containerDigest(docker: Docker, c: Inspect): Promise<string | undefined> {
  const fromRef = referenceDigest(c.Config.Image ?? '');
  if (fromRef) return fromRef;
  const image = await inspectImage(docker, c.Image);
  const first = image?.RepoDigests?.[0];
  return first ? referenceDigest(first) : undefined;
}

export function statusCode(e: unknown): number | undefined {
  if (typeof e === 'object' && e !== null && 'statusCode' in e && typeof e.statusCode === 'number')
    return e.statusCode;
  return undefined;
}

/** The error message Docker sent (its JSON `message`), without request details. */
export function dockerMessage(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'json' in e) {
    const json = (e as { json?: unknown }).json;
    if (typeof json === 'object' && json !== null && 'message' in json && typeof json.message === 'string')
      return json.message;
  }
  return e instanceof Error ? e.message : String(e);
}

/** Registry credentials for a pull; never logged. */
export interface RegistryAuth {
  username: string;
  password: string;
  serveraddress: string;
}

/** Pulls `reference` (by digest) and waits until the engine has it; errors in the stream reject. */
export async function pullImage(docker: Docker, reference: string, auth?: RegistryAuth): Promise<void> {
  const stream = await docker.pull(reference, auth ? { authconfig: auth } : {});
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (err: Error | null, output: Array<{ error?: string }> | undefined) => {
        const failed = output?.find((o) => o.error);
        if (err) reject(err);
        else if (failed?.error) reject(new Error(failed.error));
        else resolve();
      },
    );
  });
}
