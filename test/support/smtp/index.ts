/** Starts the aiosmtpd receiver (receiver.py) on a free loopback port and collects the mail it gets. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../registry/index.js';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** the authenticated login, when AUTH was required */
  user: string | null;
  /** the raw message: headers and body */
  data: string;
}

export interface SmtpReceiver {
  host: string;
  port: number;
  mails: ReceivedMail[];
  stop(): Promise<void>;
}

/** With `auth`, the server requires AUTH with exactly these credentials. */
export async function startSmtpReceiver(auth?: { user: string; pass: string }): Promise<SmtpReceiver> {
  const port = await freePort();
  const script = path.join(import.meta.dirname, 'receiver.py');
  const args = [script, String(port), ...(auth ? [auth.user, auth.pass] : [])];
  const child = spawn('/usr/bin/python3', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const mails: ReceivedMail[] = [];
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`aiosmtpd did not start: ${stderr}`)), 10_000);
    let buffer = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      buffer += d;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line === 'READY') {
          clearTimeout(timer);
          resolve();
        } else if (line.startsWith('{')) mails.push(JSON.parse(line) as ReceivedMail);
      }
    });
    child.on('close', () => reject(new Error(`aiosmtpd exited: ${stderr}`)));
  });
  return {
    host: '127.0.0.1',
    port,
    mails,
    async stop() {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(killer);
    },
  };
}
