/**
 * Behind kube-apiserver, the client CAs are re-read when they change, as kube's dynamic CA content
 * does: the extension-apiserver-authentication ConfigMap (rewritten by kube-apiserver when its
 * front-proxy CA rotates) and the `--client-ca-file` on disk (a volume swapping a symlink). New
 * connections are then checked against the new CAs, and the old ones no longer pass. Against the
 * in-test Kubernetes API server (there is no kube-apiserver here); the resync is shortened to
 * 100 ms so the test waits (with `until`) for tenths of a second, not a minute.
 */
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../../support/api-server.js';
import { startKubeApiServer, type FakeKubeApiServer } from '../../support/kube-apiserver/index.js';
import { issueCert, makeCa, type Pem } from '../../support/pki.js';
import { until } from '../../support/until.js';

let dir: string;
let kube: FakeKubeApiServer;
let fromConfigMap: TestApiServer;
let fromFiles: TestApiServer;
let servingCa: Pem;
const certs: Record<string, Pem> = {};
const CAS: Record<string, Pem> = {};
const STREAMS = '/apis/image.openshift.io/v1/namespaces/team-a/imagestreams';

/** One request on a new connection (TLS checks the client certificate at the handshake). */
async function status(
  api: TestApiServer,
  client: Pem,
  headers: Record<string, string> = {},
): Promise<number> {
  const agent = new Agent({ connect: { ca: servingCa.certPem, cert: client.certPem, key: client.keyPem } });
  try {
    return (await fetch(`${api.url}${STREAMS}`, { dispatcher: agent, headers })).status;
  } finally {
    await agent.close();
  }
}

const asAlice = { 'X-Remote-User': 'alice' };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'imagestreams-ca-reload-'));
  servingCa = makeCa(dir, 'serving-ca');
  const serving = issueCert(dir, servingCa, 'serving', { commonName: 'imagestreams', server: true });
  for (const name of ['proxy-1', 'proxy-2', 'client-1', 'client-2']) CAS[name] = makeCa(dir, name);
  for (const n of ['1', '2']) {
    certs[`proxy${n}`] = issueCert(dir, CAS[`proxy-${n}`]!, `p${n}`, { commonName: 'front-proxy-client' });
    certs[`carol${n}`] = issueCert(dir, CAS[`client-${n}`]!, `c${n}`, { commonName: 'carol' });
  }
  kube = await startKubeApiServer();
  kube.delegation.policy = () => ({ allowed: true });
  kube.delegation.authenticationConfigMap = {
    'requestheader-client-ca-file': CAS['proxy-1']!.certPem,
    'requestheader-allowed-names': '["front-proxy-client"]',
  };
  const clientCaFile = join(dir, 'client-ca.crt');
  await writeFile(clientCaFile, CAS['client-1']!.certPem);
  const common = {
    aggregated: true,
    kubeconfig: kube.kubeconfigPath,
    tlsCertFile: serving.certPath,
    tlsKeyFile: serving.keyPath,
    clientCaResyncMs: 100,
  };
  fromConfigMap = await startTestApiServer(common);
  fromFiles = await startTestApiServer({ ...common, clientCaFile });
}, 60_000);

afterAll(async () => {
  await fromConfigMap?.close();
  await fromFiles?.close();
  await kube?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('client CAs that change', () => {
  it('follows a new front-proxy CA in the extension-apiserver-authentication ConfigMap', async () => {
    expect(await status(fromConfigMap, certs.proxy1!, asAlice)).toBe(200);
    expect(await status(fromConfigMap, certs.proxy2!, asAlice)).toBe(401);
    kube.delegation.authenticationConfigMap = {
      ...kube.delegation.authenticationConfigMap,
      'requestheader-client-ca-file': CAS['proxy-2']!.certPem,
    };
    await until(
      'the new front-proxy CA taken in',
      async () => (await status(fromConfigMap, certs.proxy2!, asAlice)) === 200 || undefined,
      10_000,
    );
    expect(await status(fromConfigMap, certs.proxy1!, asAlice)).toBe(401);
  });

  it('follows a --client-ca-file swapped on disk', async () => {
    expect(await status(fromFiles, certs.carol1!)).toBe(200);
    expect(await status(fromFiles, certs.carol2!)).toBe(401);
    const next = join(dir, 'client-ca.crt.new');
    await writeFile(next, CAS['client-2']!.certPem);
    await rename(next, join(dir, 'client-ca.crt'));
    await until(
      'the new client CA taken in',
      async () => (await status(fromFiles, certs.carol2!)) === 200 || undefined,
      10_000,
    );
    expect(await status(fromFiles, certs.carol1!)).toBe(401);
  });
});
