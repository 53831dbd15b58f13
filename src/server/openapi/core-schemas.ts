/** OpenAPI schemas of the Kubernetes types we serve or embed (ObjectMeta, ObjectReference, Namespace, Event). */
import {
  CORE,
  META,
  arr,
  free,
  int32,
  int64,
  kindSchema,
  obj,
  ref,
  str,
  stringMap,
  time,
  type JsonSchema,
} from './schema-builders.js';

const coreGvk = (kind: string) => ({ group: '', version: 'v1', kind });

export const META_SCHEMAS: Record<string, JsonSchema> = {
  [META + 'ObjectMeta']: obj('ObjectMeta is metadata that all persisted resources must have.', {
    name: str('Name must be unique within a namespace.'),
    generateName: str(
      'GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided.',
    ),
    namespace: str('Namespace defines the space within which each name must be unique.'),
    selfLink: str(
      'Deprecated: selfLink is a legacy read-only field that is no longer populated by the system.',
    ),
    uid: str('UID is the unique in time and space value for this object.'),
    resourceVersion: str('An opaque value that represents the internal version of this object.'),
    generation: int64('A sequence number representing a specific generation of the desired state.'),
    creationTimestamp: time(
      'CreationTimestamp is a timestamp representing the server time when this object was created.',
    ),
    deletionTimestamp: time(
      'DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted.',
    ),
    deletionGracePeriodSeconds: int64('Number of seconds allowed for this object to gracefully terminate.'),
    labels: stringMap(
      'Map of string keys and values that can be used to organize and categorize (scope and select) objects.',
    ),
    annotations: stringMap(
      'Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata.',
    ),
    ownerReferences: arr(ref(META + 'OwnerReference'), 'List of objects depended by this object.', 'map'),
    finalizers: arr(
      str('a finalizer'),
      'Must be empty before the object is deleted from the registry.',
      'set',
    ),
    managedFields: arr(
      free('ManagedFieldsEntry'),
      'ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow.',
    ),
  }),
  [META + 'ListMeta']: obj(
    'ListMeta describes metadata that synthetic resources must have, including lists and various status objects.',
    {
      resourceVersion: str("String that identifies the server's internal version of this object."),
      continue: str('continue may be set if the user set a limit on the number of items returned.'),
      remainingItemCount: int64('remainingItemCount is the number of subsequent items in the list.'),
      selfLink: str(
        'Deprecated: selfLink is a legacy read-only field that is no longer populated by the system.',
      ),
    },
  ),
  [META + 'OwnerReference']: obj(
    'OwnerReference contains enough information to let you identify an owning object.',
    {
      apiVersion: str('API version of the referent.'),
      kind: str('Kind of the referent.'),
      name: str('Name of the referent.'),
      uid: str('UID of the referent.'),
      controller: {
        type: 'boolean',
        description: 'If true, this reference points to the managing controller.',
      },
      blockOwnerDeletion: {
        type: 'boolean',
        description:
          'If true, AND if the owner has the "foregroundDeletion" finalizer, then the owner cannot be deleted from the key-value store until this reference is removed.',
      },
    },
    ['apiVersion', 'kind', 'name', 'uid'],
  ),
};

export const CORE_SCHEMAS: Record<string, JsonSchema> = {
  [CORE + 'ObjectReference']: obj(
    'ObjectReference contains enough information to let you inspect or modify the referred object.',
    {
      kind: str('Kind of the referent.'),
      namespace: str('Namespace of the referent.'),
      name: str('Name of the referent.'),
      uid: str('UID of the referent.'),
      apiVersion: str('API version of the referent.'),
      resourceVersion: str('Specific resourceVersion to which this reference is made, if any.'),
      fieldPath: str(
        'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement.',
      ),
    },
  ),
  [CORE + 'Namespace']: kindSchema('Namespace provides a scope for Names.', coreGvk('Namespace'), {
    spec: obj('NamespaceSpec describes the attributes on a Namespace.', {
      finalizers: arr(
        str('a finalizer'),
        'Finalizers is an opaque list of values that must be empty to permanently remove object from storage.',
      ),
    }),
    status: obj('NamespaceStatus is information about the current status of a Namespace.', {
      phase: str('Phase is the current lifecycle phase of the namespace.'),
      conditions: arr(
        free('NamespaceCondition'),
        "Represents the latest available observations of a namespace's current state.",
      ),
    }),
  }),
  [CORE + 'Secret']: kindSchema(
    'Secret holds secret data of a certain type. Here data is write-only: reads list its keys with the values elided.',
    coreGvk('Secret'),
    {
      type: str('Used to facilitate programmatic handling of secret data.'),
      immutable: {
        type: 'boolean',
        description: 'If set to true, ensures that data stored in the Secret cannot be updated.',
      },
      data: {
        type: 'object',
        description:
          'Data contains the secret data, base64-encoded. Write-only: reads show each key with the value elided.',
        additionalProperties: { type: 'string', format: 'byte' },
      },
      stringData: stringMap(
        'stringData allows specifying non-binary secret data in string form. It is write-only and merged into data on write.',
      ),
    },
  ),
  [CORE + 'EventSource']: obj('EventSource contains information for an event.', {
    component: str('Component from which the event is generated.'),
    host: str('Node name on which the event is generated.'),
  }),
  [CORE + 'Event']: kindSchema(
    'Event is a report of an event somewhere in the cluster.',
    coreGvk('Event'),
    {
      involvedObject: ref(CORE + 'ObjectReference', 'The object that this event is about.'),
      reason: str(
        "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
      ),
      message: str('A human-readable description of the status of this operation.'),
      source: ref(CORE + 'EventSource', 'The component reporting this event.'),
      firstTimestamp: time('The time at which the event was first recorded.'),
      lastTimestamp: time('The time at which the most recent occurrence of this event was recorded.'),
      count: int32('The number of times this event has occurred.'),
      type: str('Type of this event (Normal, Warning), new types could be added in the future'),
      eventTime: str('Time when this Event was first observed.', 'date-time'),
      series: free("Data about the Event series this event represents or nil if it's a singleton Event."),
      action: str('What action was taken/failed regarding to the Regarding object.'),
      related: ref(CORE + 'ObjectReference', 'Optional secondary object for more complex actions.'),
      reportingComponent: str('Name of the controller that emitted this Event.'),
      reportingInstance: str('ID of the controller instance.'),
    },
    ['metadata', 'involvedObject'],
  ),
};
