/**
 * Our own readiness check of a replacement, from the container's label
 * `imagestreams.io/readiness=tcp:PORT` or `http:PORT/PATH`: a TCP connect, or an HTTP GET that
 * must answer 2xx/3xx, tried every 100 ms by the health gate. It answers as soon as the new
 * container listens, instead of after Docker's next healthcheck interval.
 *
 * The address: a container on the host's network is reached on the engine's host (127.0.0.1 for
 * a local socket); any other at its IP on its first network, which the server must be able to
 * route to (the server on the same host, or in a container on the same network).
 */
import { connect } from 'node:net';
import type Docker from 'dockerode';
import { request } from 'undici';
import { z } from 'zod';
import type { ContainerInspectSchema } from './schema.js';

export interface ReadinessCheck {
  kind: 'tcp' | 'http';
  port: number;
  /** http only, starts with '/' */
  path: string;
  /** the label's value, for messages */
  label: string;
}

const Port = z.coerce.number().int().min(1).max(65_535);
const LABEL = /^(tcp|http):(\d{1,5})(\/.*)?$/;

/** The check a label asks for, or why the label is not one. */
export function parseReadiness(value: string): ReadinessCheck | { error: string } {
  const m = LABEL.exec(value.trim());
  const port = Port.safeParse(m?.[2]);
  if (!m || !port.success) return { error: `"${value}" is not tcp:PORT or http:PORT/PATH (PORT 1-65535)` };
  const kind = m[1] === 'tcp' ? 'tcp' : 'http';
  if (kind === 'tcp' && m[3]) return { error: `"${value}": a tcp check has no path` };
  return { kind, port: port.data, path: m[3] ?? '/', label: value.trim() };
}

/** Where the engine's containers on the host network listen, as seen from this process. */
export function engineHost(docker: Docker): string {
  const modem = docker.modem as { host?: string; socketPath?: string };
  return !modem.socketPath && modem.host ? modem.host : '127.0.0.1';
}

/** The address to check `c` at; undefined when it has none we can reach (network `none`). */
export function readinessAddress(c: ContainerInspectSchema, hostAddress: string): string | undefined {
  const mode = c.HostConfig.NetworkMode ?? '';
  if (mode === 'host') return hostAddress;
  for (const ep of Object.values(c.NetworkSettings?.Networks ?? {})) {
    const ip = (ep as { IPAddress?: unknown }).IPAddress;
    if (typeof ip === 'string' && ip !== '') return ip;
  }
  return undefined;
}

function tcpOpen(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

async function httpReady(host: string, check: ReadinessCheck, timeoutMs: number): Promise<boolean> {
  const authority = host.includes(':') ? `[${host}]` : host;
  try {
    const res = await request(`http://${authority}:${check.port}${check.path}`, {
      method: 'GET',
      // a probe leaves no idle connection behind
      headers: { connection: 'close' },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body.dump();
    return res.statusCode >= 200 && res.statusCode < 400;
  } catch {
    return false;
  }
}

/** One try of the check: true when the container answers. */
export function probeOnce(host: string, check: ReadinessCheck, timeoutMs: number): Promise<boolean> {
  return check.kind === 'tcp' ? tcpOpen(host, check.port, timeoutMs) : httpReady(host, check, timeoutMs);
}
