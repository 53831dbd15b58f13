/** The `isctl serve` flags of the Kubernetes target (ServeFlag shape; imports only pure parsers). */
import { commaList } from '../../../api/comma-list.js';

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
