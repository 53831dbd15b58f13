import { describe, expect, it } from 'vitest';
import { decideWebhook, SkipReason } from '../../../../src/triggers/webhook/decide.js';
import type { WebhookTrigger } from '../../../../src/triggers/webhook/schema.js';
import { decodeImageStream } from '../../../support/image-stream.js';

const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;

function trigger(status?: WebhookTrigger['status'], paused?: boolean): WebhookTrigger {
  return {
    apiVersion: 'imagestreams.io/v1',
    kind: 'WebhookTrigger',
    metadata: { name: 'deploy', namespace: 'team' },
    spec: {
      from: { kind: 'ImageStreamTag', name: 'web:latest' },
      url: 'http://127.0.0.1:1/hook',
      ...(paused === undefined ? {} : { paused }),
    },
    ...(status ? { status } : {}),
  };
}

const stream = (digest?: string) =>
  decodeImageStream({
    metadata: { namespace: 'team', name: 'web' },
    status: {
      tags: digest
        ? [{ tag: 'latest', items: [{ image: digest, dockerImageReference: `quay.io/t/web@${digest}` }] }]
        : [],
    },
  });

describe('decideWebhook', () => {
  it('fires for a tag it never fired for, with the image by digest', () => {
    const d = decideWebhook(trigger(), stream(D1));
    expect(d).toEqual({
      fire: true,
      image: { digest: D1, reference: `quay.io/t/web@${D1}` },
      oldDigest: undefined,
    });
  });

  it('does not fire again for the digest it last fired for', () => {
    expect(decideWebhook(trigger({ lastDigest: D1 }), stream(D1))).toEqual({
      fire: false,
      reason: SkipReason.Unchanged,
    });
  });

  it('does not re-fire a failed delivery for an unchanged tag', () => {
    const d = decideWebhook(trigger({ lastDigest: D1, lastResult: 'Failure' }), stream(D1));
    expect(d.fire).toBe(false);
  });

  it('fires once the tag moves to a new digest, naming the last delivered one as old', () => {
    const d = decideWebhook(trigger({ lastDigest: D1, lastDeliveredDigest: D1 }), stream(D2));
    expect(d).toMatchObject({ fire: true, image: { digest: D2 }, oldDigest: D1 });
  });

  it('fires when the tag is moved back to an older digest (a rollback)', () => {
    const d = decideWebhook(trigger({ lastDigest: D2, lastDeliveredDigest: D2 }), stream(D1));
    expect(d).toMatchObject({ fire: true, image: { digest: D1 }, oldDigest: D2 });
  });

  it('fires while paused too: the rollout gate holds the digest (gates/gate-keeper.ts)', () => {
    expect(decideWebhook(trigger(undefined, true), stream(D2))).toMatchObject({
      fire: true,
      image: { digest: D2 },
    });
  });

  it('skips a tag without history and a missing stream', () => {
    expect(decideWebhook(trigger(), stream())).toEqual({ fire: false, reason: SkipReason.NoHistory });
    expect(decideWebhook(trigger(), undefined)).toEqual({ fire: false, reason: SkipReason.NoStream });
  });
});
