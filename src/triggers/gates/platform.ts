/**
 * The platform gate: which platforms a stored Image offers. A manifest list names its children's
 * platforms (`dockerImageManifests`); a single image its config's (`dockerImageMetadata`). An image
 * that says nothing about its platform is not held (unknown is not missing).
 */

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** Go's names, as Docker's `/version` and OCI indexes use them. */
const ARCH_ALIASES: Record<string, string> = { x86_64: 'amd64', aarch64: 'arm64', armhf: 'arm' };

export function normalizeArch(arch: string): string {
  return ARCH_ALIASES[arch] ?? arch;
}

export function parsePlatform(text: string): Platform | undefined {
  const m = /^([a-z0-9]+)\/([a-z0-9_]+)(?:\/([a-z0-9]+))?$/.exec(text);
  if (!m) return undefined;
  const p: Platform = { os: m[1] as string, architecture: normalizeArch(m[2] as string) };
  if (m[3]) p.variant = m[3];
  return p;
}

export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

/** The parts of a stored Image the gate reads. */
export interface ImagePlatforms {
  dockerImageManifests?: ReadonlyArray<{ os?: string; architecture?: string; variant?: string }>;
  dockerImageMetadata?: { Architecture?: string; Os?: string; Variant?: string };
}

function offered(image: ImagePlatforms): Platform[] | undefined {
  const list = image.dockerImageManifests;
  if (list && list.length > 0)
    return list.map((m) => ({
      os: m.os ?? '',
      architecture: normalizeArch(m.architecture ?? ''),
      ...(m.variant ? { variant: m.variant } : {}),
    }));
  const meta = image.dockerImageMetadata;
  if (!meta?.Architecture || !meta.Os) return undefined;
  return [
    {
      os: meta.Os,
      architecture: normalizeArch(meta.Architecture),
      ...(meta.Variant ? { variant: meta.Variant } : {}),
    },
  ];
}

/** A wanted platform matches when os and architecture agree, and the variant too when both name one. */
function matches(want: Platform, have: Platform): boolean {
  if (want.os !== have.os || want.architecture !== have.architecture) return false;
  return !want.variant || !have.variant || want.variant === have.variant;
}

/** The wanted platforms the image does not offer (empty: the gate passes). */
export function missingPlatforms(image: ImagePlatforms | undefined, wanted: readonly Platform[]): Platform[] {
  const have = image ? offered(image) : undefined;
  if (!have) return [];
  return wanted.filter((w) => !have.some((h) => matches(w, h)));
}
