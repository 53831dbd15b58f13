/**
 * E-mail, shoutrrr's form: smtp://USER:PASSWORD@HOST:PORT/?from=ADDRESS&to=A[,B…]
 * [&subject=&fromname=&encryption=None|ExplicitTLS|ImplicitTLS|Auto&usestarttls=yes|no&auth=None]
 * (`fromAddress`/`toAddresses` and `title` are accepted as aliases). Sent through nodemailer
 * (src/notifications/channels/mailer.ts). Auto: TLS from the start on port 465, STARTTLS when offered.
 */
import { boolParam, ChannelUrlError, queryOf, Service, urlSecrets, type SmtpTarget } from '../target.js';

const ADDRESS = /^[^\s@,]+@[^\s@,]+$/;
const ENCRYPTIONS = ['none', 'explicittls', 'implicittls', 'auto'];

function addresses(value: string | undefined, name: string): string[] {
  const list = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (list.length === 0) throw new ChannelUrlError(`the "${name}" parameter is required`);
  if (!list.every((a) => ADDRESS.test(a)))
    throw new ChannelUrlError(`the "${name}" parameter must hold e-mail addresses`);
  return list;
}

function tlsOf(q: Map<string, string>, port: number): { secure: boolean; startTls: boolean | undefined } {
  const encryption = (q.get('encryption') ?? 'auto').toLowerCase();
  if (!ENCRYPTIONS.includes(encryption))
    throw new ChannelUrlError('the "encryption" parameter must be None, ExplicitTLS, ImplicitTLS or Auto');
  const startTls = boolParam(q.get('usestarttls'), 'usestarttls');
  if (encryption === 'implicittls') return { secure: true, startTls: undefined };
  if (encryption === 'explicittls') return { secure: false, startTls: true };
  if (encryption === 'none') return { secure: false, startTls: false };
  return { secure: port === 465, startTls: startTls === false ? false : undefined };
}

export function parseSmtp(url: URL): SmtpTarget {
  const q = queryOf(url);
  if (url.hostname === '')
    throw new ChannelUrlError('expected smtp://[USER:PASSWORD@]HOST[:PORT]/?from=…&to=…');
  const port = url.port === '' ? 25 : Number(url.port);
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  const noAuth = q.get('auth')?.toLowerCase() === 'none';
  const fromName = q.get('fromname');
  const subject = q.get('subject') ?? q.get('title');
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const credentials = [
    pass,
    Buffer.from(`\0${user}\0${pass}`).toString('base64'),
    Buffer.from(pass).toString('base64'),
  ];
  return {
    kind: 'smtp',
    service: Service.Smtp,
    host: url.host,
    secrets: urlSecrets(url, pass === '' ? [] : credentials),
    smtp: {
      host: hostname,
      port,
      ...tlsOf(q, port),
      ...(user !== '' && !noAuth ? { auth: { user, pass } } : {}),
      from: addresses(q.get('from') ?? q.get('fromaddress'), 'from')[0]!,
      to: addresses(q.get('to') ?? q.get('toaddresses'), 'to'),
      ...(fromName ? { fromName } : {}),
      ...(subject ? { subject } : {}),
    },
  };
}
