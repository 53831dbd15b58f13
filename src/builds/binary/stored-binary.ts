/**
 * Where a binary build's upload lives between the request (any replica) and the build (the
 * leader): a `BuildBinary` object in the store, named as its Build, written before the Build is
 * created (the controller never sees a binary Build without its source), read by the executor and
 * deleted once read (or with the build when history is pruned). Bounded by MAX_BINARY_BYTES so
 * that it fits one store value (etcd's default request limit is 1.5 MiB; base64 adds a third).
 */
import { BUILD_BINARIES } from '../../store/resource-types.js';
import type { Store } from '../../store/store.js';

const BUILD_BINARY_KIND = 'BuildBinary';
/** the largest upload `instantiatebinary` takes (bytes as sent, compressed or not); beyond: 413 */
export const MAX_BINARY_BYTES = 1024 * 1024;
/** the largest unpacked tar (a gzip bomb stops here) */
export const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;

/** a file name, nothing else: it is written in the context */
export function validAsFile(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[/\\\0]/.test(name);
}

export interface StoredBinary {
  /** the upload is a single file of this name, else an archive */
  asFile?: string;
  data: Buffer;
}

/** what the store holds: the upload base64 encoded */
export interface BuildBinaryObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  asFile?: string;
  data: string;
  [field: string]: unknown;
}

export async function writeBinary(
  store: Store,
  namespace: string,
  build: string,
  binary: StoredBinary,
): Promise<void> {
  const object: BuildBinaryObject = {
    apiVersion: 'imagestreams.io/v1',
    kind: BUILD_BINARY_KIND,
    metadata: { name: build, namespace },
    ...(binary.asFile ? { asFile: binary.asFile } : {}),
    data: binary.data.toString('base64'),
  };
  await store.create(BUILD_BINARIES, object);
}

export async function readBinary(
  store: Store,
  namespace: string,
  build: string,
): Promise<StoredBinary | undefined> {
  const o = await store.get(BUILD_BINARIES, namespace, build);
  if (!o || typeof o.data !== 'string') return undefined;
  return {
    ...(typeof o.asFile === 'string' ? { asFile: o.asFile } : {}),
    data: Buffer.from(o.data, 'base64'),
  };
}

export function deleteBinary(store: Store, namespace: string, build: string): Promise<void> {
  return store.delete(BUILD_BINARIES, namespace, build).then(
    () => undefined,
    () => undefined,
  );
}
