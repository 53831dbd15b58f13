/**
 * Who is asking. A bearer token from the token file names a user; without a token the request is
 * anonymous, which is allowed (as an admin: a single-user local server) only from a loopback client
 * when no token file is configured, or when `allowAnonymous` says so (behind an authenticating
 * proxy). Pure apart from the token table it is given.
 */
import { unauthorized } from '../../api/status-error.js';
import type { UserInfo } from '../resources/resource-def.js';
import type { TokenTable } from './token-file.js';

export interface AuthenticatorConfig {
  tokens?: TokenTable;
  allowAnonymous: boolean;
}

export const ANONYMOUS: UserInfo = {
  name: 'system:anonymous',
  groups: ['system:unauthenticated', 'imagestreams:admin'],
};

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.replace(/^::ffff:/, '');
  return a === '::1' || /^127\./.test(a);
}

export function bearerToken(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return m ? m[1] : undefined;
}

/** The user of a request, or a 401 StatusError (whose message never contains the token). */
export function authenticate(
  config: AuthenticatorConfig,
  authorization: string | undefined,
  remoteAddress: string | undefined,
): UserInfo {
  const token = bearerToken(authorization);
  if (token !== undefined && config.tokens) {
    const user = config.tokens.get(token);
    if (!user) throw unauthorized();
    return user;
  }
  if (config.allowAnonymous) return ANONYMOUS;
  if (!config.tokens && isLoopback(remoteAddress)) return ANONYMOUS;
  throw unauthorized();
}
