/**
 * Every registry failure is a RegistryError with a `kind`, so the importer can map it to the
 * status OpenShift reports (NotFound, Unauthorized, BadRequest "requires the insecure flag",
 * Forbidden NotV2Registry) without parsing messages. Messages name the registry and repository
 * and never carry credentials, tokens or request headers.
 */

export const RegistryErrorKind = {
  NotFound: 'NotFound',
  Unauthorized: 'Unauthorized',
  Forbidden: 'Forbidden',
  NotV2Registry: 'NotV2Registry',
  InsecureRequired: 'InsecureRequired',
  DigestMismatch: 'DigestMismatch',
  UnsupportedManifest: 'UnsupportedManifest',
  RateLimited: 'RateLimited',
  Unavailable: 'Unavailable',
  Timeout: 'Timeout',
  BadResponse: 'BadResponse',
  /** refused by this server's outbound policy (address, realm, redirect), before any request */
  Blocked: 'Blocked',
} as const;
export type RegistryErrorKind = (typeof RegistryErrorKind)[keyof typeof RegistryErrorKind];

export interface RegistryErrorInit {
  kind: RegistryErrorKind;
  message: string;
  registry: string;
  repository?: string | undefined;
  /** HTTP status of the registry's answer, when there was one. */
  status?: number | undefined;
  /** The registry's own error code (`MANIFEST_UNKNOWN`, `DENIED`, ...), when it sent one. */
  code?: string | undefined;
  /** For RateLimited: how long the registry asked us to wait. */
  retryAfterSeconds?: number | undefined;
  cause?: unknown;
}

export class RegistryError extends Error {
  readonly kind: RegistryErrorKind;
  readonly registry: string;
  readonly repository: string | undefined;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(init: RegistryErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'RegistryError';
    this.kind = init.kind;
    this.registry = init.registry;
    this.repository = init.repository;
    this.status = init.status;
    this.code = init.code;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }

  /** Transient failures the registry may recover from: worth another attempt later. */
  get transient(): boolean {
    return (
      this.kind === RegistryErrorKind.Unavailable ||
      this.kind === RegistryErrorKind.Timeout ||
      this.kind === RegistryErrorKind.RateLimited
    );
  }
}

export function isRegistryError(e: unknown): e is RegistryError {
  return e instanceof RegistryError;
}

/** `registry/repository` for messages; the bare registry when there is no repository. */
export function describeTarget(registry: string, repository?: string): string {
  return repository ? `${registry}/${repository}` : registry;
}
