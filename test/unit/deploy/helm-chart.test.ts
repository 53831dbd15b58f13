/**
 * deploy/helm/imagestreams without Helm: Debian ships no `helm` package and nothing else here runs
 * Go templates, so the chart is NOT rendered by these tests (docs/kubernetes.md says so). What they
 * check is what can be checked honestly without a renderer:
 *   - values.schema.json, which Helm itself enforces on install/upgrade/template, accepts the
 *     shipped values and an etcd setup and refuses SQLite with several replicas (checked with Ajv,
 *     a JSON Schema draft-07 validator, the draft Helm 3 reads);
 *   - every `.Values.…` path the templates read exists in values.yaml (a misspelt value would
 *     render as empty);
 *   - the RBAC rules file the chart includes is the plain manifests' ClusterRole rules;
 *   - every literal `isctl serve` flag in the Deployment template exists, and the etcd TLS query
 *     the template builds is one the real --store parser reads.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { SERVE_FLAGS } from '../../../src/cli/commands/serve-flags.js';
import { parseEtcdStoreUrl } from '../../../src/store/etcd/etcd-client.js';
import { REPO_ROOT, findObject, loadManifests, parseYamlDocuments } from '../../support/deploy-manifests.js';

const CHART = path.join(REPO_ROOT, 'deploy', 'helm', 'imagestreams');
const read = (file: string): string => readFileSync(path.join(CHART, file), 'utf8');
const yamlFile = (file: string): unknown => parseYamlDocuments(read(file), file)[0];

const values = yamlFile('values.yaml') as Record<string, unknown>;
const validate = new Ajv({
  allErrors: true,
  strict: true,
  strictTypes: false,
  strictRequired: false,
}).compile(JSON.parse(read('values.schema.json')) as object);
const templates = readdirSync(path.join(CHART, 'templates')).map((f) => ({
  file: f,
  text: read(path.join('templates', f)),
}));

/** The shape of values.yaml the tests change (the schema checks the rest). */
interface Values {
  replicaCount: number;
  replicas?: number;
  store: { type: string; etcd: { endpoints: string[]; tlsSecretName: string } };
}

function withValues(patch: (v: Values) => void): unknown {
  const copy = structuredClone(values) as unknown as Values;
  patch(copy);
  return copy;
}

function schemaErrors(v: unknown): string[] {
  return validate(v) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

describe('the Helm chart', () => {
  it('is a v2 application chart whose appVersion is the package version', () => {
    const chart = yamlFile('Chart.yaml') as Record<string, unknown>;
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(chart).toMatchObject({ apiVersion: 'v2', name: 'imagestreams', type: 'application' });
    expect(chart.appVersion).toBe(pkg.version);
  });

  it('defaults to one replica on SQLite, which the values schema accepts', () => {
    expect(values).toMatchObject({ replicaCount: 1, store: { type: 'sqlite' } });
    expect(schemaErrors(values)).toEqual([]);
  });

  it('accepts several replicas on etcd', () => {
    const etcd = withValues((v) => {
      v.replicaCount = 3;
      v.store.type = 'etcd';
      v.store.etcd.endpoints = ['etcd-0.etcd:2379', 'etcd-1.etcd:2379'];
      v.store.etcd.tlsSecretName = 'etcd-client';
    });
    expect(schemaErrors(etcd)).toEqual([]);
  });

  it('refuses several replicas on SQLite', () => {
    const twoOnSqlite = withValues((v) => {
      v.replicaCount = 2;
    });
    expect(schemaErrors(twoOnSqlite)).toContain('/replicaCount must be <= 1');
  });

  it('refuses etcd without endpoints, an endpoint with a scheme, and an unknown value', () => {
    const noEndpoints = withValues((v) => {
      v.store.type = 'etcd';
    });
    expect(schemaErrors(noEndpoints)).toContain('/store/etcd/endpoints must NOT have fewer than 1 items');
    const scheme = withValues((v) => {
      v.store.type = 'etcd';
      v.store.etcd.endpoints = ['http://etcd:2379'];
    });
    expect(schemaErrors(scheme).join()).toMatch(/\/store\/etcd\/endpoints\/0 must match pattern/);
    const typo = withValues((v) => {
      v.replicas = 2;
    });
    expect(schemaErrors(typo)).toContain(' must NOT have additional properties');
  });

  it('reads only values that values.yaml defines', () => {
    const paths = new Set(
      templates.flatMap(({ text }) =>
        [...text.matchAll(/\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)].map((m) => m[1]!),
      ),
    );
    expect(paths.size).toBeGreaterThan(10);
    for (const p of paths) {
      let at: unknown = values;
      for (const key of p.slice(1).split('.')) {
        expect(at !== null && typeof at === 'object' && key in at, `.Values${p}`).toBe(true);
        at = (at as Record<string, unknown>)[key];
      }
    }
  });

  it('grants the same rules as the plain ClusterRole', () => {
    const plain = findObject(loadManifests(), 'ClusterRole') as { rules: unknown[] };
    expect(yamlFile('files/trigger-target-rules.yaml')).toEqual(plain.rules);
    expect(templates.find((t) => t.file === 'rbac.yaml')?.text).toContain(
      '.Files.Get "files/trigger-target-rules.yaml"',
    );
  });

  it('passes only isctl serve flags that exist', () => {
    const deployment = templates.find((t) => t.file === 'deployment.yaml')!.text;
    const used = [...deployment.matchAll(/^\s+- (--[a-z-]+)/gm)].map((m) => m[1]!);
    const known = new Set(SERVE_FLAGS.map((f) => f.flags.split(' ')[0]));
    expect(used.length).toBeGreaterThan(8);
    for (const flag of used) expect(known.has(flag), flag).toBe(true);
  });

  it('builds an etcd TLS query that the --store parser reads', () => {
    const helpers = read('templates/_helpers.tpl');
    const query = /"%s(\?ca=[^"]+)"/.exec(helpers)?.[1];
    expect(query).toBeDefined();
    expect(parseEtcdStoreUrl(`etcd://etcd-0.etcd:2379,etcd-1.etcd:2379/imagestreams${query}`)).toEqual({
      endpoints: ['etcd-0.etcd:2379', 'etcd-1.etcd:2379'],
      prefix: '/imagestreams',
      tls: {
        caFile: '/etc/imagestreams/etcd/ca.crt',
        certFile: '/etc/imagestreams/etcd/tls.crt',
        keyFile: '/etc/imagestreams/etcd/tls.key',
      },
    });
  });
});
