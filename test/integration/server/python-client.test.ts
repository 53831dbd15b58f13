/**
 * The Kubernetes Python client (Debian python3-kubernetes, DynamicClient) against the real server:
 * a small script (python/dynamic_client.py) discovers, creates, lists, patches, watches, deletes
 * and deletes a collection; this test checks what it printed.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../../support/api-server.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = path.join(import.meta.dirname, 'python', 'dynamic_client.py');

let api: TestApiServer;

beforeAll(async () => {
  api = await startTestApiServer();
});
afterAll(async () => {
  await api?.close();
});

describe('the Kubernetes Python client (DynamicClient)', () => {
  it('discovers, creates, lists, patches, watches, deletes and deletes a collection', async () => {
    const { stdout } = await promisify(execFile)(PYTHON, [SCRIPT, api.url], {
      timeout: 60_000,
      // the client caches discovery in TMPDIR: the server's temp dir, removed with it
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: api.dataDir, TMPDIR: api.dataDir },
    });
    expect(JSON.parse(stdout)).toEqual({
      discovered: ['imagestreams', 'ImageStream', true],
      created: ['one', 'two'],
      listed: ['one', 'two'],
      // a strategic merge patch of one tag: the other tag and `from` stay
      patched: [
        ['a', 'v', 'registry.example.com/a:1'],
        ['b', null, 'registry.example.com/b:1'],
      ],
      // watch=True is a watch (kube-apiserver's boolean parsing), not a list
      watched: [
        ['ADDED', 'one'],
        ['ADDED', 'two'],
      ],
      deleted: 'two',
      deleted_collection: ['ImageStreamList', ['one', 'three']],
      left: [],
    });
  });
});
