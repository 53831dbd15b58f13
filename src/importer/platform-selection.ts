/**
 * Which child of a manifest list a `Legacy` import keeps. The order is OpenShift's: the tag's
 * `prefer-arch`/`prefer-os` annotations, then the server's platform, then linux/amd64, then the
 * first entry, so a tag always resolves to one runnable image when the list is not empty.
 */

import { PREFER_ARCH_ANNOTATION, PREFER_OS_ANNOTATION } from '../api/constants.js';

export { PREFER_ARCH_ANNOTATION, PREFER_OS_ANNOTATION };

export interface Platform {
  architecture: string;
  os: string;
  variant?: string;
}

export interface PlatformDescriptor {
  digest: string;
  mediaType?: string;
  size?: number;
  platform?: Partial<Platform>;
}

export interface PlatformPreference {
  /** from the tag's annotations */
  preferArch?: string;
  preferOS?: string;
  /** the server's `--platform` option (its control-plane platform) */
  serverPlatform?: Platform;
}

/** The preference a spec tag's annotations express. */
export function preferenceFromAnnotations(
  annotations: Record<string, string> | undefined,
  serverPlatform?: Platform,
): PlatformPreference {
  const p: PlatformPreference = {};
  const arch = annotations?.[PREFER_ARCH_ANNOTATION];
  const os = annotations?.[PREFER_OS_ANNOTATION];
  if (arch) p.preferArch = arch;
  if (os) p.preferOS = os;
  if (serverPlatform) p.serverPlatform = serverPlatform;
  return p;
}

function find<T extends PlatformDescriptor>(list: readonly T[], arch: string, os: string): T | undefined {
  return list.find((m) => m.platform?.architecture === arch && m.platform?.os === os);
}

/** The chosen child, or undefined for an empty list. */
export function selectPlatformManifest<T extends PlatformDescriptor>(
  manifests: readonly T[],
  pref: PlatformPreference = {},
): T | undefined {
  const arch = pref.preferArch ?? pref.serverPlatform?.architecture;
  const os = pref.preferOS ?? pref.serverPlatform?.os ?? (arch ? 'linux' : undefined);
  const preferred = arch && os ? find(manifests, arch, os) : undefined;
  return preferred ?? find(manifests, 'amd64', 'linux') ?? manifests[0];
}

/** Node's `process.arch` in the GOARCH spelling registries use. */
export function hostPlatform(): Platform {
  const arch: Record<string, string> = {
    x64: 'amd64',
    ia32: '386',
    arm64: 'arm64',
    arm: 'arm',
    s390x: 's390x',
  };
  return { architecture: arch[process.arch] ?? process.arch, os: 'linux' };
}
