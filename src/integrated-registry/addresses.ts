/** Ports and host names of the integrated registry and of the server it notifies. */
import { createServer } from 'node:net';
import { parseListenAddress, urlHost } from '../server/listen-address.js';

/** A port free right now on `host`. */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** A wildcard address is reached through loopback. */
function reachableHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '::1';
  return host;
}

/** `host:port` the registry listens on, with port 0 replaced by a free port. */
export async function resolveRegistryAddress(listen: string): Promise<{ addr: string; host: string }> {
  const { host, port } = parseListenAddress(listen);
  const bindHost = host === '' ? '0.0.0.0' : host;
  const actualPort = port === 0 ? await freePort(reachableHost(bindHost)) : port;
  return {
    addr: `${urlHost(bindHost)}:${actualPort}`,
    host: `${urlHost(reachableHost(bindHost))}:${actualPort}`,
  };
}

/**
 * The API server's base URL from its --listen, for the registry's notifications: undefined for
 * port 0 (not known yet) and for HTTPS (the registry would have to trust the server's certificate
 * for 127.0.0.1, which it does not).
 */
export function serverUrlFromListen(listen: string | undefined, tls: boolean): string | undefined {
  if (!listen || tls) return undefined;
  const { host, port } = parseListenAddress(listen);
  if (port === 0) return undefined;
  return `http://${urlHost(reachableHost(host))}:${port}`;
}
