/**
 * A small token service for the registry's `auth: token` mode, as Docker Hub's auth.docker.io
 * works: GET /token?service=S&scope=repository:NAME:pull with optional Basic credentials, answers
 * a JWT signed RS256 with the test certificate in its `x5c` header (distribution 2.8 checks the
 * chain against `rootcertbundle`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createSign, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { TestCertificate } from './tls.js';

export interface TokenIssuerOptions {
  issuer: string;
  service: string;
  cert: TestCertificate;
  users: Record<string, string>;
  /** repositories anonymous users may pull (default: names starting with `public/`) */
  anonymousPull?: (repository: string) => boolean;
  /** `expires_in` in seconds (default 300) */
  expiresIn?: number;
  /** which field carries the token (default both, as Docker Hub does) */
  tokenField?: 'token' | 'access_token' | 'both';
}

export interface TokenRequestRecord {
  user: string | undefined;
  scopes: string[];
  status: number;
}

export interface Access {
  type: string;
  name: string;
  actions: string[];
}

export interface TokenIssuer {
  realm: string;
  requests: TokenRequestRecord[];
  /** a token granting `access`, minted without HTTP (push helpers use it) */
  mint(subject: string, access: Access[]): string;
  stop(): Promise<void>;
}

function b64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

function signJwt(cert: TestCertificate, claims: Record<string, unknown>): string {
  const header = { alg: 'RS256', typ: 'JWT', x5c: [cert.derBase64] };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const signature = createSign('RSA-SHA256').update(input).sign(cert.keyPem);
  return `${input}.${b64url(signature)}`;
}

/** `repository:a/b:pull,push` -> Access; the name may not contain ':' but the type can. */
function parseScope(scope: string): Access | undefined {
  const last = scope.lastIndexOf(':');
  const first = scope.indexOf(':');
  if (first < 0 || last <= first) return undefined;
  return {
    type: scope.slice(0, first),
    name: scope.slice(first + 1, last),
    actions: scope
      .slice(last + 1)
      .split(',')
      .filter(Boolean),
  };
}

function basicUser(req: IncomingMessage): { user: string; password: string } | undefined {
  const h = req.headers.authorization;
  if (!h?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(h.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export async function startTokenIssuer(opts: TokenIssuerOptions): Promise<TokenIssuer> {
  const requests: TokenRequestRecord[] = [];
  const anonymousPull = opts.anonymousPull ?? ((name: string) => name.startsWith('public/'));
  const expiresIn = opts.expiresIn ?? 300;

  const mint = (subject: string, access: Access[]): string => {
    const now = Math.floor(Date.now() / 1000);
    return signJwt(opts.cert, {
      iss: opts.issuer,
      sub: subject,
      aud: opts.service,
      exp: now + expiresIn,
      nbf: now - 10,
      iat: now,
      jti: randomUUID(),
      access,
    });
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://issuer');
    const scopes = url.searchParams.getAll('scope');
    const creds = basicUser(req);
    const reply = (status: number, body: unknown): void => {
      requests.push({ user: creds?.user, scopes, status });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname !== '/token') return reply(404, { errors: [{ code: 'NOT_FOUND' }] });
    if (creds && opts.users[creds.user] !== creds.password) {
      return reply(401, { errors: [{ code: 'UNAUTHORIZED', message: 'incorrect username or password' }] });
    }
    const granted = scopes
      .map(parseScope)
      .filter((a): a is Access => a !== undefined && a.type === 'repository')
      .map((a) => ({
        ...a,
        actions: creds ? a.actions : a.actions.filter((x) => x === 'pull' && anonymousPull(a.name)),
      }));
    const token = mint(creds?.user ?? '', granted);
    const field = opts.tokenField ?? 'both';
    const body: Record<string, unknown> = { expires_in: expiresIn, issued_at: new Date().toISOString() };
    if (field !== 'access_token') body.token = token;
    if (field !== 'token') body.access_token = token;
    reply(200, body);
  };

  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    requests,
    mint,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
