/**
 * A hostile registry (or token realm, or storage backend) written in the test: a node HTTP(S)
 * server on 127.0.0.1 and a random port, whose every request is recorded (method, path,
 * Authorization) and answered by the test's handler. Open responses are tracked so a test can
 * see what a slow answer still holds.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TestCertificate } from './tls.js';

export interface HostileRequest {
  method: string;
  path: string;
  authorization: string | undefined;
}

export interface HostileServer {
  /** `127.0.0.1:PORT` */
  host: string;
  port: number;
  /** `http(s)://127.0.0.1:PORT` */
  url: string;
  requests: HostileRequest[];
  /** responses not finished or closed yet */
  open(): number;
  close(): Promise<void>;
}

export type HostileHandler = (req: IncomingMessage, res: ServerResponse) => void;

export async function startHostileServer(
  handler: HostileHandler,
  tls?: Pick<TestCertificate, 'certPem' | 'keyPem'>,
): Promise<HostileServer> {
  const requests: HostileRequest[] = [];
  let open = 0;
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    requests.push({
      method: req.method ?? '',
      path: req.url ?? '',
      authorization: req.headers.authorization,
    });
    open++;
    res.on('close', () => open--);
    handler(req, res);
  };
  const server = tls
    ? createHttpsServer({ cert: tls.certPem, key: tls.keyPem }, listener)
    : createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    host: `127.0.0.1:${port}`,
    port,
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    open: () => open,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A small valid OCI image manifest (its config blob is `{}`), and its digest. */
export function tinyManifest(): { bytes: Buffer; digest: string; mediaType: string } {
  const config = Buffer.from('{}');
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: `sha256:${createHash('sha256').update(config).digest('hex')}`,
      size: config.length,
    },
    layers: [],
  };
  const bytes = Buffer.from(JSON.stringify(manifest));
  return {
    bytes,
    digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
    mediaType: manifest.mediaType,
  };
}
