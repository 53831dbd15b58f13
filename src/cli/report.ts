/** Any error a command ends with, as one stderr text in kubectl's wording. */
import { ZodError } from 'zod';
import { ClientConnectionError, ClientStatusError } from './api-client.js';
import { CliError, formatStatusError } from './errors.js';

export function describeError(err: unknown): string {
  if (err instanceof ClientStatusError) return formatStatusError(err);
  if (err instanceof ClientConnectionError) return err.message;
  if (err instanceof CliError) return `error: ${err.message}`;
  if (err instanceof ZodError) {
    return `error: the server sent an object this client cannot read: ${err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`;
  }
  return `error: ${err instanceof Error ? err.message : String(err)}`;
}

/** Prints an error and marks the process as failed, for commands that go on after one failure. */
export function reportError(err: unknown): void {
  process.stderr.write(describeError(err) + '\n');
  process.exitCode = 1;
}
