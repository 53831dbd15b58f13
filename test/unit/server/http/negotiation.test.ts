import { describe, expect, it } from 'vitest';
import { negotiate, parseAccept, ResponseKind } from '../../../../src/server/http/negotiation.js';
import { isStatusError } from '../../../../src/api/status-error.js';

const KUBECTL_GET =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

describe('content negotiation', () => {
  it('answers kubectl get with a Table', () => {
    expect(negotiate(KUBECTL_GET, true)).toBe(ResponseKind.Table);
  });
  it('falls back to plain JSON where a Table is not allowed', () => {
    expect(negotiate(KUBECTL_GET, false)).toBe(ResponseKind.Object);
  });
  it('treats a missing Accept and */* as JSON', () => {
    expect(negotiate(undefined, true)).toBe(ResponseKind.Object);
    expect(negotiate('*/*', true)).toBe(ResponseKind.Object);
  });
  it('orders by quality', () => {
    expect(parseAccept('application/yaml;q=0.5, application/json').map((r) => r.type)).toEqual([
      'application/json',
      'application/yaml',
    ]);
  });
  it('answers 406 when only unsupported types are acceptable', () => {
    try {
      negotiate('application/yaml, application/vnd.kubernetes.protobuf', true);
      expect.unreachable();
    } catch (e) {
      expect(isStatusError(e) && e.code).toBe(406);
    }
  });
  it('does not answer a Table of an unknown group as a Table', () => {
    expect(() => negotiate('application/json;as=Table;v=v1;g=example.com', true)).toThrow();
  });
});
