/**
 * Errors the CLI reports, and how they read on stderr: kubectl's wording, so that people and
 * scripts that match on `Error from server (NotFound): ...` keep working.
 */

/** A mistake in what the user asked for (bad flag, unknown resource, unreadable file): exit 1. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, options?: { cause?: unknown; exitCode?: number }) {
    super(message, options);
    this.name = 'CliError';
    this.exitCode = options?.exitCode ?? 1;
  }
}

export interface StatusCauseLike {
  field?: string | undefined;
  message?: string | undefined;
}

/** The parts of an API Status error that the message depends on (ClientStatusError has them). */
export interface StatusLike {
  code: number;
  reason: string;
  message: string;
  details?: { kind?: string | undefined; name?: string | undefined; causes?: StatusCauseLike[] | undefined };
}

function causeText(c: StatusCauseLike): string {
  return c.field ? `${c.field}: ${c.message ?? ''}` : (c.message ?? '');
}

/** kubectl's text for a 422 Invalid with field causes (`cmdutil.CheckErr`). */
function invalidHead(s: StatusLike): string {
  const d = s.details;
  const head = 'The request is invalid';
  if (!d) return s.message ? `${head}: ${s.message}` : head;
  if (d.kind || d.name) return `The ${d.kind ?? ''} "${d.name ?? ''}" is invalid`;
  return s.message && !d.causes?.length ? `${head}: ${s.message}` : head;
}

function invalidMessage(s: StatusLike): string {
  const head = invalidHead(s);
  const causes = s.details?.causes ?? [];
  if (causes.length === 0) return head;
  if (causes.length === 1) return `${head}: ${causeText(causes[0] ?? {})}`;
  return `${head}: \n` + causes.map((c) => `* ${causeText(c)}`).join('\n');
}

/** One API error as kubectl prints it (without trailing newline). */
export function formatStatusError(s: StatusLike, prefix = ''): string {
  if (s.reason === 'Invalid' && s.code === 422) return invalidMessage(s);
  if (s.reason === 'Unauthorized')
    return `error: You must be logged in to the server (${s.message || 'Unauthorized'})`;
  const message = prefix + s.message;
  return s.reason ? `Error from server (${s.reason}): ${message}` : `Error from server: ${message}`;
}
