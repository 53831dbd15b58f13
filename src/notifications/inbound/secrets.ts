/**
 * Comparing secrets without leaking them through timing: both sides are hashed first so that
 * neither the content nor the length of the expected value shows in how long a compare takes.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

function digest(value: string | Buffer): Buffer {
  return createHash('sha256').update(value).digest();
}

export function constantTimeEqual(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  return timingSafeEqual(digest(given), digest(expected));
}

/** `sha256=<hex>` of HMAC-SHA256(secret, body): GitHub's and our own signature header format. */
export function hmacSha256Signature(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Checks a `sha256=<hex>` header against the raw bytes that were received. */
export function verifyHmacSha256(secret: string, body: Buffer, header: string | undefined): boolean {
  if (!header) return false;
  return constantTimeEqual(header.trim().toLowerCase(), hmacSha256Signature(secret, body));
}
