/**
 * deploy/kubernetes/: every object conforms to the Kubernetes API schema (client-node's generated
 * models), the RBAC grants exactly what the Kubernetes target calls, the pod runs non-root on a
 * read-only root filesystem, the container's arguments are flags `isctl serve` accepts, and the
 * aggregation objects (APIService, auth-delegator and authentication-reader bindings) and the
 * image-lookup webhook configuration point at the Service and ServiceAccount the install makes.
 * No cluster runs here: nothing is applied (docs/kubernetes.md).
 */
import { KubeConfig, type V1Deployment, type V1PolicyRule } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { checkAggregatedOptions } from '../../../src/server/auth/delegated/delegated-auth.js';
import { kindClients } from '../../../src/triggers/targets/kubernetes/client.js';
import { ALL_KINDS, KINDS } from '../../../src/triggers/targets/kubernetes/kinds.js';
import { findObject, loadManifests } from '../../support/deploy-manifests.js';
import {
  expectAggregation,
  expectImageLookupWebhook,
  serveSettingsOf,
} from '../../support/install-checks.js';
import { kubeSchemaErrors } from '../../support/kube-schema.js';

const objects = loadManifests();
const deployment = findObject(objects, 'Deployment', 'imagestreams') as V1Deployment;
const pod = deployment.spec!.template.spec!;
const container = pod.containers[0]!;
const NAMES = {
  namespace: 'imagestreams',
  service: 'imagestreams',
  serviceAccount: 'imagestreams',
  tlsSecret: 'imagestreams-tls',
};
const CLUSTER_SCOPED = [
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'APIService',
  'MutatingWebhookConfiguration',
];

/** The API verb behind each KindClient method; informers add `watch`. */
const CLIENT_VERBS: Record<string, string> = { list: 'list', read: 'get', jsonPatch: 'patch' };

function offlineKubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: 'https://127.0.0.1:1', skipTLSVerify: false }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kc;
}

function grants(rules: V1PolicyRule[]): string[] {
  return rules
    .flatMap((r) =>
      (r.apiGroups ?? []).flatMap((g) =>
        (r.resources ?? []).flatMap((res) => r.verbs.map((v) => `${g}/${res}:${v}`)),
      ),
    )
    .sort();
}

describe('the schema checker', () => {
  it('catches an unknown field, a missing required field and a wrong type', () => {
    const bad = structuredClone(deployment) as unknown as {
      spec: { selector?: unknown; replicas: unknown; template: { spec: { containers: object[] } } };
    };
    delete bad.spec.selector;
    bad.spec.replicas = '1';
    bad.spec.template.spec.containers[0] = { ...bad.spec.template.spec.containers[0], imagePullPolice: 'x' };
    expect(kubeSchemaErrors(bad)).toEqual(
      expect.arrayContaining([
        'Deployment.spec.replicas: expected number (int32)',
        'Deployment.spec.template.spec.containers[0].imagePullPolice: unknown field (V1Container)',
        'Deployment.spec.selector: required (V1DeploymentSpec)',
      ]),
    );
    const api = findObject(objects, 'APIService') as { spec: object };
    expect(
      kubeSchemaErrors({ ...api, spec: { ...api.spec, caBundle: '-----BEGIN CERTIFICATE-----' } }),
    ).toEqual(['APIService.spec.caBundle: expected string (byte)']);
    expect(kubeSchemaErrors({ ...deployment, apiVersion: 'extensions/v1beta1' })).toEqual([
      'apiVersion: extensions/v1beta1 is not apps/v1 for Deployment',
    ]);
  });
});

describe('deploy/kubernetes', () => {
  it('ships every object the install needs', () => {
    expect(objects.map((o) => o.object.kind)).toEqual([
      'Namespace',
      'ServiceAccount',
      'ClusterRole',
      'ClusterRoleBinding',
      'APIService',
      'ClusterRoleBinding',
      'RoleBinding',
      'PersistentVolumeClaim',
      'Deployment',
      'Service',
      'PodDisruptionBudget',
      'MutatingWebhookConfiguration',
    ]);
  });

  it.each(objects.map((o) => [`${o.file} ${String(o.object.kind)}`, o.object] as const))(
    '%s conforms to the Kubernetes API schema',
    (_name, object) => {
      expect(kubeSchemaErrors(object)).toEqual([]);
    },
  );

  it('puts every namespaced object in the imagestreams namespace (the authentication reader binding in kube-system)', () => {
    for (const { object } of objects) {
      const meta = object.metadata as { name: string; namespace?: string };
      if (CLUSTER_SCOPED.includes(String(object.kind))) expect(meta.namespace).toBeUndefined();
      else if (meta.name === 'imagestreams:extension-apiserver-authentication-reader')
        expect(meta.namespace).toBe('kube-system');
      else expect(meta.namespace).toBe('imagestreams');
    }
  });

  it('serves image.openshift.io/v1 through kube-apiserver: the APIService, its bindings and an --aggregated Deployment', () => {
    expectAggregation(objects, NAMES, deployment);
    expect(() => checkAggregatedOptions(serveSettingsOf(deployment))).not.toThrow();
  });

  it('registers the image-lookup webhook: failurePolicy Ignore, its own namespace excluded, the workload kinds', () => {
    expectImageLookupWebhook(objects, NAMES);
  });

  it('grants exactly the verbs the Kubernetes target uses, on exactly its kinds', () => {
    const clients = kindClients(offlineKubeConfig());
    const expected = ALL_KINDS.flatMap((kind) => {
      // a new KindClient method is a new API call: give it a verb here and in the ClusterRole
      expect(Object.keys(clients[kind]).sort()).toEqual(Object.keys(CLIENT_VERBS).sort());
      const info = KINDS[kind];
      const group = info.apiVersion.includes('/') ? info.apiVersion.split('/')[0]! : '';
      return [...Object.values(CLIENT_VERBS), 'watch'].map((v) => `${group}/${info.plural}:${v}`);
    }).sort();
    const role = findObject(objects, 'ClusterRole') as { rules: V1PolicyRule[] };
    expect(grants(role.rules)).toEqual(expected);
    for (const rule of role.rules) expect(rule.resourceNames ?? []).toEqual([]);
    const binding = findObject(objects, 'ClusterRoleBinding', 'imagestreams-trigger-target') as {
      roleRef: { name: string };
      subjects: { kind: string; name: string; namespace: string }[];
    };
    expect(binding.roleRef.name).toBe((role as { metadata?: { name?: string } }).metadata?.name);
    expect(binding.subjects).toEqual([
      { kind: 'ServiceAccount', name: pod.serviceAccountName, namespace: 'imagestreams' },
    ]);
  });

  it('runs non-root, without privilege escalation or capabilities, on a read-only root filesystem', () => {
    expect(pod.securityContext?.runAsNonRoot).toBe(true);
    expect(pod.securityContext?.runAsUser).toBeGreaterThan(0);
    expect(pod.securityContext?.seccompProfile?.type).toBe('RuntimeDefault');
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(container.securityContext?.privileged).toBeUndefined();
    const secrets = (pod.volumes ?? []).filter((v) => v.secret);
    expect(secrets.length).toBeGreaterThan(0);
    // tokens and keys: readable by the pod's group (fsGroup), not by others
    for (const v of secrets) expect((v.secret?.defaultMode ?? 0o644) & 0o007, v.name).toBe(0);
    expect(pod.securityContext?.fsGroup).toBe(pod.securityContext?.runAsGroup);
  });

  it('probes /readyz for readiness and /livez for liveness', () => {
    expect(container.readinessProbe?.httpGet?.path).toBe('/readyz');
    expect(container.livenessProbe?.httpGet?.path).toBe('/livez');
    expect(container.ports?.map((p) => p.name)).toContain(container.readinessProbe?.httpGet?.port);
  });

  it('passes only flags isctl serve accepts, with every file it names on a mounted volume', () => {
    const settings = serveSettingsOf(deployment);
    expect(settings).toMatchObject({ inCluster: true, disableDockerTarget: true, disableBuilds: true });
    const mounts = container.volumeMounts ?? [];
    const writable = (p: string) =>
      mounts.some((m) => !m.readOnly && (p + '/').startsWith(m.mountPath + '/'));
    const mounted = (p: string) => mounts.some((m) => p.startsWith(m.mountPath + '/'));
    expect(writable(String(settings.dataDir))).toBe(true);
    expect(writable('/tmp')).toBe(true);
    for (const file of [settings.tlsCertFile, settings.tlsKeyFile])
      expect(mounted(String(file)), String(file)).toBe(true);
    const volumes = new Set(pod.volumes?.map((v) => v.name));
    for (const m of mounts) expect(volumes.has(m.name), m.name).toBe(true);
  });

  it('keeps SQLite to one pod: one replica, Recreate, the PVC mounted as the data dir', () => {
    expect(deployment.spec?.replicas).toBe(1);
    expect(deployment.spec?.strategy?.type).toBe('Recreate');
    const pvc = findObject(objects, 'PersistentVolumeClaim') as { metadata: { name: string } };
    expect(pod.volumes?.find((v) => v.name === 'data')?.persistentVolumeClaim?.claimName).toBe(
      pvc.metadata.name,
    );
  });

  it('selects the Deployment pods from the Service and the PodDisruptionBudget', () => {
    const labels = deployment.spec?.template.metadata?.labels ?? {};
    expect(deployment.spec?.selector.matchLabels).toEqual(labels);
    const service = findObject(objects, 'Service') as { spec: { selector: Record<string, string> } };
    const pdb = findObject(objects, 'PodDisruptionBudget') as {
      spec: { selector: { matchLabels: Record<string, string> } };
    };
    expect(labels).toMatchObject(service.spec.selector);
    expect(labels).toMatchObject(pdb.spec.selector.matchLabels);
  });
});
