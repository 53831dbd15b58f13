import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createRootLogger } from '../../../src/observability/logger.js';
import { scrubSecretText } from '../../../src/observability/error-serializer.js';

function capture(): { lines: Record<string, unknown>[]; stream: Writable } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

async function logOne(
  fields: Record<string, unknown>,
): Promise<{ line: Record<string, unknown>; text: string }> {
  const { lines, stream } = capture();
  const prev = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = 'info';
  try {
    createRootLogger(stream).warn(fields, 'failed');
  } finally {
    if (prev === undefined) delete process.env.LOG_LEVEL;
    else process.env.LOG_LEVEL = prev;
  }
  await new Promise((r) => setImmediate(r));
  const line = lines[0] as Record<string, unknown>;
  return { line, text: JSON.stringify(line) };
}

class RegistryFailure extends Error {
  readonly status = 401;
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'RegistryFailure';
  }
}

describe('the logger records errors whole', () => {
  it('logs an error as type, message and stack, with its own fields', async () => {
    const { line } = await logOne({ err: new RegistryFailure('manifest unknown') });
    const err = line.err as Record<string, unknown>;
    expect(err.type).toBe('RegistryFailure');
    expect(err.message).toBe('manifest unknown');
    expect(err.stack).toMatch(/^RegistryFailure: manifest unknown\n\s+at /);
    expect(err.status).toBe(401);
  });

  it('keeps the cause in the message and the stack', async () => {
    const { line } = await logOne({
      err: new RegistryFailure('pull failed', new Error('connect ECONNREFUSED')),
    });
    const err = line.err as Record<string, unknown>;
    expect(err.message).toBe('pull failed: connect ECONNREFUSED');
    expect(err.stack).toContain('caused by: Error: connect ECONNREFUSED');
  });
});

describe('no credential reaches a log through an error', () => {
  it('scrubs URL passwords, Authorization values and secret query values from message, stack and cause', async () => {
    const cause = new Error(
      'GET https://robot:s3cr3t-pw@registry.example/v2/ answered 401 (Bearer abc.def.ghi)',
    );
    const err = new RegistryFailure('fetch https://hooks.example/x?token=tok-123&n=1 failed', cause);
    const { text } = await logOne({ err });
    for (const secret of ['s3cr3t-pw', 'robot:', 'abc.def.ghi', 'tok-123'])
      expect(text).not.toContain(secret);
    expect(text).toContain('https://[redacted]@registry.example/v2/');
    expect(text).toContain('token=[redacted]&n=1');
  });

  it('replaces fields of an error whose names say they are credentials, at any depth', async () => {
    const err = Object.assign(new Error('refused'), {
      password: 'pw-1',
      config: { headers: { Authorization: 'Basic Zm9vOmJhcg==', accept: 'application/json' } },
      options: { auth: { username: 'u', password: 'pw-2' } },
    });
    const { line, text } = await logOne({ err });
    for (const secret of ['pw-1', 'Zm9vOmJhcg==', 'pw-2']) expect(text).not.toContain(secret);
    const logged = line.err as { config: { headers: Record<string, unknown> } };
    expect(logged.config.headers.accept).toBe('application/json');
  });

  it('scrubs a build webhook secret in a path', () => {
    expect(
      scrubSecretText(
        'POST /apis/build.openshift.io/v1/namespaces/n/buildconfigs/app/webhooks/hunter2/github 500',
      ),
    ).toBe('POST /apis/build.openshift.io/v1/namespaces/n/buildconfigs/app/webhooks/[redacted]/github 500');
  });

  it('leaves text without credentials as it is', () => {
    const text = 'GET https://registry.example/v2/library/nginx/manifests/latest: 404 MANIFEST_UNKNOWN';
    expect(scrubSecretText(text)).toBe(text);
  });

  it('scrubs a string logged as err', async () => {
    const { text } = await logOne({ err: 'dial tcp: https://u:p4ss@h/' });
    expect(text).not.toContain('p4ss');
  });
});
