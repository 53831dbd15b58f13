/** Container labels this project reads or writes on Docker hosts. */
export const DockerLabels = {
  /** Shorthand opt-in: `STREAM:TAG` (namespace `default`) or `NS/STREAM:TAG`. */
  follow: 'imagestreams.io/follow',
  /** The annotation's JSON as a label; fieldPath may be omitted. */
  triggers: 'image.openshift.io/triggers',
  /** `true`: never touched by a rollout. */
  pinned: 'imagestreams.io/pinned',
  /** `tcp:PORT` or `http:PORT/PATH`: our own readiness check of a replacement, every 100 ms. */
  readiness: 'imagestreams.io/readiness',
  /** `stop-first` (default) or `start-first`: whether the new container starts before the old one stops. */
  rolloutStrategy: 'imagestreams.io/rollout-strategy',
  /** On a replacement: the id of the container it replaces (crash recovery). */
  replaces: 'imagestreams.io/replaces',
  /** On a replacement: the rollout that created it. */
  rollout: 'imagestreams.io/rollout',
  /** On a replacement: the name it takes once the old container is gone. */
  originalName: 'imagestreams.io/original-name',
  /** On a replacement: whether the old container was running (`true`/`false`) before the swap. */
  oldRunning: 'imagestreams.io/old-running',
  composeProject: 'com.docker.compose.project',
  composeService: 'com.docker.compose.service',
} as const;

/** Labels that describe one replacement and must not be copied to the next one. */
export const BOOKKEEPING_LABELS: readonly string[] = [
  DockerLabels.replaces,
  DockerLabels.rollout,
  DockerLabels.originalName,
  DockerLabels.oldRunning,
];

export const DEFAULT_DOCKER_NAMESPACE = 'default';
