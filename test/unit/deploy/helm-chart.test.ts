/**
 * deploy/helm/imagestreams. Debian ships no `helm` and no Go toolchain that builds it can be had
 * here, so the chart is rendered by test/support/helm-chart.ts: a strict subset of Go templates
 * with the Sprig functions the chart uses, values coalesced and checked against values.schema.json
 * as Helm does. Every object it renders, with aggregation on and off and the other value sets
 * below, is schema-checked like the plain manifests; the aggregation objects and the webhook
 * configuration are checked as the plain ones are (test/support/install-checks.ts). Besides:
 *   - values.schema.json accepts the shipped values and an etcd setup and refuses SQLite with
 *     several replicas, aggregation without a CA (checked with Ajv, draft-07 as Helm 3 reads);
 *   - every `.Values.…` path the templates read exists in values.yaml;
 *   - the RBAC rules file the chart includes is the plain manifests' ClusterRole rules;
 *   - the etcd TLS query the template builds is one the real --store parser reads.
 * What a real `helm template` might do differently is said in docs/kubernetes.md.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { V1Deployment } from '@kubernetes/client-node';
import { afterAll, describe, expect, it } from 'vitest';
import { SERVE_FLAGS } from '../../../src/cli/commands/serve-flags.js';
import { parseEtcdStoreUrl } from '../../../src/store/etcd/etcd-client.js';
import {
  REPO_ROOT,
  findObject,
  loadManifests,
  parseYamlDocuments,
  type ManifestObject,
} from '../../support/deploy-manifests.js';
import { renderChart } from '../../support/helm-chart.js';
import {
  expectAggregation,
  expectImageLookupWebhook,
  serveSettingsOf,
} from '../../support/install-checks.js';
import { kubeSchemaErrors } from '../../support/kube-schema.js';
import { makeCa } from '../../support/pki.js';

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

const pkiDir = mkdtempSync(path.join(tmpdir(), 'imagestreams-chart-'));
const servingCaPem = makeCa(pkiDir, 'serving-ca').certPem;
afterAll(() => rmSync(pkiDir, { recursive: true, force: true }));

const ETCD = {
  replicaCount: 3,
  store: { type: 'etcd', etcd: { endpoints: ['etcd-0.etcd:2379'], tlsSecretName: 'etcd-client' } },
  kubernetesTarget: { namespaces: ['team-a', 'team-b'] },
  extraArgs: ['--schedule-interval=15m'],
};
const AGGREGATED = { aggregated: true, caBundle: servingCaPem, imageLookupWebhook: { enabled: true } };
const CERT_MANAGER = {
  aggregated: true,
  certManager: { injectCA: true },
  imageLookupWebhook: { enabled: true, clientCAConfigMap: 'kube-apiserver-webhook-client-ca' },
};
const RENDERS: Array<[string, Record<string, unknown>]> = [
  ['the defaults', {}],
  ['etcd with namespaces', ETCD],
  ['aggregated with a caBundle and the webhook', AGGREGATED],
  ['aggregated with cert-manager and a webhook client CA', CERT_MANAGER],
];
const RELEASE = { name: 'is', namespace: 'images' };
const names = (release = RELEASE) => ({
  namespace: release.namespace,
  service: `${release.name}-imagestreams`,
  serviceAccount: `${release.name}-imagestreams`,
  tlsSecret: 'imagestreams-tls',
});
const kinds = (objects: ManifestObject[]) => objects.map((o) => String(o.object.kind));
const deploymentOf = (objects: ManifestObject[]) => findObject(objects, 'Deployment') as V1Deployment;

describe('the rendered Helm chart', () => {
  it.each(
    RENDERS.flatMap(([what, v]) =>
      renderChart(v, RELEASE).objects.map(
        (o) => [`${what}: ${o.file} ${String(o.object.kind)}`, o.object] as const,
      ),
    ),
  )('%s conforms to the Kubernetes API schema', (_name, object) => {
    expect(kubeSchemaErrors(object)).toEqual([]);
  });

  it('without aggregation: a token file, and no APIService, delegation bindings or webhook', () => {
    const { objects } = renderChart({}, RELEASE);
    expect(kinds(objects)).not.toContain('APIService');
    expect(kinds(objects)).not.toContain('MutatingWebhookConfiguration');
    expect(kinds(objects)).not.toContain('RoleBinding');
    const settings = serveSettingsOf(deploymentOf(objects));
    expect(settings.aggregated).toBeUndefined();
    expect(settings.tokenAuthFile).toBe('/etc/imagestreams/tokens/tokens.csv');
  });

  it('with aggregation: the APIService with the caBundle, both bindings, an --aggregated Deployment, the webhook', () => {
    const { objects } = renderChart(AGGREGATED, RELEASE);
    expectAggregation(objects, names(), deploymentOf(objects));
    expectImageLookupWebhook(objects, names());
    const api = findObject(objects, 'APIService') as { spec: { caBundle: string } };
    expect(Buffer.from(api.spec.caBundle, 'base64').toString()).toBe(servingCaPem);
  });

  it('with cert-manager: the CA injected from the TLS Secret, the webhook client CA mounted and passed', () => {
    const { objects } = renderChart(CERT_MANAGER, RELEASE);
    expectAggregation(objects, names(), deploymentOf(objects));
    expectImageLookupWebhook(objects, names());
    const deployment = deploymentOf(objects);
    const settings = serveSettingsOf(deployment);
    const mounts = deployment.spec!.template.spec!.containers[0]!.volumeMounts ?? [];
    const file = String(settings.admissionClientCaFile);
    const mount = mounts.find((m) => file.startsWith(`${m.mountPath}/`));
    expect(mount, file).toBeDefined();
    const volume = deployment.spec!.template.spec!.volumes?.find((v) => v.name === mount!.name);
    expect(volume?.configMap?.name).toBe('kube-apiserver-webhook-client-ca');
  });

  it('ships the same aggregation and webhook objects as the plain manifests, up to names', () => {
    const plain = loadManifests();
    const chart = renderChart(AGGREGATED, { name: 'imagestreams', namespace: 'imagestreams' }).objects;
    const api = (objs: ManifestObject[]) => {
      const spec = { ...(findObject(objs, 'APIService') as { spec: Record<string, unknown> }).spec };
      delete spec.caBundle;
      return spec;
    };
    expect(api(chart)).toEqual(api(plain));
    const hook = (objs: ManifestObject[]) => {
      const h = (findObject(objs, 'MutatingWebhookConfiguration') as { webhooks: Record<string, unknown>[] })
        .webhooks[0]!;
      const { clientConfig, ...rest } = h as { clientConfig: { service: unknown } };
      return { ...rest, service: clientConfig.service };
    };
    expect(hook(chart)).toEqual(hook(plain));
  });

  it('refuses aggregation without a CA for kube-apiserver, or without the in-cluster client', () => {
    expect(() => renderChart({ aggregated: true }, RELEASE)).toThrow(/caBundle|injectCA/);
    expect(() => renderChart({ imageLookupWebhook: { enabled: true } }, RELEASE)).toThrow(
      /must have required property 'caBundle'|anyOf/,
    );
    expect(() => renderChart({ ...AGGREGATED, kubernetesTarget: { enabled: false } }, RELEASE)).toThrow(
      /kubernetesTarget\/enabled must be equal to constant/,
    );
    expect(() => renderChart({ caBundle: 'not a certificate' }, RELEASE)).toThrow(
      /caBundle must match pattern/,
    );
  });

  it('tells, after install, how to check the APIService or how to reach the Service', () => {
    expect(renderChart(AGGREGATED, RELEASE).notes).toContain('kubectl get apiservice v1.image.openshift.io');
    expect(renderChart({}, RELEASE).notes).toContain(
      'kubectl -n images port-forward svc/is-imagestreams 8443:443',
    );
  });

  it('refuses the same in the templates when the schema is skipped (--skip-schema-validation)', () => {
    const skip = { skipSchemaValidation: true };
    expect(() => renderChart({ replicaCount: 2 }, RELEASE)).toThrow(/replicaCount must be <= 1/);
    expect(() => renderChart({ replicaCount: 2 }, RELEASE, skip)).toThrow(
      /replicaCount > 1 needs store.type=etcd/,
    );
    expect(() => renderChart({ aggregated: true }, RELEASE, skip)).toThrow(
      /need caBundle or certManager.injectCA/,
    );
    expect(() => renderChart({ ...AGGREGATED, kubernetesTarget: { enabled: false } }, RELEASE, skip)).toThrow(
      /aggregated needs kubernetesTarget.enabled/,
    );
  });
});
