/** Shared by the vendor parsers: schema checks that fail as the sender's fault. */
import type { z } from 'zod';
import { MalformedPayloadError } from './push-event.js';

export function parsePayload<T extends z.ZodType>(schema: T, body: unknown, vendor: string): z.infer<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  throw new MalformedPayloadError(`not a ${vendor} notification: ${issue?.message ?? 'invalid'}${where}`, {
    cause: result.error,
  });
}

/** JSON from the raw request bytes (every vendor sends JSON, under various content types). */
export function parseJsonBytes(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch (e) {
    throw new MalformedPayloadError(`the body is not JSON: ${(e as Error).message}`, { cause: e });
  }
}
