/**
 * The query parameters of writes that concern field management, checked as kube-apiserver's
 * ValidatePatchOptions does: `fieldManager` (required for apply; at most 128 characters,
 * printable), `force` (apply only). A write without a fieldManager is recorded under the
 * program name of its User-Agent (`kubectl/v1.30.0 (linux/amd64)` -> `kubectl`). Pure.
 */
import { invalid, badRequest, type StatusCause } from '../../api/status-error.js';
import type { Query } from '../http/query.js';

const MAX_LENGTH = 128;

type OptionsKind = 'CreateOptions' | 'UpdateOptions' | 'PatchOptions';

function optionsInvalid(kind: OptionsKind, causes: StatusCause[]): never {
  throw invalid({ resource: kind, kind, group: 'meta.k8s.io', name: '' }, causes);
}

function fieldManagerCauses(manager: string | undefined): StatusCause[] {
  if (manager === undefined) return [];
  if (manager.length > MAX_LENGTH)
    return [
      {
        reason: 'FieldValueTooLong',
        message: `Too long: may not be more than ${MAX_LENGTH} bytes`,
        field: 'fieldManager',
      },
    ];
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(manager))
    return [
      {
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${JSON.stringify(manager)}: invalid characters`,
        field: 'fieldManager',
      },
    ];
  return [];
}

/** The manager a non-apply write is recorded under. */
export function updateManager(query: Query, userAgent: string | undefined, kind: OptionsKind): string {
  const causes = fieldManagerCauses(query.fieldManager);
  if (kind === 'PatchOptions' && query.force !== undefined)
    causes.push({
      reason: 'FieldValueForbidden',
      message: 'Forbidden: may not be specified for non-apply patch',
      field: 'force',
    });
  if (causes.length > 0) optionsInvalid(kind, causes);
  return query.fieldManager || (userAgent ?? '').split('/')[0]!;
}

function parseForce(value: string | undefined): boolean {
  if (value === undefined || value === '' || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1') return true;
  throw badRequest(`invalid query parameter force: ${JSON.stringify(value)} is not a boolean`);
}

export interface ApplyOptions {
  manager: string;
  force: boolean;
}

export function applyOptions(query: Query): ApplyOptions {
  const causes = fieldManagerCauses(query.fieldManager);
  if (!query.fieldManager)
    causes.unshift({
      reason: 'FieldValueRequired',
      message: 'Required value: is required for apply patch',
      field: 'fieldManager',
    });
  if (causes.length > 0) optionsInvalid('PatchOptions', causes);
  return { manager: query.fieldManager!, force: parseForce(query.force) };
}
