/**
 * Who is asking, behind kube-apiserver, in the order of k8s.io/apiserver's delegating
 * authenticator: the front proxy (a request-header CA certificate with an allowed CN, the user in
 * headers), a plain client certificate (client CA: CN and O), a bearer token (TokenReview).
 * Nothing else is accepted: no anonymous user. Every user it makes carries the cluster's
 * authorizer (user-authorizer.ts) and the `system:authenticated` group, as kube adds it.
 */
import type { IncomingMessage } from 'node:http';
import type { X509Certificate } from 'node:crypto';
import { unauthorized } from '../../../api/status-error.js';
import type { Logger } from '../../../observability/logger.js';
import type { UserInfo } from '../../resources/resource-def.js';
import { bearerToken } from '../authenticator.js';
import { bindAuthorizer, type Authorizer } from '../user-authorizer.js';
import type { CertificateAuthConfig } from './authentication-config.js';
import { chainsTo, parseCaBundle, subjectFields, verifiedPeerChain } from './client-certificates.js';
import { proxyNameAllowed, userFromHeaders, type RequestHeaderConfig } from './request-header.js';
import type { TokenAuthenticator } from './token-authenticator.js';

const AUTHENTICATED = 'system:authenticated';

export interface DelegatedAuthenticator {
  /** the CA bundles (PEM) TLS must check client certificates against, as they are now */
  clientCaPems(): string[];
  /** the request's user, or a 401 StatusError */
  authenticate(request: IncomingMessage): Promise<UserInfo>;
}

interface Parts {
  /** the client CAs as they are now (client-ca-source.ts follows their changes) */
  certs: () => CertificateAuthConfig;
  tokens: TokenAuthenticator;
  authorizer: Authorizer;
  log: Logger;
}

function withAuthenticatedGroup(user: UserInfo): UserInfo {
  return user.groups.includes(AUTHENTICATED) ? user : { ...user, groups: [...user.groups, AUTHENTICATED] };
}

function fromProxy(
  chain: X509Certificate[],
  rh: { config: RequestHeaderConfig; bundle: X509Certificate[] },
  request: IncomingMessage,
): UserInfo | undefined {
  if (!chainsTo(chain, rh.bundle)) return undefined;
  const cn = subjectFields(chain[0]!).CN?.[0];
  if (!proxyNameAllowed(cn, rh.config.allowedNames))
    throw unauthorized(
      `Unauthorized: the client certificate's common name is not an allowed front-proxy name`,
    );
  return userFromHeaders(request.headersDistinct, rh.config);
}

function fromClientCertificate(chain: X509Certificate[], bundle: X509Certificate[]): UserInfo | undefined {
  if (!chainsTo(chain, bundle)) return undefined;
  const subject = subjectFields(chain[0]!);
  const name = subject.CN?.[0];
  return name ? { name, groups: subject.O ?? [] } : undefined;
}

interface Bundles {
  proxy?: { config: RequestHeaderConfig; bundle: X509Certificate[] };
  clientCa?: X509Certificate[];
}

function bundlesOf(certs: CertificateAuthConfig): Bundles {
  const rh = certs.requestHeader;
  return {
    ...(rh
      ? {
          proxy: {
            config: rh,
            bundle: parseCaBundle(rh.caPem, 'the request-header client CA (--requestheader-client-ca-file)'),
          },
        }
      : {}),
    ...(certs.clientCaPem
      ? { clientCa: parseCaBundle(certs.clientCaPem, 'the client CA (--client-ca-file)') }
      : {}),
  };
}

export function delegatedAuthenticator(parts: Parts): DelegatedAuthenticator {
  let parsedFrom = parts.certs();
  let parsed = bundlesOf(parsedFrom);
  const bundles = (): Bundles => {
    const now = parts.certs();
    if (now !== parsedFrom) {
      parsed = bundlesOf(now);
      parsedFrom = now;
    }
    return parsed;
  };
  const bind = (user: UserInfo) => bindAuthorizer(withAuthenticatedGroup(user), parts.authorizer);
  const byToken = async (token: string): Promise<UserInfo> => {
    let user: UserInfo | undefined;
    try {
      user = await parts.tokens.authenticate(token);
    } catch (err) {
      parts.log.warn({ err }, 'TokenReview failed');
      throw unauthorized();
    }
    if (!user) throw unauthorized();
    return user;
  };
  return {
    clientCaPems() {
      const c = parts.certs();
      return [...(c.requestHeader ? [c.requestHeader.caPem] : []), ...(c.clientCaPem ? [c.clientCaPem] : [])];
    },
    async authenticate(request) {
      const chain = verifiedPeerChain(request.socket);
      if (chain.length > 0) {
        const { proxy, clientCa } = bundles();
        const user =
          (proxy && fromProxy(chain, proxy, request)) ?? (clientCa && fromClientCertificate(chain, clientCa));
        if (user) return bind(user);
      }
      const token = bearerToken(request.headers.authorization);
      if (token !== undefined) return bind(await byToken(token));
      throw unauthorized();
    },
  };
}
