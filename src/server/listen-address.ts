/** `HOST:PORT` (IPv6 as `[::1]:8443`) of --listen. Pure. */

export interface ListenAddress {
  host: string;
  port: number;
}

export function parseListenAddress(listen: string): ListenAddress {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(listen.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535)
    throw new Error(`--listen must be HOST:PORT (e.g. 127.0.0.1:8443), got ${JSON.stringify(listen)}`);
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port };
}

export function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
