import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { S2IError, environmentFile, scriptsDir } from '../../../src/builds/executor/s2i.js';
import { validateBuildConfigSpec } from '../../../src/builds/validation.js';

describe('S2I scripts location', () => {
  it("defaults to image:///usr/libexec/s2i and follows the builder's label", () => {
    expect(scriptsDir(undefined)).toBe('/usr/libexec/s2i');
    expect(scriptsDir({ 'io.openshift.s2i.scripts-url': 'image:///opt/app/s2i/' })).toBe('/opt/app/s2i');
  });

  it('refuses scripts that are not in the image', () => {
    for (const url of ['https://example.com/s2i', 'image://relative', 'file:///usr/libexec/s2i'])
      expect(() => scriptsDir({ 'io.openshift.s2i.scripts-url': url })).toThrow(S2IError);
  });
});

describe('Source strategy validation', () => {
  const spec = (sourceStrategy: object) =>
    validateBuildConfigSpec({
      source: { dockerfile: 'x' },
      strategy: { type: 'Source', sourceStrategy },
      output: {},
    } as Parameters<typeof validateBuildConfigSpec>[0]);

  it('accepts a builder image and env', () => {
    expect(spec({ from: { kind: 'DockerImage', name: 'b:1' }, env: [{ name: 'A', value: '1' }] })).toEqual(
      [],
    );
  });

  it('names from, a bad env name, incremental and scripts', () => {
    const fields = spec({ env: [{ name: '1A' }], incremental: true, scripts: 'http://x/s2i' }).map(
      (c) => c.field,
    );
    expect(fields).toEqual([
      'spec.strategy.sourceStrategy.from',
      'spec.strategy.sourceStrategy.env[0].name',
      'spec.strategy.sourceStrategy.incremental',
      'spec.strategy.sourceStrategy.scripts',
    ]);
  });
});

describe('.s2i/environment', () => {
  it('reads NAME=value lines, skipping comments, blanks and other lines (with a warning)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 's2i-env-'));
    const logged: string[] = [];
    const log = { write: (t: string) => void logged.push(t), flush: async () => undefined };
    try {
      expect(await environmentFile(dir, log)).toEqual({});
      await mkdir(join(dir, '.s2i'));
      await writeFile(join(dir, '.s2i', 'environment'), '# c\n\nA=1\nB=x=y\nnot a line\nC=\r\n');
      expect(await environmentFile(dir, log)).toEqual({ A: '1', B: 'x=y', C: '' });
      expect(logged.join('')).toContain('skipping a line');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
