/**
 * The `isctl serve` flags of the Kubernetes target (ServeFlag shape; imports only pure parsers),
 * and the schema its extension reads them through.
 */
import { z } from 'zod';
import { commaList } from '../../../api/comma-list.js';
import { listSetting, parseSettings, switchSetting, textSetting } from '../../../api/settings-schema.js';

export const KUBERNETES_SERVE_FLAGS = [
  {
    flags: '--kubeconfig <file>',
    description:
      'roll Kubernetes workloads that carry the image.openshift.io/triggers annotation in this cluster',
    option: 'kubeconfig',
  },
  {
    flags: '--in-cluster',
    description: 'the same, with the in-cluster service account',
    option: 'inCluster',
  },
  {
    flags: '--kube-namespaces <list>',
    description: 'namespaces whose workloads are watched (comma-separated; default all)',
    option: 'kubeNamespaces',
    parse: commaList,
  },
];

export const KubernetesSettingsSchema = z.object({
  kubeconfig: textSetting().optional(),
  inCluster: switchSetting().optional(),
  kubeNamespaces: listSetting().optional(),
});
export type KubernetesSettings = z.output<typeof KubernetesSettingsSchema>;

/** The Kubernetes target's settings, typed; throws naming the flag of a bad value. */
export function kubernetesSettings(settings: Readonly<Record<string, unknown>>): KubernetesSettings {
  return parseSettings(KubernetesSettingsSchema, KUBERNETES_SERVE_FLAGS, settings);
}
