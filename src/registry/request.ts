/**
 * One registry HTTP exchange with retries: transient failures (network errors, timeouts, 408,
 * 429, 5xx) are retried with backoff; what remains is returned as a response (any other status)
 * or thrown as a RegistryError. The whole exchange, retries and backoff included, runs under one
 * deadline (`--registry-request-timeout`), so a registry trickling bytes cannot hold an import
 * longer than that. Also feeds the rate-limit observer from every response.
 */
import { RegistryError, RegistryErrorKind, describeTarget } from './errors.js';
import { canonicalRegistry } from './host.js';
import { logger } from '../observability/logger.js';
import { rateLimitFromHeaders, type RateLimitObserver } from './rate-limit.js';
import { parseRetryAfter, withRetry, type AttemptFailure, type RetryPolicy, type Sleep } from './retry.js';
import type { StatsCounter } from './stats.js';
import {
  TransportError,
  TransportFailure,
  type HttpRequest,
  type HttpResponse,
  type Transport,
} from './transport.js';

const log = logger('registry');

/** What a request is about, for error messages: never includes credentials. */
export interface Target {
  registry: string;
  repository?: string | undefined;
}

export interface RequesterDeps {
  transport: Transport;
  policy: RetryPolicy;
  sleep: Sleep;
  random: () => number;
  now: () => number;
  stats: StatsCounter;
  rateLimits: RateLimitObserver;
  /** the overall deadline of one fetch, retries included */
  deadlineMs: number;
}

/** How one exchange is retried, besides the client's policy. */
export interface FetchOptions {
  /** false: one attempt only (default true) */
  retries?: boolean;
  /** a quick first retry after this many ms (RetryPolicy.firstRetryDelayMs) */
  firstRetryDelayMs?: number | undefined;
}

const RETRY_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);
const RETRY_TRANSPORT: ReadonlySet<TransportFailure> = new Set([
  TransportFailure.Timeout,
  TransportFailure.Refused,
  TransportFailure.Reset,
  TransportFailure.Network,
]);

function isFailure(v: HttpResponse | AttemptFailure): v is AttemptFailure {
  return 'retryable' in v;
}

const UNAVAILABLE_WORDS: Partial<Record<TransportFailure, string>> = {
  refused: 'connection refused',
  reset: 'connection reset',
};

function transportErrorToRegistryError(err: TransportError, target: Target): RegistryError {
  const where = describeTarget(target.registry, target.repository);
  const base = { registry: target.registry, repository: target.repository, cause: err };
  switch (err.reason) {
    case TransportFailure.Timeout:
      return new RegistryError({ ...base, kind: 'Timeout', message: `registry ${where} timed out` });
    case TransportFailure.Tls:
      return new RegistryError({
        ...base,
        kind: 'InsecureRequired',
        message: `the registry ${target.registry} does not serve verified HTTPS and requires the insecure flag`,
      });
    case TransportFailure.Blocked:
      return new RegistryError({
        ...base,
        kind: 'Blocked',
        message: `request for registry ${where} refused: ${err.cause instanceof Error ? err.cause.message : err.message}`,
      });
    case TransportFailure.TooLarge:
      return new RegistryError({
        ...base,
        kind: 'BadResponse',
        message: `registry ${where} sent a response larger than allowed`,
      });
    default:
      return new RegistryError({
        ...base,
        kind: 'Unavailable',
        message: `registry ${where} is unavailable (${UNAVAILABLE_WORDS[err.reason] ?? 'network error'})`,
      });
  }
}

function statusFailure(res: HttpResponse, target: Target, now: number): AttemptFailure {
  const where = describeTarget(target.registry, target.repository);
  const retryAfterMs = parseRetryAfter(res.headers['retry-after'], now);
  const limited = res.status === 429;
  const error = new RegistryError({
    kind: limited ? RegistryErrorKind.RateLimited : RegistryErrorKind.Unavailable,
    registry: target.registry,
    repository: target.repository,
    status: res.status,
    retryAfterSeconds: retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000),
    message: limited
      ? `registry ${where} is rate limiting requests (HTTP 429)`
      : `registry ${where} is unavailable (HTTP ${res.status})`,
  });
  const failure: AttemptFailure = { error, retryable: true };
  if (retryAfterMs !== undefined) failure.retryAfterMs = retryAfterMs;
  return failure;
}

export class Requester {
  readonly #deps: RequesterDeps;

  constructor(deps: RequesterDeps) {
    this.#deps = deps;
  }

  /** Sends with retries within the deadline; non-transient HTTP statuses come back as responses. */
  async fetch(req: HttpRequest, target: Target, options: FetchOptions = {}): Promise<HttpResponse> {
    const deadline = withDeadline(req.signal, this.#deps.deadlineMs);
    try {
      return await this.#withRetries(
        { ...req, signal: deadline.signal },
        target,
        this.#policyFor(options),
        deadline.remainingMs,
      );
    } catch (err) {
      if (!deadline.expired()) throw err;
      throw new RegistryError({
        kind: RegistryErrorKind.Timeout,
        registry: target.registry,
        repository: target.repository,
        message: `registry ${describeTarget(target.registry, target.repository)} did not answer within ${this.#deps.deadlineMs / 1000}s`,
        cause: err,
      });
    } finally {
      deadline.dispose();
    }
  }

  #policyFor(options: FetchOptions): RetryPolicy {
    const policy = this.#deps.policy;
    if (options.retries === false) return { ...policy, maxAttempts: 1 };
    if (options.firstRetryDelayMs === undefined) return policy;
    return { ...policy, firstRetryDelayMs: options.firstRetryDelayMs };
  }

  #withRetries(
    req: HttpRequest,
    target: Target,
    policy: RetryPolicy,
    remainingMs: () => number,
  ): Promise<HttpResponse> {
    const d = this.#deps;
    return withRetry(() => this.#attempt(req, target), isFailure, {
      policy,
      sleep: d.sleep,
      random: d.random,
      signal: req.signal,
      remainingMs,
      onRetry: (n, delayMs, f) => {
        d.stats.retry();
        const reason = f.error instanceof Error ? f.error.message : 'failure';
        log.debug(
          { registry: target.registry, repository: target.repository, retry: n, delayMs, reason },
          'retrying registry request',
        );
      },
    });
  }

  async #attempt(req: HttpRequest, target: Target): Promise<HttpResponse | AttemptFailure> {
    let res: HttpResponse;
    try {
      res = await this.#deps.transport.send(req);
    } catch (err) {
      if (!(err instanceof TransportError)) throw err;
      if (err.reason === TransportFailure.Aborted) throw err.cause ?? err;
      return {
        error: transportErrorToRegistryError(err, target),
        retryable: RETRY_TRANSPORT.has(err.reason),
      };
    }
    const now = this.#deps.now();
    const state = rateLimitFromHeaders(res.headers, new Date(now));
    if (state) this.#deps.rateLimits.record(canonicalRegistry(target.registry), state);
    if (RETRY_STATUSES.has(res.status)) return statusFailure(res, target, now);
    return res;
  }
}

/**
 * A signal that aborts at the deadline or with the caller's; `expired` tells the two apart.
 * The caller's signal is often long-lived and shared by many requests at once (the server's
 * `closing`, one import's signal over all its tags): `AbortSignal.any` follows it without adding
 * a listener to it, so concurrent requests never pile listeners onto it
 * (MaxListenersExceededWarning). The timer is ours and cleared by `dispose`.
 */
function withDeadline(
  outer: AbortSignal | undefined,
  ms: number,
): { signal: AbortSignal; expired: () => boolean; remainingMs: () => number; dispose: () => void } {
  const deadline = new AbortController();
  const end = Date.now() + ms;
  const timer = setTimeout(
    () => deadline.abort(new DOMException(`deadline of ${ms} ms exceeded`, 'TimeoutError')),
    ms,
  );
  timer.unref?.();
  return {
    signal: outer ? AbortSignal.any([outer, deadline.signal]) : deadline.signal,
    expired: () => deadline.signal.aborted && !outer?.aborted,
    remainingMs: () => end - Date.now(),
    dispose: () => clearTimeout(timer),
  };
}
