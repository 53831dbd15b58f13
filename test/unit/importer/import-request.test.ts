import { describe, expect, it } from 'vitest';
import { planImageImport, type StreamForImport } from '../../../src/importer/import-request.js';

const stream: StreamForImport = {
  metadata: { name: 'app', resourceVersion: '42', uid: 'u-1' },
  spec: {
    tags: [
      {
        name: '1.0',
        from: { kind: 'DockerImage', name: 'reg:5000/team/app:1.0' },
        importPolicy: { insecure: true },
      },
      { name: 'stable', from: { kind: 'ImageStreamTag', name: 'app:1.0' } },
    ],
  },
};

describe('planImageImport', () => {
  it('needs --confirm to create a stream, and then imports NAME:TAG from --from', () => {
    expect(() => planImageImport('app:1.0', undefined, { from: 'reg/x:1' })).toThrow(
      /pass --confirm to create/,
    );
    const isi = planImageImport('app:1.0', undefined, {
      from: 'reg:5000/x:1',
      confirm: true,
      insecure: true,
    });
    expect(isi.metadata).toEqual({ name: 'app' });
    expect(isi.spec).toEqual({
      import: true,
      images: [
        {
          from: { kind: 'DockerImage', name: 'reg:5000/x:1' },
          to: { name: '1.0' },
          importPolicy: { importMode: 'Legacy', insecure: true },
          referencePolicy: { type: 'Source' },
        },
      ],
    });
  });

  it('re-imports the recorded source of an existing tag without --from, keeping its policy and preconditions', () => {
    const isi = planImageImport('app:1.0', stream, {});
    expect(isi.metadata).toEqual({ name: 'app', resourceVersion: '42', uid: 'u-1' });
    expect(isi.spec.images?.[0]?.from.name).toBe('reg:5000/team/app:1.0');
    expect(isi.spec.images?.[0]?.importPolicy?.insecure).toBe(true);
  });

  it("refuses a --from that differs from the tag's source, even with --confirm, pointing to tag (as oc)", () => {
    for (const confirm of [false, true]) {
      expect(() => planImageImport('app:1.0', stream, { from: 'other/app:1', confirm })).toThrow(
        /^the tag "1\.0" points to "[^"]+" - use the 'tag' command if you want to change the source to "other\/app:1"$/,
      );
    }
    const same = stream.spec?.tags?.find((t) => t.name === '1.0')?.from?.name ?? '';
    expect(planImageImport('app:1.0', stream, { from: same }).spec.images?.[0]?.from.name).toBe(same);
  });

  it('refuses tags that point to another image stream tag, and unknown tags without --from', () => {
    expect(() => planImageImport('app:stable', stream, {})).toThrow(/cannot be re-imported/);
    expect(() => planImageImport('app:nope', stream, {})).toThrow(/does not exist on the image stream/);
  });

  it('imports a whole repository with --all, and every DockerImage tag when there is no repository', () => {
    const all = planImageImport('app', undefined, {
      all: true,
      from: 'reg/team/app',
      confirm: true,
      importMode: 'PreserveOriginal',
    });
    expect(all.spec.repository).toEqual({
      from: { kind: 'DockerImage', name: 'reg/team/app' },
      importPolicy: { importMode: 'PreserveOriginal' },
      referencePolicy: { type: 'Source' },
    });
    const tags = planImageImport('app', stream, { all: true });
    expect(tags.spec.images?.map((i) => i.to?.name)).toEqual(['1.0']);
    expect(() => planImageImport('app:1.0', stream, { all: true })).toThrow(/as well as --all/);
  });

  it('validates --reference-policy and --import-mode, and sends import:false for --dry-run', () => {
    expect(() => planImageImport('app:1.0', stream, { referencePolicy: 'x' })).toThrow(/source" or "local/);
    expect(() => planImageImport('app:1.0', stream, { importMode: 'x' })).toThrow(/Legacy/);
    const isi = planImageImport('app:1.0', stream, { dryRun: true, referencePolicy: 'local' });
    expect(isi.spec.import).toBe(false);
    expect(isi.spec.images?.[0]?.referencePolicy).toEqual({ type: 'Local' });
  });
});
