import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  loadWebhookConfig,
  parseWebhookConfig,
  WebhookConfigError,
} from '../../../src/notifications/outbound/webhook-config.js';

const dir = mkdtempSync(join(tmpdir(), 'webhook-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('webhook config', () => {
  it('reads a YAML file with a webhooks list', async () => {
    const path = join(dir, 'hooks.yaml');
    writeFileSync(
      path,
      'webhooks:\n  - name: ci\n    url: https://ci.example.com/hook\n    secret: s3cret\n    namespaces: [team-a]\n  - url: http://127.0.0.1:9000/\n    mode: binary\n',
    );
    expect(await loadWebhookConfig(path)).toEqual([
      { name: 'ci', url: 'https://ci.example.com/hook', secret: 's3cret', namespaces: ['team-a'] },
      { name: 'webhook-2', url: 'http://127.0.0.1:9000/', mode: 'binary' },
    ]);
  });

  it('reads a bare JSON list', async () => {
    const path = join(dir, 'hooks.json');
    writeFileSync(path, JSON.stringify([{ url: 'http://x/' }]));
    expect(await loadWebhookConfig(path)).toEqual([{ name: 'webhook-1', url: 'http://x/' }]);
  });

  it('rejects non-HTTP URLs, duplicate names and unknown modes', () => {
    expect(() => parseWebhookConfig([{ url: 'ftp://x/' }])).toThrow(WebhookConfigError);
    expect(() =>
      parseWebhookConfig([
        { name: 'a', url: 'http://x/' },
        { name: 'a', url: 'http://y/' },
      ]),
    ).toThrow(/used twice/);
    expect(() => parseWebhookConfig([{ url: 'http://x/', mode: 'batch' }])).toThrow(WebhookConfigError);
  });

  it('never quotes the secret when the file is broken', async () => {
    const path = join(dir, 'broken.yaml');
    writeFileSync(path, 'webhooks:\n  - url: http://x/\n    secret: "hunter2\n  : [');
    const err = await loadWebhookConfig(path).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(WebhookConfigError);
    expect(String((err as Error).message)).not.toContain('hunter2');
    const invalid = await Promise.resolve()
      .then(() => parseWebhookConfig([{ url: 'nope', secret: 'hunter2' }]))
      .catch((e: unknown) => e as Error);
    expect((invalid as Error).message).not.toContain('hunter2');
  });

  it('says which file could not be read', async () => {
    await expect(loadWebhookConfig(join(dir, 'missing.yaml'))).rejects.toThrow(/missing\.yaml/);
  });
});
