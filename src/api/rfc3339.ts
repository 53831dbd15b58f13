/**
 * RFC 3339 in UTC with whole seconds (`2026-01-02T03:04:05Z`), as Kubernetes serializes
 * metav1.Time: the one formatter of every timestamp the API stores or prints. Fractions are
 * truncated, not rounded, as Go's `Time.Truncate(time.Second)` before formatting. Pure.
 */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, 'Z');
}

/** RFC 3339 with six fraction digits (`…05.123456Z`), as metav1.MicroTime; `micros` is 0..999999. */
export function rfc3339Micro(date: Date, micros: number): string {
  return rfc3339(date).replace(/Z$/, `.${String(micros).padStart(6, '0')}Z`);
}
