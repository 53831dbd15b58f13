import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { integratedRegistryExtension } from '../../../src/integrated-registry/index.js';
import { startServer } from '../../../src/server/serve.js';

describe('integrated registry without the registry binary', () => {
  it('fails the server start with a message naming the missing package', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'integrated-registry-missing-'));
    try {
      const ext = integratedRegistryExtension({
        dataDir,
        listen: '127.0.0.1:0',
        binary: join(dataDir, 'no-such-docker-registry'),
      });
      await expect(startServer({ listen: '127.0.0.1:0', dataDir, extensions: [ext] })).rejects.toThrow(
        /Debian package docker-registry/,
      );
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
