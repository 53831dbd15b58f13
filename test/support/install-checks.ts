/**
 * What both installs (deploy/kubernetes and the rendered Helm chart) must hold for the aggregated
 * API and the image-lookup webhook, checked the same way for each: the objects point at the
 * Service and ServiceAccount the install makes, and the webhook covers exactly the kinds the
 * admission code rewrites. No cluster runs here: these are checks of the objects, not of a cluster.
 */
import { X509Certificate } from 'node:crypto';
import { Command } from 'commander';
import type { V1APIService, V1Deployment, V1MutatingWebhookConfiguration } from '@kubernetes/client-node';
import { expect } from 'vitest';
import { IMAGE_LOOKUP_PATH } from '../../src/admission/serve-extension.js';
import { WORKLOAD_KINDS } from '../../src/admission/workload-kinds.js';
import { SERVE_FLAGS, serveOptions, toServeSettings } from '../../src/cli/commands/serve-flags.js';
import type { ManifestObject } from './deploy-manifests.js';

export interface InstallNames {
  namespace: string;
  service: string;
  serviceAccount: string;
  tlsSecret: string;
}

type Meta = { metadata: { name: string; namespace?: string; annotations?: Record<string, string> } };

function ofKind<T>(objects: ManifestObject[], kind: string): Array<T & Meta> {
  return objects.filter((o) => o.object.kind === kind).map((o) => o.object as unknown as T & Meta);
}

/** The `isctl serve` settings the Deployment's container args parse to (the real option parser). */
export function serveSettingsOf(deployment: V1Deployment): Record<string, unknown> {
  const args = deployment.spec!.template.spec!.containers[0]!.args!;
  expect(args[0]).toBe('serve');
  const cmd = new Command('serve').exitOverride().configureOutput({ writeErr: () => {} });
  for (const o of serveOptions(SERVE_FLAGS)) cmd.addOption(o);
  cmd.parse(args.slice(1), { from: 'user' });
  return toServeSettings(cmd.opts(), SERVE_FLAGS) as Record<string, unknown>;
}

function servicePort(objects: ManifestObject[], names: InstallNames): number {
  const svc = ofKind<{ spec: { ports: { port: number }[] } }>(objects, 'Service').find(
    (s) => s.metadata.name === names.service,
  );
  expect(svc, `Service ${names.service}`).toBeDefined();
  return svc!.spec.ports[0]!.port;
}

/** A caBundle the API server can use: base64 of PEM certificates; or cert-manager injects it. */
function expectCaSource(
  caBundle: string | undefined,
  annotations: Record<string, string> | undefined,
  names: InstallNames,
): void {
  const inject = annotations?.['cert-manager.io/inject-ca-from'];
  if (caBundle === undefined) {
    expect(inject).toBe(`${names.namespace}/${names.tlsSecret}`);
    return;
  }
  const pem = Buffer.from(caBundle, 'base64').toString('utf8');
  expect(() => new X509Certificate(pem)).not.toThrow();
}

/** The APIService, the two bindings a delegating server needs, and the Deployment in that mode. */
export function expectAggregation(
  objects: ManifestObject[],
  names: InstallNames,
  deployment: V1Deployment,
): void {
  const [api, ...more] = ofKind<V1APIService>(objects, 'APIService');
  expect(more).toEqual([]);
  expect(api!.metadata.name).toBe('v1.image.openshift.io');
  expect(api!.spec).toMatchObject({
    group: 'image.openshift.io',
    version: 'v1',
    service: { namespace: names.namespace, name: names.service, port: servicePort(objects, names) },
    groupPriorityMinimum: 9900,
    versionPriority: 15,
  });
  expect(api!.spec!.insecureSkipTLSVerify ?? false).toBe(false);
  expectCaSource(api!.spec!.caBundle, api!.metadata.annotations, names);

  const subject = { kind: 'ServiceAccount', name: names.serviceAccount, namespace: names.namespace };
  const delegator = ofKind<{ roleRef: { kind: string; name: string }; subjects: unknown[] }>(
    objects,
    'ClusterRoleBinding',
  ).filter((b) => b.roleRef.name === 'system:auth-delegator');
  expect(delegator.map((b) => [b.roleRef.kind, b.subjects])).toEqual([['ClusterRole', [subject]]]);
  const reader = ofKind<{ roleRef: { kind: string; name: string }; subjects: unknown[] }>(
    objects,
    'RoleBinding',
  ).filter((b) => b.roleRef.name === 'extension-apiserver-authentication-reader');
  expect(reader.map((b) => [b.metadata.namespace, b.roleRef.kind, b.subjects])).toEqual([
    ['kube-system', 'Role', [subject]],
  ]);

  const settings = serveSettingsOf(deployment);
  expect(settings).toMatchObject({ aggregated: true, inCluster: true });
  expect(settings.tokenAuthFile).toBeUndefined();
  expect(settings.tlsCertFile).toBeDefined();
  const pod = deployment.spec!.template.spec!;
  expect(pod.serviceAccountName).toBe(names.serviceAccount);
  expect(pod.automountServiceAccountToken ?? true).toBe(true);
  const tls = pod.volumes?.find((v) => v.secret?.secretName === names.tlsSecret);
  expect(tls, `a volume of the Secret ${names.tlsSecret}`).toBeDefined();
  expect(pod.volumes?.some((v) => v.name === 'tokens')).toBe(false);
}

const RESOURCE_KINDS: Record<string, string> = {
  '/pods': 'Pod',
  '/pods/ephemeralcontainers': 'Pod',
  '/replicationcontrollers': 'ReplicationController',
  'apps/deployments': 'Deployment',
  'apps/statefulsets': 'StatefulSet',
  'apps/daemonsets': 'DaemonSet',
  'apps/replicasets': 'ReplicaSet',
  'batch/jobs': 'Job',
  'batch/cronjobs': 'CronJob',
};

/** Never blocks a workload, never calls itself, covers exactly the kinds the webhook rewrites. */
export function expectImageLookupWebhook(objects: ManifestObject[], names: InstallNames): void {
  const [config, ...more] = ofKind<V1MutatingWebhookConfiguration>(objects, 'MutatingWebhookConfiguration');
  expect(more).toEqual([]);
  const [hook, ...others] = config!.webhooks ?? [];
  expect(others).toEqual([]);
  expect(hook).toMatchObject({
    admissionReviewVersions: ['v1'],
    sideEffects: 'None',
    failurePolicy: 'Ignore',
    clientConfig: {
      service: {
        namespace: names.namespace,
        name: names.service,
        path: IMAGE_LOOKUP_PATH,
        port: servicePort(objects, names),
      },
    },
  });
  expect(hook!.timeoutSeconds).toBeGreaterThanOrEqual(1);
  expect(hook!.timeoutSeconds).toBeLessThanOrEqual(10);
  expect(hook!.clientConfig.url).toBeUndefined();
  expectCaSource(hook!.clientConfig.caBundle, config!.metadata.annotations, names);
  // its own namespace excluded (its pods would wait on themselves)
  expect(hook!.namespaceSelector?.matchExpressions).toContainEqual({
    key: 'kubernetes.io/metadata.name',
    operator: 'NotIn',
    values: expect.arrayContaining([names.namespace, 'kube-system']) as unknown,
  });
  const covered = (hook!.rules ?? []).flatMap((r) => {
    expect(r.operations?.sort()).toEqual(['CREATE', 'UPDATE']);
    expect(r.apiVersions).toEqual(['v1']);
    return (r.apiGroups ?? []).flatMap((g) => (r.resources ?? []).map((res) => `${g}/${res}`));
  });
  expect(covered.sort()).toEqual(Object.keys(RESOURCE_KINDS).sort());
  const kinds = new Set(Object.entries(RESOURCE_KINDS).map(([r, kind]) => `${r.split('/')[0]!}/${kind}`));
  expect([...kinds].sort()).toEqual([...WORKLOAD_KINDS].sort());
}
