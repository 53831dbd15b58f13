import { describe, expect, it } from 'vitest';
import { ImageStreamSchema } from '../../../../src/api/schema/image-stream.js';
import {
  budgetLine,
  parseBudgetMetrics,
  registryOfReference,
  tagRegistry,
} from '../../../../src/cli/describe/budget-metrics.js';
import { describeImageStream } from '../../../../src/cli/describe/describe-image-stream.js';

const METRICS = [
  '# HELP imagestreams_registry_budget_remaining Requests left',
  '# TYPE imagestreams_registry_budget_remaining gauge',
  'imagestreams_registry_budget_remaining{registry="registry-1.docker.io"} 87',
  'imagestreams_registry_budget_limit{registry="registry-1.docker.io"} 100',
  'imagestreams_registry_budget_limit{registry="quay.io"} 300',
  'imagestreams_webhook_queue_depth{subscription="x"} 3',
].join('\n');

describe('registry budget from /metrics', () => {
  it('reads remaining and limit per registry and ignores other metrics', () => {
    const b = parseBudgetMetrics(METRICS);
    expect(b.get('registry-1.docker.io')).toEqual({ remaining: 87, limit: 100 });
    expect(b.get('quay.io')).toEqual({ limit: 300 });
    expect(b.size).toBe(2);
  });

  it('formats a line per registry, matching Docker Hub by any of its names', () => {
    const b = parseBudgetMetrics(METRICS);
    expect(budgetLine('docker.io', b)).toBe('registry budget: 87/100 requests left (registry-1.docker.io)');
    expect(budgetLine('quay.io', b)).toBe('registry budget: limit 300 requests (quay.io)');
    expect(budgetLine('ghcr.io', b)).toBeUndefined();
  });

  it('finds the registry of a reference', () => {
    expect(registryOfReference('nginx')).toBe('docker.io');
    expect(registryOfReference('library/nginx:1')).toBe('docker.io');
    expect(registryOfReference('127.0.0.1:5000/a/b@sha256:00')).toBe('127.0.0.1:5000');
    expect(registryOfReference('localhost/x')).toBe('localhost');
  });

  it('puts the budget line under the tag that uses the registry', () => {
    const stream = ImageStreamSchema.parse({
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        tags: [{ name: 'latest', from: { kind: 'DockerImage', name: 'docker.io/library/nginx:latest' } }],
      },
      status: {
        dockerImageRepository: '',
        tags: [
          {
            tag: 'latest',
            items: [
              {
                dockerImageReference: 'docker.io/library/nginx@sha256:aa',
                image: 'sha256:aa',
                created: '2026-01-01T00:00:00Z',
                generation: 1,
              },
            ],
          },
        ],
      },
    });
    expect(tagRegistry(stream, 'latest')).toBe('docker.io');
    const b = parseBudgetMetrics(METRICS);
    const text = describeImageStream(stream, new Date('2026-01-01T01:00:00Z'), {
      tagNotes: (tag) => [budgetLine(tagRegistry(stream, tag) ?? '', b) ?? ''],
    });
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.includes('registry budget'));
    expect(lines[at]).toBe('  registry budget: 87/100 requests left (registry-1.docker.io)');
    expect(lines.slice(0, at).some((l) => l.startsWith('  * docker.io/library/nginx@sha256:aa'))).toBe(true);
  });
});
