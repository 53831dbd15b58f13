/** Kubernetes' name rules for the core kinds (RFC 1123 labels and subdomains). Pure. */
import type { StatusCause } from '../../api/status-error.js';

export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function nameCauses(
  name: string | undefined,
  pattern: RegExp,
  max: number,
  what: string,
): StatusCause[] {
  if (!name)
    return [
      {
        reason: 'FieldValueRequired',
        message: 'Required value: name or generateName is required',
        field: 'metadata.name',
      },
    ];
  if (name.length > max || !pattern.test(name)) {
    return [
      {
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${name}": a lowercase RFC 1123 ${what} must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
        field: 'metadata.name',
      },
    ];
  }
  return [];
}
