import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../src/cli/errors.js';
import { readManifests, splitManifests } from '../../../src/cli/manifests.js';

const IS = (name: string) =>
  `apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: ${name}\n`;

describe('splitManifests', () => {
  it('splits multi-document YAML and skips empty documents', () => {
    const docs = splitManifests(`---\n${IS('a')}---\n---\n${IS('b')}`, 'f.yaml');
    expect(docs.map((d) => d.object.metadata.name)).toEqual(['a', 'b']);
    expect(docs[0]?.source).toBe('f.yaml');
  });

  it('reads JSON, and flattens kind: List', () => {
    const json = JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'ImageStream', metadata: { name: 'x' } },
        { apiVersion: 'v1', kind: 'ImageStream', metadata: { name: 'y' } },
      ],
    });
    expect(splitManifests(json, 'l.json').map((d) => d.object.metadata.name)).toEqual(['x', 'y']);
  });

  it('rejects documents without kind or name, naming the file', () => {
    expect(() => splitManifests('apiVersion: v1\nmetadata: {name: a}\n', 'bad.yaml')).toThrow(
      'error validating "bad.yaml": error validating data: kind not set',
    );
    expect(() => splitManifests('apiVersion: v1\nkind: ImageStream\nmetadata: {}\n', 'bad.yaml')).toThrow(
      /metadata.name not set/,
    );
  });

  it('rejects broken YAML as the user’s error', () => {
    expect(() => splitManifests('a: [1,\n', 'x.yaml')).toThrow(CliError);
  });
});

describe('readManifests', () => {
  it('reads a directory’s manifest files in name order, recursing only with -R', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'isctl-manifests-'));
    writeFileSync(path.join(dir, 'b.yaml'), IS('b'));
    writeFileSync(
      path.join(dir, 'a.json'),
      JSON.stringify({ apiVersion: 'v1', kind: 'ImageStream', metadata: { name: 'a' } }),
    );
    writeFileSync(path.join(dir, 'notes.txt'), 'not a manifest');
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'sub', 'c.yml'), IS('c'));
    const readStdin = async () => IS('stdin');
    const flat = await readManifests([dir], { readStdin });
    expect(flat.map((m) => m.object.metadata.name)).toEqual(['a', 'b']);
    const deep = await readManifests([dir, '-'], { readStdin, recursive: true });
    expect(deep.map((m) => m.object.metadata.name)).toEqual(['a', 'b', 'c', 'stdin']);
  });

  it('fails clearly for a missing path and for input without objects', async () => {
    const readStdin = async () => '';
    await expect(readManifests(['/does/not/exist'], { readStdin })).rejects.toThrow(
      'the path "/does/not/exist" does not exist',
    );
    await expect(readManifests(['-'], { readStdin, verb: 'create' })).rejects.toThrow(
      'no objects passed to create',
    );
  });
});
