/**
 * Who may call the admission webhooks (`/admission/…`), decided as Kubernetes webhook servers
 * decide it. kube-apiserver calls webhooks directly, not through its front proxy, and presents
 * credentials only when its admission configuration names some (a kubeconfig per webhook host):
 *   - with `--admission-client-ca-file`: a client certificate of that CA (the one kube-apiserver's
 *     admission kubeconfig presents) makes the caller kube-apiserver; without one, the request
 *     goes through the server's ordinary authentication (a token, …) or is refused;
 *   - without it, behind kube-apiserver (`--aggregated`): a caller that presents no credentials at
 *     all is served, TLS being its only check, as cert-manager's, Gatekeeper's or
 *     controller-runtime's webhook servers serve kube-apiserver. Credentials, when sent, are
 *     checked as on every other path.
 * A caller accepted here reads the streams of the admitted object's namespace on kube-apiserver's
 * behalf (src/admission); nothing else is open to it.
 */
import type { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { FastifyRequest } from 'fastify';
import type { UserInfo } from '../resources/resource-def.js';
import {
  chainsTo,
  parseCaBundle,
  subjectFields,
  verifiedPeerChain,
} from './delegated/client-certificates.js';

const ADMISSION_PATH_PREFIX = '/admission/';

export interface AdmissionCallers {
  /** PEM of `--admission-client-ca-file`, which TLS must ask client certificates of */
  caPem?: string;
  /** the caller the request is, when this policy admits it; undefined: authenticate as usual */
  callerOf(request: FastifyRequest): UserInfo | undefined;
}

const callers = new WeakSet<FastifyRequest>();

/** Whether the request is kube-apiserver calling a webhook (admitted by admissionCallers). */
export function isAdmissionCaller(request: FastifyRequest): boolean {
  return callers.has(request);
}

function fromCertificate(chain: X509Certificate[], bundle: X509Certificate[]): UserInfo | undefined {
  if (chain.length === 0 || !chainsTo(chain, bundle)) return undefined;
  const name = subjectFields(chain[0]!).CN?.[0] ?? 'kube-apiserver';
  return { name, groups: ['system:authenticated'] };
}

const UNAUTHENTICATED: UserInfo = { name: 'system:anonymous', groups: ['system:unauthenticated'] };

function admissionCallers(o: { caPem?: string; allowWithoutCredentials: boolean }): AdmissionCallers {
  const bundle = o.caPem ? parseCaBundle(o.caPem, '--admission-client-ca-file') : undefined;
  return {
    ...(o.caPem ? { caPem: o.caPem } : {}),
    callerOf(request) {
      const path = request.url.split('?')[0] ?? '';
      if (request.method !== 'POST' || !path.startsWith(ADMISSION_PATH_PREFIX)) return undefined;
      const chain = verifiedPeerChain(request.raw.socket);
      let user: UserInfo | undefined;
      if (bundle) user = fromCertificate(chain, bundle);
      else if (o.allowWithoutCredentials && chain.length === 0 && request.headers.authorization === undefined)
        user = UNAUTHENTICATED;
      if (user) callers.add(request);
      return user;
    },
  };
}

/** From the flags: the CA file read (an error names the flag), anonymous callers only when aggregated. */
export async function admissionCallersFromOptions(o: {
  admissionClientCaFile?: string;
  aggregated?: boolean;
  tlsCertFile?: string;
}): Promise<AdmissionCallers> {
  if (!o.admissionClientCaFile) return admissionCallers({ allowWithoutCredentials: o.aggregated === true });
  if (!o.tlsCertFile)
    throw new Error('--admission-client-ca-file needs --tls-cert-file: client certificates need TLS');
  let caPem: string;
  try {
    caPem = await readFile(o.admissionClientCaFile, 'utf8');
  } catch (e) {
    throw new Error(`cannot read --admission-client-ca-file ${o.admissionClientCaFile}`, { cause: e });
  }
  return admissionCallers({ caPem, allowWithoutCredentials: false });
}
