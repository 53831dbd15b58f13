/** API paths (OpenShift's and Kubernetes'), each segment escaped. */
const e = encodeURIComponent;
const IMAGE = '/apis/image.openshift.io/v1';
const TRIGGERS = '/apis/imagestreams.io/v1';
const BUILD = '/apis/build.openshift.io/v1';

export const paths = {
  namespaces: () => '/api/v1/namespaces',
  imageStreams: (ns?: string) => (ns ? `${IMAGE}/namespaces/${e(ns)}/imagestreams` : `${IMAGE}/imagestreams`),
  imageStream: (ns: string, name: string) => `${IMAGE}/namespaces/${e(ns)}/imagestreams/${e(name)}`,
  imageStreamImports: (ns: string) => `${IMAGE}/namespaces/${e(ns)}/imagestreamimports`,
  images: () => `${IMAGE}/images`,
  rollouts: (ns?: string) => (ns ? `${TRIGGERS}/namespaces/${e(ns)}/rollouts` : `${TRIGGERS}/rollouts`),
  triggerStates: (ns: string) => `${TRIGGERS}/namespaces/${e(ns)}/triggerstates`,
  webhookTriggers: (ns: string) => `${TRIGGERS}/namespaces/${e(ns)}/webhooktriggers`,
  events: (ns: string) => `/api/v1/namespaces/${e(ns)}/events`,
  builds: (ns: string) => `${BUILD}/namespaces/${e(ns)}/builds`,
  buildConfigs: (ns: string) => `${BUILD}/namespaces/${e(ns)}/buildconfigs`,
  /** the build's log as it is written, until the build ends (never the stored BuildLog object) */
  buildLogFollow: (ns: string, name: string) =>
    `${BUILD}/namespaces/${e(ns)}/builds/${e(name)}/log?follow=true`,
  instantiate: (ns: string, bc: string) => `${BUILD}/namespaces/${e(ns)}/buildconfigs/${e(bc)}/instantiate`,
};

/** A collection narrowed to one object: lists and watches take a field selector. */
export function byName(collection: string, name: string): string {
  return `${collection}?fieldSelector=${e(`metadata.name=${name}`)}`;
}

/** Console page URLs. */
export const pages = {
  overview: () => '/console/',
  streams: (ns: string) => `/console/ns/${e(ns)}/imagestreams`,
  stream: (ns: string, name: string) => `/console/ns/${e(ns)}/imagestreams/${e(name)}`,
  image: (digest: string) => `/console/images/${e(digest)}`,
  rollouts: (ns: string) => `/console/ns/${e(ns)}/rollouts`,
  rollout: (ns: string, name: string) => `/console/ns/${e(ns)}/rollouts/${e(name)}`,
  triggerStates: (ns: string) => `${TRIGGERS}/namespaces/${e(ns)}/triggerstates`,
  events: (ns: string) => `/console/ns/${e(ns)}/events`,
  builds: (ns: string) => `/console/ns/${e(ns)}/builds`,
  build: (ns: string, name: string) => `/console/ns/${e(ns)}/builds/${e(name)}`,
  signIn: (next?: string) => (next ? `/console/sign-in?next=${e(next)}` : '/console/sign-in'),
};
