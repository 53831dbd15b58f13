import { describe, expect, it } from 'vitest';
import { decodeKubeProtobuf } from '../../../../../src/server/http/protobuf/decode-protobuf.js';
import { kubeProtoRoot } from '../../../../../src/server/http/protobuf/kube-proto.js';
import { isStatusError } from '../../../../../src/api/status-error.js';

// bodies captured from kubectl 1.32 (`create namespace x`, `auth can-i create imagestreams`, `auth can-i --list`)
const NAMESPACE_X =
  '6b3873000a0f0a02763112094e616d65737061636512190a110a017812001a0022002a0032003800420012001a020a001a002200';
const SSAR =
  '6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f7631121753656c665375626a65637441636365737352657669657712470a100a0012001a0022002a0032003800420012290a270a0764656661756c7412066372656174651a0022002a0c696d61676573747265616d7332003a001a08080012001a0020001a002200';
const SSRR =
  '6b3873000a310a17617574686f72697a6174696f6e2e6b38732e696f2f7631121653656c665375626a65637452756c657352657669657712230a100a0012001a0022002a0032003800420012090a0764656661756c741a04180022001a002200';

function envelope(apiVersion: string, kind: string, raw: Uint8Array): Buffer {
  const unknown = kubeProtoRoot().lookupType('k8s.Unknown');
  const body = unknown.encode(unknown.create({ typeMeta: { apiVersion, kind }, raw })).finish();
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), body]);
}

function statusOf(f: () => unknown): number | undefined {
  try {
    f();
  } catch (e) {
    if (isStatusError(e)) return e.code;
    throw e;
  }
  return undefined;
}

describe('Kubernetes protobuf request bodies', () => {
  it('decodes the Namespace kubectl create namespace sends, without its empty fields', () => {
    expect(decodeKubeProtobuf(Buffer.from(NAMESPACE_X, 'hex'))).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'x', generation: 0 },
      spec: {},
      status: {},
    });
  });

  it('decodes the SelfSubjectAccessReview of kubectl auth can-i', () => {
    const review = decodeKubeProtobuf(Buffer.from(SSAR, 'hex'));
    expect(review).toMatchObject({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { namespace: 'default', verb: 'create', resource: 'imagestreams' } },
    });
    expect((review.spec as { resourceAttributes: object }).resourceAttributes).not.toHaveProperty('group');
  });

  it('decodes the SelfSubjectRulesReview of kubectl auth can-i --list', () => {
    expect(decodeKubeProtobuf(Buffer.from(SSRR, 'hex'))).toMatchObject({
      kind: 'SelfSubjectRulesReview',
      spec: { namespace: 'default' },
    });
  });

  it('turns times into RFC 3339, maps into objects and managed fields into JSON', () => {
    const Event = kubeProtoRoot().lookupType('k8s.Event');
    const raw = Event.encode(
      Event.create({
        metadata: {
          name: 'e1',
          labels: { a: 'b' },
          managedFields: [
            { manager: 'm', fieldsType: 'FieldsV1', fieldsV1: { Raw: Buffer.from('{"f:reason":{}}') } },
          ],
        },
        involvedObject: { kind: 'ImageStream', name: 'app', namespace: 'default' },
        reason: 'Imported',
        count: 2,
        firstTimestamp: { seconds: 1_700_000_000 },
        eventTime: { seconds: 1_700_000_000, nanos: 123_456_000 },
      }),
    ).finish();
    expect(decodeKubeProtobuf(envelope('v1', 'Event', raw))).toEqual({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: 'e1',
        labels: { a: 'b' },
        managedFields: [{ manager: 'm', fieldsType: 'FieldsV1', fieldsV1: { 'f:reason': {} } }],
      },
      involvedObject: { kind: 'ImageStream', name: 'app', namespace: 'default' },
      reason: 'Imported',
      count: 2,
      firstTimestamp: '2023-11-14T22:13:20Z',
      eventTime: '2023-11-14T22:13:20.123456Z',
    });
  });

  it('decodes a Secret: data bytes as base64, stringData and type as sent', () => {
    const Secret = kubeProtoRoot().lookupType('k8s.Secret');
    const raw = Secret.encode(
      Secret.create({
        metadata: { name: 'pull' },
        data: { '.dockerconfigjson': Buffer.from('{"auths":{}}') },
        stringData: { user: 'u' },
        type: 'kubernetes.io/dockerconfigjson',
      }),
    ).finish();
    expect(decodeKubeProtobuf(envelope('v1', 'Secret', raw))).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'pull' },
      data: { '.dockerconfigjson': Buffer.from('{"auths":{}}').toString('base64') },
      stringData: { user: 'u' },
      type: 'kubernetes.io/dockerconfigjson',
    });
  });

  it('answers 400 without the magic number or for truncated bytes', () => {
    expect(statusOf(() => decodeKubeProtobuf(Buffer.from('{"kind":"Namespace"}')))).toBe(400);
    expect(statusOf(() => decodeKubeProtobuf(Buffer.from(NAMESPACE_X, 'hex').subarray(0, 30)))).toBe(400);
  });

  it('answers 415 for a kind it does not model, naming the ones it does', () => {
    let message = '';
    expect(
      statusOf(() => {
        try {
          decodeKubeProtobuf(envelope('v1', 'Pod', new Uint8Array()));
        } catch (e) {
          message = (e as Error).message;
          throw e;
        }
      }),
    ).toBe(415);
    expect(message).toContain('Namespace, Event, Secret, SelfSubjectAccessReview, SelfSubjectRulesReview');
  });
});
