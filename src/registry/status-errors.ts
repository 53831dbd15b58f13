/** Turns a registry's non-success answer into a RegistryError naming what was asked for. */
import { RegistryError, RegistryErrorKind, describeTarget } from './errors.js';
import { ErrorBodySchema } from './schema.js';
import type { Target } from './request.js';
import type { HttpResponse } from './transport.js';

/** The registry's first error code and message, when the body is a distribution error. */
function registryErrorCode(res: HttpResponse): { code?: string; message?: string } {
  if (res.body.length === 0) return {};
  let json: unknown;
  try {
    json = JSON.parse(res.body.toString('utf8'));
  } catch {
    return {};
  }
  const parsed = ErrorBodySchema.safeParse(json);
  const first = parsed.success ? parsed.data.errors?.[0] : undefined;
  const out: { code?: string; message?: string } = {};
  if (first?.code) out.code = first.code;
  if (first?.message) out.message = first.message.slice(0, 200);
  return out;
}

function kindFor(status: number): RegistryErrorKind {
  if (status === 404) return RegistryErrorKind.NotFound;
  if (status === 401) return RegistryErrorKind.Unauthorized;
  if (status === 403) return RegistryErrorKind.Forbidden;
  return RegistryErrorKind.BadResponse;
}

/**
 * `subject` says what was asked for: `manifest "latest"`, `tags`, `blob sha256:...`. The image
 * reference in the Unauthorized message follows OpenShift's wording.
 */
export function errorForStatus(
  res: HttpResponse,
  target: Target,
  subject: string,
  image?: string,
): RegistryError {
  const kind = kindFor(res.status);
  const where = describeTarget(target.registry, target.repository);
  const { code, message: detail } = registryErrorCode(res);
  const suffix = code ? ` (${code}${detail ? `: ${detail}` : ''})` : '';
  const messages: Record<string, string> = {
    NotFound: `${subject} not found in repository ${where}${suffix}`,
    Unauthorized: `you may not have access to the container image "${image ?? where}"${suffix}`,
    Forbidden: `access to ${subject} in repository ${where} is forbidden${suffix}`,
    BadResponse: `registry ${where} answered HTTP ${res.status} for ${subject}${suffix}`,
  };
  return new RegistryError({
    kind,
    message: messages[kind] ?? `registry ${where} failed`,
    registry: target.registry,
    repository: target.repository,
    status: res.status,
    code,
  });
}
