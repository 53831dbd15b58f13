/**
 * Sends one e-mail through nodemailer. The SMTP host is resolved first through the egress guard
 * (no link-local or cloud metadata addresses) and nodemailer connects to that address, with the
 * host name kept for TLS (SNI and the certificate check). One connection per message, bounded in time.
 */
import { promisify } from 'node:util';
import { createTransport } from 'nodemailer';
import { guardedLookup, refusedHost } from '../../net/egress-guard.js';
import { defaultEgressPolicy } from '../../net/egress-policy.js';
import type { SmtpSettings } from './target.js';

export interface MailMessage {
  subject: string;
  text: string;
}

export type MailSend = (settings: SmtpSettings, message: MailMessage, signal: AbortSignal) => Promise<void>;

async function resolveGuarded(host: string): Promise<string> {
  const policy = defaultEgressPolicy();
  const refused = refusedHost(host, policy);
  if (refused) throw refused;
  const lookup = promisify((h: string, cb: (err: Error | null, address: string) => void) =>
    guardedLookup(policy)(h, {}, (err, address) => cb(err, typeof address === 'string' ? address : '')),
  );
  return lookup(host);
}

export function smtpTransport(timeoutMs = 10_000): MailSend {
  return async (settings, message, signal) => {
    const address = await resolveGuarded(settings.host);
    const transport = createTransport({
      host: address,
      port: settings.port,
      secure: settings.secure,
      requireTLS: settings.startTls === true,
      ignoreTLS: settings.startTls === false,
      ...(settings.auth ? { auth: settings.auth } : {}),
      tls: { servername: settings.host },
      name: 'imagestreams',
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      logger: false,
      debug: false,
    });
    const abort = (): void => transport.close();
    signal.addEventListener('abort', abort, { once: true });
    try {
      await transport.sendMail({
        from: settings.fromName ? { name: settings.fromName, address: settings.from } : settings.from,
        to: settings.to,
        subject: message.subject,
        text: message.text,
      });
    } finally {
      signal.removeEventListener('abort', abort);
      transport.close();
    }
  };
}
