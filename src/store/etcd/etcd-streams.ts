/**
 * Closing an etcd3 grpc stream we no longer need. etcd3 marks the endpoint failed on any error of
 * a stream that is still writable, and our own cancel() surfaces as a CANCELLED error: three in a
 * row open etcd3's circuit breaker and every call to that endpoint fails for 5 s. Half-closing
 * first makes the stream unwritable, so the cancellation is not counted against the endpoint.
 */
import type { IRequestStream } from 'etcd3';

export interface ClosableStream extends IRequestStream<unknown> {
  on(event: 'error', listener: (err: Error) => void): unknown;
}

export function closeStream(stream: ClosableStream): void {
  stream.on('error', () => undefined);
  stream.end();
  stream.cancel();
}
