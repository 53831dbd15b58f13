import { describe, expect, it } from 'vitest';
import {
  identityOfNamespace,
  parseSigstoreIdentitiesFile,
} from '../../../../src/importer/signatures/namespace-identities.js';
import { identityMatches } from '../../../../src/api/sigstore-identity.js';

const ISSUER = 'https://token.actions.githubusercontent.com';
const WORKFLOW = 'https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main';

describe('parseSigstoreIdentitiesFile', () => {
  it('reads exact and regexp signers per namespace, * for the others, from YAML or JSON', () => {
    const ids = parseSigstoreIdentitiesFile(
      [
        'prod:',
        `  identity: ${WORKFLOW}`,
        `  issuer: ${ISSUER}`,
        "'*':",
        "  identityRegexp: '^https://github\\.com/acme/'",
        `  issuer: ${ISSUER}`,
      ].join('\n'),
    );
    const prod = identityOfNamespace(ids, 'prod');
    expect(prod && identityMatches(prod, WORKFLOW, ISSUER)).toBe(true);
    expect(prod && identityMatches(prod, 'https://github.com/acme/other', ISSUER)).toBe(false);
    const dev = identityOfNamespace(ids, 'dev');
    expect(dev && identityMatches(dev, 'https://github.com/acme/other', ISSUER)).toBe(true);
    expect(dev && identityMatches(dev, 'https://github.com/evil/acme', ISSUER)).toBe(false);

    const json = parseSigstoreIdentitiesFile(JSON.stringify({ prod: { identity: 'a@b.c', issuer: ISSUER } }));
    expect(identityOfNamespace(json, 'prod')?.identity).toBe('a@b.c');
    expect(identityOfNamespace(json, 'dev')).toBeUndefined();
  });

  it('an empty file requires nothing', () => {
    expect(parseSigstoreIdentitiesFile('').size).toBe(0);
    expect(identityOfNamespace(parseSigstoreIdentitiesFile(''), 'prod')).toBeUndefined();
  });

  it.each([
    ['text that is not YAML', 'prod: [unclosed', /^--sigstore-identities-file: not YAML or JSON$/],
    [
      'a list instead of a mapping',
      '- prod',
      /: \(top level\): .*\(expected namespace: \{identity or identityRegexp, issuer\}\)/,
    ],
    ['an entry that is not a mapping', 'prod: release@example.com', /: prod: /],
    ['an unknown field', `prod:\n  identity: a@b.c\n  issuer: ${ISSUER}\n  subject: x`, /: prod: .*subject/],
    ['a field that is not text', `prod:\n  identity: 3\n  issuer: ${ISSUER}`, /: prod\.identity: /],
    [
      'a namespace name that is not one',
      `Prod_1:\n  identity: a@b.c\n  issuer: ${ISSUER}`,
      /"Prod_1" is not a namespace name or \*/,
    ],
    ['an identity without issuer', 'prod:\n  identity: a@b.c', /: prod\.issuer: is required/],
    ['an issuer without identity', `prod:\n  issuer: ${ISSUER}`, /: prod\.identity: is required/],
    ['an empty entry', 'prod: {}', /: prod\.identity: is required, with issuer/],
    [
      'identity and identityRegexp together',
      `prod:\n  identity: a@b.c\n  identityRegexp: a\n  issuer: ${ISSUER}`,
      /: prod\.identityRegexp: cannot be set together with identity/,
    ],
    [
      'a regexp that does not compile',
      `prod:\n  identityRegexp: '(a'\n  issuer: ${ISSUER}`,
      /: prod\.identityRegexp: /,
    ],
    [
      'an identity with surrounding spaces',
      `prod:\n  identity: ' a@b.c'\n  issuer: ${ISSUER}`,
      /: prod\.identity: must be non-empty/,
    ],
  ])('refuses %s, naming the entry and field', (_what, text, message) => {
    expect(() => parseSigstoreIdentitiesFile(text)).toThrow(message);
  });

  it('names the file it was given', () => {
    expect(() => parseSigstoreIdentitiesFile('prod: {}', '/etc/ids.yaml')).toThrow(
      /^\/etc\/ids\.yaml: prod\.identity/,
    );
  });
});
