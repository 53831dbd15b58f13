/**
 * `isctl kubeconfig`: writes a kubeconfig for the local server and prints only its absolute path,
 * so that `export KUBECONFIG=$(isctl kubeconfig)` points kubectl and isctl at it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_SERVER, renderKubeconfig, type KubeconfigSpec } from '../kubeconfig.js';

interface KubeconfigFlags {
  server: string;
  token?: string;
  dataDir: string;
  namespace: string;
  certificateAuthority?: string;
  insecureSkipTlsVerify?: boolean;
}

function writeKubeconfig(flags: KubeconfigFlags): string {
  const dir = path.resolve(flags.dataDir);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'kubeconfig');
  const spec: KubeconfigSpec = { server: flags.server, namespace: flags.namespace };
  if (flags.token) spec.token = flags.token;
  if (flags.certificateAuthority) spec.certificateAuthority = path.resolve(flags.certificateAuthority);
  if (flags.insecureSkipTlsVerify) spec.insecureSkipTlsVerify = true;
  // it may hold a token: readable by its owner only
  writeFileSync(file, renderKubeconfig(spec), { mode: 0o600 });
  return file;
}

export function registerKubeconfig(program: Command): void {
  program
    .command('kubeconfig')
    .description('Write a kubeconfig for the local server and print its path')
    .option('--server <url>', 'the API server address', DEFAULT_SERVER)
    .option('--token <token>', 'bearer token to put in the kubeconfig')
    .option('--data-dir <dir>', 'directory to write the kubeconfig to', './.imagestreams')
    .option('-n, --namespace <namespace>', 'the namespace of the context', 'default')
    .option('--certificate-authority <file>', "CA bundle for the server's certificate")
    .option('--insecure-skip-tls-verify', "don't verify the server's certificate")
    .action((flags: KubeconfigFlags) => {
      process.stdout.write(writeKubeconfig(flags) + '\n');
    });
}
