import { describe, expect, it } from 'vitest';
import { rolloutProgress } from '../../../../src/triggers/targets/kubernetes/rollout-status.js';
import type { WorkloadSchema } from '../../../../src/triggers/targets/kubernetes/schema.js';

const obj = (generation: number, spec: object, status: object): WorkloadSchema =>
  ({ metadata: { name: 'x', namespace: 'ns', generation }, spec, status }) as WorkloadSchema;

describe('rolloutProgress (as kubectl rollout status decides)', () => {
  it('waits until the controller has observed the new generation', () => {
    const d = obj(
      3,
      { replicas: 2 },
      { observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 2 },
    );
    expect(rolloutProgress('Deployment', d)).toMatchObject({
      state: 'Waiting',
      message: expect.stringContaining('observed'),
    });
  });

  it('walks a Deployment through updated, old replicas terminating, available, complete', () => {
    const at = (status: object) =>
      rolloutProgress('Deployment', obj(2, { replicas: 3 }, { observedGeneration: 2, ...status }));
    expect(at({ replicas: 4, updatedReplicas: 1, availableReplicas: 3 })).toMatchObject({
      state: 'Waiting',
      message: '1 of 3 new replicas have been updated',
    });
    expect(at({ replicas: 4, updatedReplicas: 3, availableReplicas: 3 })).toMatchObject({
      message: '1 old replicas are pending termination',
    });
    expect(at({ replicas: 3, updatedReplicas: 3, availableReplicas: 2 })).toMatchObject({
      message: '2 of 3 updated replicas are available',
    });
    expect(at({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 }).state).toBe('Complete');
  });

  it('fails a Deployment whose Progressing condition says ProgressDeadlineExceeded', () => {
    const d = obj(
      2,
      { replicas: 1, progressDeadlineSeconds: 60 },
      {
        observedGeneration: 2,
        conditions: [
          { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'timed out' },
        ],
      },
    );
    expect(rolloutProgress('Deployment', d)).toEqual({
      state: 'Failed',
      message: 'the Deployment exceeded its progress deadline: timed out',
    });
  });

  it('completes a StatefulSet when every pod is ready at the update revision, or the partition is updated', () => {
    const sts = (spec: object, status: object) =>
      rolloutProgress(
        'StatefulSet',
        obj(2, { replicas: 3, ...spec }, { observedGeneration: 2, readyReplicas: 3, ...status }),
      );
    expect(sts({}, { currentRevision: 'a', updateRevision: 'b', updatedReplicas: 1 }).state).toBe('Waiting');
    expect(sts({}, { currentRevision: 'b', updateRevision: 'b', updatedReplicas: 3 }).state).toBe('Complete');
    expect(sts({}, { readyReplicas: 2, currentRevision: 'b', updateRevision: 'b' }).state).toBe('Waiting');
    const partition = { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } };
    expect(sts(partition, { updatedReplicas: 0, currentRevision: 'a', updateRevision: 'b' }).state).toBe(
      'Waiting',
    );
    expect(sts(partition, { updatedReplicas: 1, currentRevision: 'a', updateRevision: 'b' }).state).toBe(
      'Complete',
    );
    expect(sts({ updateStrategy: { type: 'OnDelete' } }, { readyReplicas: 0 }).state).toBe('Complete');
  });

  it('completes a DaemonSet when every desired node runs an updated, available pod', () => {
    const ds = (status: object) =>
      rolloutProgress(
        'DaemonSet',
        obj(4, {}, { observedGeneration: 4, desiredNumberScheduled: 3, ...status }),
      );
    expect(ds({ updatedNumberScheduled: 2, numberAvailable: 3 }).state).toBe('Waiting');
    expect(ds({ updatedNumberScheduled: 3, numberAvailable: 2 }).state).toBe('Waiting');
    expect(ds({ updatedNumberScheduled: 3, numberAvailable: 3 }).state).toBe('Complete');
  });
});
