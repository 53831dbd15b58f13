/**
 * The connection flags every client command takes, and the session they open: a configured
 * ApiClient plus the namespace to work in.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { Command } from 'commander';
import { ApiClient } from './api-client.js';
import {
  resolveConnection,
  type ConnectionFlags,
  type KubeconfigEnv,
  type ResolvedConnection,
} from './kubeconfig.js';

/** Adds `--server`, `-n`, `--token`, `--kubeconfig`, `--context`, TLS flags to a client command. */
export function addClientOptions(cmd: Command): Command {
  return cmd
    .option('--server <url>', 'the address of the API server (overrides the kubeconfig)')
    .option('-n, --namespace <namespace>', 'the namespace to work in')
    .option('--token <token>', 'bearer token for authentication to the API server')
    .option('--kubeconfig <path>', 'path to the kubeconfig file to use')
    .option('--context <name>', 'the kubeconfig context to use')
    .option('--certificate-authority <file>', "path to a CA bundle to verify the server's certificate")
    .option('--insecure-skip-tls-verify', "don't verify the server's certificate (insecure)");
}

function nodeKubeconfigEnv(): KubeconfigEnv {
  return {
    env: process.env,
    homedir: os.homedir(),
    readFile(file) {
      try {
        return readFileSync(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
    },
  };
}

export interface Session {
  client: ApiClient;
  namespace: string;
  /** true when -n/--namespace was given (manifests in another namespace are then an error) */
  namespaceFromFlag: boolean;
  connection: ResolvedConnection;
}

function openSession(flags: ConnectionFlags, env: KubeconfigEnv = nodeKubeconfigEnv()): Session {
  const connection = resolveConnection(flags, env);
  const client = new ApiClient({
    server: connection.server,
    ...(connection.token ? { token: connection.token } : {}),
    ...(connection.ca ? { ca: connection.ca } : {}),
    insecureSkipTlsVerify: connection.insecureSkipTlsVerify,
  });
  return {
    client,
    namespace: connection.namespace,
    namespaceFromFlag: flags.namespace !== undefined,
    connection,
  };
}

/** Runs `fn` with a session and always releases its connections (a pooled socket would keep the process alive). */
export async function withSession<T>(flags: ConnectionFlags, fn: (s: Session) => Promise<T>): Promise<T> {
  const session = openSession(flags);
  try {
    return await fn(session);
  } finally {
    await session.client.close();
  }
}
