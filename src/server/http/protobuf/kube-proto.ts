/**
 * The part of the Kubernetes protobuf schema that clients send us: the `runtime.Unknown`
 * envelope, ObjectMeta, the core kinds we serve (Namespace, Event, Secret) and the authorization.k8s.io
 * self reviews. Field numbers are those of the upstream `generated.proto` files
 * (k8s.io/apimachinery runtime and meta/v1, k8s.io/api core/v1 and authorization/v1); fields we
 * do not model are skipped by the decoder (protobuf ignores unknown fields), never misread.
 */
import protobuf from 'protobufjs';

const PROTO = `
syntax = "proto2";
package k8s;

message TypeMeta { optional string apiVersion = 1; optional string kind = 2; }
message Unknown {
  optional TypeMeta typeMeta = 1;
  optional bytes raw = 2;
  optional string contentEncoding = 3;
  optional string contentType = 4;
}

message Time { optional int64 seconds = 1; optional int32 nanos = 2; }
message MicroTime { optional int64 seconds = 1; optional int32 nanos = 2; }
message FieldsV1 { optional bytes Raw = 1; }
message OwnerReference {
  optional string kind = 1; optional string name = 3; optional string uid = 4;
  optional string apiVersion = 5; optional bool controller = 6; optional bool blockOwnerDeletion = 7;
}
message ManagedFieldsEntry {
  optional string manager = 1; optional string operation = 2; optional string apiVersion = 3;
  optional Time time = 4; optional string fieldsType = 6; optional FieldsV1 fieldsV1 = 7;
  optional string subresource = 8;
}
message ObjectMeta {
  optional string name = 1; optional string generateName = 2; optional string namespace = 3;
  optional string selfLink = 4; optional string uid = 5; optional string resourceVersion = 6;
  optional int64 generation = 7; optional Time creationTimestamp = 8; optional Time deletionTimestamp = 9;
  optional int64 deletionGracePeriodSeconds = 10;
  map<string, string> labels = 11; map<string, string> annotations = 12;
  repeated OwnerReference ownerReferences = 13; repeated string finalizers = 14;
  repeated ManagedFieldsEntry managedFields = 17;
}

message NamespaceSpec { repeated string finalizers = 1; }
message NamespaceCondition {
  optional string type = 1; optional string status = 2; optional Time lastTransitionTime = 4;
  optional string reason = 5; optional string message = 6;
}
message NamespaceStatus { optional string phase = 1; repeated NamespaceCondition conditions = 2; }
message Namespace { optional ObjectMeta metadata = 1; optional NamespaceSpec spec = 2; optional NamespaceStatus status = 3; }

message ObjectReference {
  optional string kind = 1; optional string namespace = 2; optional string name = 3; optional string uid = 4;
  optional string apiVersion = 5; optional string resourceVersion = 6; optional string fieldPath = 7;
}
message EventSource { optional string component = 1; optional string host = 2; }
message EventSeries { optional int32 count = 1; optional MicroTime lastObservedTime = 2; }
message Event {
  optional ObjectMeta metadata = 1; optional ObjectReference involvedObject = 2;
  optional string reason = 3; optional string message = 4; optional EventSource source = 5;
  optional Time firstTimestamp = 6; optional Time lastTimestamp = 7; optional int32 count = 8;
  optional string type = 9; optional MicroTime eventTime = 10; optional EventSeries series = 11;
  optional string action = 12; optional ObjectReference related = 13;
  optional string reportingComponent = 14; optional string reportingInstance = 15;
}

message Secret {
  optional ObjectMeta metadata = 1; map<string, bytes> data = 2; optional string type = 3;
  map<string, string> stringData = 4; optional bool immutable = 5;
}

message ResourceAttributes {
  optional string namespace = 1; optional string verb = 2; optional string group = 3;
  optional string version = 4; optional string resource = 5; optional string subresource = 6;
  optional string name = 7;
}
message NonResourceAttributes { optional string path = 1; optional string verb = 2; }
message SelfSubjectAccessReviewSpec {
  optional ResourceAttributes resourceAttributes = 1; optional NonResourceAttributes nonResourceAttributes = 2;
}
message SubjectAccessReviewStatus {
  optional bool allowed = 1; optional string reason = 2; optional string evaluationError = 3; optional bool denied = 4;
}
message SelfSubjectAccessReview {
  optional ObjectMeta metadata = 1; optional SelfSubjectAccessReviewSpec spec = 2; optional SubjectAccessReviewStatus status = 3;
}
message SelfSubjectRulesReviewSpec { optional string namespace = 1; }
message SelfSubjectRulesReview { optional ObjectMeta metadata = 1; optional SelfSubjectRulesReviewSpec spec = 2; }
`;

/** apiVersion/kind -> the message that encodes it */
export const KINDS: Readonly<Record<string, string>> = {
  'v1/Namespace': 'k8s.Namespace',
  'v1/Event': 'k8s.Event',
  'v1/Secret': 'k8s.Secret',
  'authorization.k8s.io/v1/SelfSubjectAccessReview': 'k8s.SelfSubjectAccessReview',
  'authorization.k8s.io/v1/SelfSubjectRulesReview': 'k8s.SelfSubjectRulesReview',
};

/** Message types whose JSON form is a string (metav1.Time and MicroTime: RFC 3339) or raw JSON (FieldsV1). */
export const TIME_TYPE = 'k8s.Time';
export const MICRO_TIME_TYPE = 'k8s.MicroTime';
export const FIELDS_TYPE = 'k8s.FieldsV1';

let root: protobuf.Root | undefined;

export function kubeProtoRoot(): protobuf.Root {
  root ??= protobuf.parse(PROTO, { keepCase: true }).root;
  return root;
}
