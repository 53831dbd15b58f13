import { describe, expect, it } from 'vitest';
import { renderJsonPath } from '../../../../src/cli/output/jsonpath.js';
import { CliError } from '../../../../src/cli/errors.js';

const istag = {
  metadata: { name: 'ruby:latest', labels: { app: 'ruby' } },
  image: { metadata: { name: 'sha256:abc' }, dockerImageReference: 'r/ruby@sha256:abc' },
};
const list = {
  kind: 'List',
  items: [
    {
      metadata: { name: 'a' },
      status: { tags: [{ tag: 'latest', items: [{ image: 'sha256:1' }] }, { tag: 'v2' }] },
    },
    { metadata: { name: 'b' }, status: { tags: [] } },
  ],
};

describe('renderJsonPath', () => {
  it('prints a nested string field bare', () => {
    expect(renderJsonPath('{.image.metadata.name}', istag)).toBe('sha256:abc');
  });

  it('joins wildcard results with spaces', () => {
    expect(renderJsonPath('{.items[*].metadata.name}', list)).toBe('a b');
  });

  it('keeps literal text around expressions', () => {
    expect(renderJsonPath('name={.metadata.name};', istag)).toBe('name=ruby:latest;');
  });

  it('prints objects as JSON', () => {
    expect(renderJsonPath('{.metadata.labels}', istag)).toBe('{"app":"ruby"}');
  });

  it('prints nothing for missing keys, as kubectl does', () => {
    expect(renderJsonPath('{.metadata.nothing.here}', istag)).toBe('');
  });

  it('indexes arrays, also from the end', () => {
    expect(renderJsonPath('{.items[0].metadata.name}', list)).toBe('a');
    expect(renderJsonPath('{.items[-1].metadata.name}', list)).toBe('b');
  });

  it('filters arrays by equality', () => {
    expect(renderJsonPath('{.items[0].status.tags[?(@.tag=="latest")].items[0].image}', list)).toBe(
      'sha256:1',
    );
  });

  it('iterates with range and string literals', () => {
    expect(renderJsonPath('{range .items[*]}{.metadata.name}{"\\n"}{end}', list)).toBe('a\nb\n');
  });

  it('accepts a bare path without braces', () => {
    expect(renderJsonPath('.metadata.name', istag)).toBe('ruby:latest');
  });

  it('accepts bracket field names with dots', () => {
    expect(renderJsonPath("{.metadata.labels['app']}", istag)).toBe('ruby');
  });

  it('rejects an unclosed range as the user’s error', () => {
    expect(() => renderJsonPath('{range .items[*]}{.x}', list)).toThrow(CliError);
  });
});
