import { describe, expect, it } from 'vitest';
import {
  preferenceFromAnnotations,
  selectPlatformManifest,
  PREFER_ARCH_ANNOTATION,
  PREFER_OS_ANNOTATION,
} from '../../../src/importer/platform-selection.js';

const list = [
  { digest: 'sha256:arm', platform: { architecture: 'arm64', os: 'linux' } },
  { digest: 'sha256:amd', platform: { architecture: 'amd64', os: 'linux' } },
  { digest: 'sha256:win', platform: { architecture: 'amd64', os: 'windows' } },
];

describe('selectPlatformManifest', () => {
  it('prefers the tag annotations over the server platform', () => {
    const pref = preferenceFromAnnotations(
      { [PREFER_ARCH_ANNOTATION]: 'amd64', [PREFER_OS_ANNOTATION]: 'windows' },
      { architecture: 'arm64', os: 'linux' },
    );
    expect(selectPlatformManifest(list, pref)?.digest).toBe('sha256:win');
  });

  it('uses the server platform when the tag has no preference', () => {
    expect(
      selectPlatformManifest(list, { serverPlatform: { architecture: 'arm64', os: 'linux' } })?.digest,
    ).toBe('sha256:arm');
  });

  it('falls back to linux/amd64 when nothing preferred matches', () => {
    expect(selectPlatformManifest(list, { preferArch: 's390x' })?.digest).toBe('sha256:amd');
    expect(selectPlatformManifest(list)?.digest).toBe('sha256:amd');
  });

  it('falls back to the first entry without linux/amd64, and to nothing for an empty list', () => {
    const other = [list[0]!, list[2]!];
    expect(selectPlatformManifest(other, { preferArch: 'ppc64le' })?.digest).toBe('sha256:arm');
    expect(selectPlatformManifest([])).toBeUndefined();
  });
});
