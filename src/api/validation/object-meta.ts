/** ObjectMeta checks shared by every kind (the parts of Kubernetes' ValidateObjectMeta we need). */
import { fieldInvalid, fieldRequired } from '../field-errors.js';
import type { ObjectMeta } from '../object.js';
import { validateNamespaceName } from '../names.js';
import type { StatusCause } from '../status-error.js';
import { validateLabelsAndAnnotations } from './labels.js';

export type NameValidator = (name: string) => string[];

export function validateObjectMeta(
  meta: ObjectMeta,
  namespaced: boolean,
  validateName: NameValidator,
): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!meta.name) {
    if (!meta.generateName) causes.push(fieldRequired('metadata.name', 'name or generateName is required'));
  } else {
    for (const reason of validateName(meta.name))
      causes.push(fieldInvalid('metadata.name', meta.name, reason));
  }
  if (namespaced && meta.namespace) {
    for (const reason of validateNamespaceName(meta.namespace))
      causes.push(fieldInvalid('metadata.namespace', meta.namespace, reason));
  }
  if (!namespaced && meta.namespace) {
    causes.push({
      reason: 'FieldValueForbidden',
      field: 'metadata.namespace',
      message: 'Forbidden: not allowed on this type',
    });
  }
  causes.push(...validateLabelsAndAnnotations(meta));
  return causes;
}

/** Name and namespace never change on update. */
export function validateObjectMetaUpdate(meta: ObjectMeta, old: ObjectMeta): StatusCause[] {
  const causes: StatusCause[] = [];
  if (meta.name !== old.name) causes.push(fieldInvalid('metadata.name', meta.name, 'field is immutable'));
  if ((meta.namespace ?? '') !== (old.namespace ?? ''))
    causes.push(fieldInvalid('metadata.namespace', meta.namespace ?? '', 'field is immutable'));
  return causes;
}
