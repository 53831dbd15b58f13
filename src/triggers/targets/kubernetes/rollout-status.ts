/**
 * Whether a workload's rollout is complete, as `kubectl rollout status` decides it
 * (k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go), from the object alone (pure).
 * Deployments fail when their `Progressing` condition says `ProgressDeadlineExceeded` (the
 * controller sets it after `progressDeadlineSeconds`); StatefulSets and DaemonSets have no
 * deadline in Kubernetes, so they only ever wait or complete.
 */
import type { WorkloadKind } from './kinds.js';
import { RolloutSpecSchema, RolloutStatusSchema, type WorkloadSchema } from './schema.js';

export const RolloutState = { Waiting: 'Waiting', Complete: 'Complete', Failed: 'Failed' } as const;
export type RolloutState = (typeof RolloutState)[keyof typeof RolloutState];

export interface RolloutProgress {
  state: RolloutState;
  message: string;
}

/** The kinds whose controller rolls out a new template; the others (CronJob, Pod) are done at the patch. */
export function hasRollout(kind: WorkloadKind): boolean {
  return kind === 'Deployment' || kind === 'StatefulSet' || kind === 'DaemonSet';
}

type Status = RolloutStatusSchema;
const waiting = (message: string): RolloutProgress => ({ state: RolloutState.Waiting, message });

export function rolloutProgress(kind: WorkloadKind, obj: WorkloadSchema): RolloutProgress {
  const raw = (obj as { status?: unknown }).status;
  const parsed = RolloutStatusSchema.safeParse(raw ?? {});
  const status: Status = parsed.success ? parsed.data : {};
  const spec = RolloutSpecSchema.safeParse(obj.spec ?? {});
  const generation = obj.metadata.generation ?? 0;
  if ((status.observedGeneration ?? 0) < generation)
    return waiting(`waiting for the ${kind} spec update to be observed`);
  const s = spec.success ? spec.data : {};
  if (kind === 'Deployment') return deploymentProgress(status, s.replicas ?? 1);
  if (kind === 'StatefulSet') return statefulSetProgress(status, s);
  return daemonSetProgress(status);
}

function deploymentProgress(st: Status, specReplicas: number): RolloutProgress {
  const progressing = st.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded')
    return {
      state: RolloutState.Failed,
      message: `the Deployment exceeded its progress deadline${progressing.message ? `: ${progressing.message}` : ''}`,
    };
  const updated = st.updatedReplicas ?? 0;
  const replicas = st.replicas ?? 0;
  const available = st.availableReplicas ?? 0;
  if (updated < specReplicas) return waiting(`${updated} of ${specReplicas} new replicas have been updated`);
  if (replicas > updated) return waiting(`${replicas - updated} old replicas are pending termination`);
  if (available < updated) return waiting(`${available} of ${updated} updated replicas are available`);
  return {
    state: RolloutState.Complete,
    message: `${updated} of ${specReplicas} replicas updated and available`,
  };
}

function statefulSetProgress(st: Status, spec: RolloutSpecSchema): RolloutProgress {
  const strategy = spec.updateStrategy?.type ?? 'RollingUpdate';
  // kubectl refuses OnDelete: pods change only when someone deletes them, so nothing to wait for
  if (strategy !== 'RollingUpdate')
    return { state: RolloutState.Complete, message: `updateStrategy ${strategy}: pods update when deleted` };
  const replicas = spec.replicas ?? 1;
  const { ready, updated } = counts(st);
  if (ready < replicas) return waiting(`${ready} of ${replicas} pods are ready`);
  const partition = partitionOf(spec);
  if (partition > 0) return partitionedProgress(updated, replicas - partition);
  if (!st.updateRevision || st.updateRevision !== st.currentRevision)
    return waiting(`${updated} of ${replicas} pods are at the update revision`);
  return { state: RolloutState.Complete, message: `${replicas} pods at revision ${st.updateRevision}` };
}

const counts = (st: Status) => ({ ready: st.readyReplicas ?? 0, updated: st.updatedReplicas ?? 0 });
const partitionOf = (spec: RolloutSpecSchema) => spec.updateStrategy?.rollingUpdate?.partition ?? 0;

/** `rollingUpdate.partition`: only the pods at or above the partition ordinal update. */
function partitionedProgress(updated: number, want: number): RolloutProgress {
  if (updated < want) return waiting(`${updated} of ${want} partitioned pods have been updated`);
  return { state: RolloutState.Complete, message: `partitioned rollout: ${want} new pods` };
}

function daemonSetProgress(st: Status): RolloutProgress {
  const desired = st.desiredNumberScheduled ?? 0;
  const updated = st.updatedNumberScheduled ?? 0;
  const available = st.numberAvailable ?? 0;
  if (updated < desired) return waiting(`${updated} of ${desired} updated pods are scheduled`);
  if (available < desired) return waiting(`${available} of ${desired} updated pods are available`);
  return { state: RolloutState.Complete, message: `${desired} pods updated and available` };
}
