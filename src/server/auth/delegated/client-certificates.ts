/**
 * Client certificates, as kube's x509 and request-header authenticators read them. TLS checks the
 * chain against every CA we trust (the front proxy's and the clients'); here we find which of the
 * two bundles the chain ends in, so that a client certificate can never pass for the front proxy.
 */
import { X509Certificate } from 'node:crypto';
import type { DetailedPeerCertificate, TLSSocket } from 'node:tls';

/** The certificates of a PEM bundle, or an error naming the bundle. */
export function parseCaBundle(pem: string, what: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new Error(`${what} holds no PEM certificate`);
  return blocks.map((b, i) => {
    try {
      return new X509Certificate(b);
    } catch (e) {
      throw new Error(`${what}: certificate ${i + 1} cannot be parsed`, { cause: e });
    }
  });
}

/** The verified chain of the peer, leaf first; empty without a certificate or when TLS did not verify it. */
export function verifiedPeerChain(socket: unknown): X509Certificate[] {
  const tls = socket as Partial<TLSSocket>;
  if (typeof tls.getPeerCertificate !== 'function' || tls.authorized !== true) return [];
  const chain: X509Certificate[] = [];
  const seen = new Set<string>();
  let c: DetailedPeerCertificate | undefined = tls.getPeerCertificate(true);
  while (c?.raw && !seen.has(c.fingerprint256)) {
    seen.add(c.fingerprint256);
    chain.push(new X509Certificate(c.raw));
    c = c.issuerCertificate;
  }
  return chain;
}

/** Whether the chain ends in (or was issued by) one of the bundle's CAs. */
export function chainsTo(chain: X509Certificate[], bundle: X509Certificate[]): boolean {
  return chain.some((cert) =>
    bundle.some(
      (ca) =>
        ca.fingerprint256 === cert.fingerprint256 || (cert.checkIssued(ca) && cert.verify(ca.publicKey)),
    ),
  );
}

/** `CN=a\nO=g1\nO=g2` -> { CN: ['a'], O: ['g1', 'g2'] } */
export function subjectFields(cert: X509Certificate): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const line of cert.subject.split('\n')) {
    const i = line.indexOf('=');
    if (i < 0) continue;
    const key = line.slice(0, i);
    (out[key] ??= []).push(line.slice(i + 1));
  }
  return out;
}
