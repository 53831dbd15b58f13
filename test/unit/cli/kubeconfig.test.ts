import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CliError } from '../../../src/cli/errors.js';
import {
  DEFAULT_SERVER,
  kubeconfigPaths,
  renderKubeconfig,
  resolveConnection,
  type KubeconfigEnv,
} from '../../../src/cli/kubeconfig.js';

const MAIN = `
apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: dev-cluster
  cluster:
    server: https://dev.example:6443
    certificate-authority: ca.crt
- name: prod-cluster
  cluster:
    server: https://prod.example:6443
    certificate-authority-data: ${Buffer.from('PROD CA').toString('base64')}
    insecure-skip-tls-verify: true
users:
- name: dev-user
  user:
    token: dev-token
- name: file-user
  user:
    tokenFile: tokens/prod
contexts:
- name: dev
  context: {cluster: dev-cluster, user: dev-user, namespace: team-a}
- name: prod
  context: {cluster: prod-cluster, user: file-user}
`;

function env(files: Record<string, string>, vars: Record<string, string> = {}): KubeconfigEnv {
  return { env: vars, homedir: '/home/u', readFile: (f) => files[f] };
}

const files = {
  '/cfg/main': MAIN,
  '/cfg/ca.crt': 'DEV CA',
  '/cfg/tokens/prod': 'prod-token\n',
};

describe('kubeconfig resolution', () => {
  it('uses the current context of $KUBECONFIG: server, token, namespace, CA file relative to the kubeconfig', () => {
    const c = resolveConnection({}, env(files, { KUBECONFIG: '/cfg/main' }));
    expect(c).toEqual({
      server: 'https://dev.example:6443',
      namespace: 'team-a',
      token: 'dev-token',
      ca: 'DEV CA',
      insecureSkipTlsVerify: false,
    });
  });

  it('lets flags override every kubeconfig value', () => {
    const c = resolveConnection(
      {
        server: 'http://127.0.0.1:9999',
        namespace: 'other',
        token: 'flag-token',
        insecureSkipTlsVerify: true,
      },
      env(files, { KUBECONFIG: '/cfg/main' }),
    );
    expect(c.server).toBe('http://127.0.0.1:9999');
    expect(c.namespace).toBe('other');
    expect(c.token).toBe('flag-token');
    expect(c.insecureSkipTlsVerify).toBe(true);
    // the context's CA still applies to the overridden server, as in kubectl
    expect(c.ca).toBe('DEV CA');
  });

  it('selects another context with --context: inline CA data, token file, default namespace', () => {
    const c = resolveConnection({ context: 'prod' }, env(files, { KUBECONFIG: '/cfg/main' }));
    expect(c).toEqual({
      server: 'https://prod.example:6443',
      namespace: 'default',
      token: 'prod-token',
      ca: 'PROD CA',
      insecureSkipTlsVerify: true,
    });
  });

  it('prefers --kubeconfig over $KUBECONFIG and fails clearly when that file is missing', () => {
    expect(kubeconfigPaths({ kubeconfig: '/x' }, env({}, { KUBECONFIG: '/cfg/main' }))).toEqual(['/x']);
    expect(() => resolveConnection({ kubeconfig: '/nope' }, env(files))).toThrow(CliError);
  });

  it('merges the $KUBECONFIG list with the first definition winning', () => {
    const second = `
contexts:
- name: dev
  context: {cluster: dev-cluster, namespace: from-second}
`;
    const c = resolveConnection(
      {},
      env({ ...files, '/cfg/second': second }, { KUBECONFIG: '/cfg/second:/cfg/main' }),
    );
    expect(c.namespace).toBe('from-second');
    expect(c.server).toBe('https://dev.example:6443');
    expect(c.token).toBeUndefined();
  });

  it('falls back to ~/.kube/config, then to the local server in namespace default', () => {
    expect(kubeconfigPaths({}, env({}))).toEqual(['/home/u/.kube/config']);
    expect(resolveConnection({}, env({}))).toEqual({
      server: DEFAULT_SERVER,
      namespace: 'default',
      insecureSkipTlsVerify: false,
    });
  });

  it('rejects an unknown --context and malformed YAML as the user’s error', () => {
    expect(() => resolveConnection({ context: 'nope' }, env(files, { KUBECONFIG: '/cfg/main' }))).toThrow(
      'context "nope" does not exist',
    );
    expect(() => resolveConnection({}, env({ '/bad': 'clusters: [1, 2' }, { KUBECONFIG: '/bad' }))).toThrow(
      CliError,
    );
    expect(() => resolveConnection({}, env({ '/bad': 'clusters: 5' }, { KUBECONFIG: '/bad' }))).toThrow(
      /error loading config file "\/bad"/,
    );
  });

  it('renders a kubeconfig that resolves back to the same connection', () => {
    const text = renderKubeconfig({ server: 'http://127.0.0.1:8443', token: 't0k', namespace: 'default' });
    expect(parse(text)['current-context']).toBe('imagestreams');
    const c = resolveConnection({}, env({ '/k': text }, { KUBECONFIG: '/k' }));
    expect(c).toEqual({
      server: 'http://127.0.0.1:8443',
      namespace: 'default',
      token: 't0k',
      insecureSkipTlsVerify: false,
    });
  });
});
