/** The engine's platform (`docker version`: Os/Arch in Go's names), for the platform gate; asked once. */
import type Docker from 'dockerode';
import { normalizeArch, type Platform } from '../../gates/platform.js';

export function hostPlatform(docker: Docker): { platform(): Promise<Platform | undefined> } {
  let known: Promise<Platform | undefined> | undefined;
  return {
    platform() {
      known ??= docker.version().then(
        (v) => (v.Os && v.Arch ? { os: v.Os, architecture: normalizeArch(v.Arch) } : undefined),
        () => {
          known = undefined; // asked again next time
          return undefined;
        },
      );
      return known;
    },
  };
}
