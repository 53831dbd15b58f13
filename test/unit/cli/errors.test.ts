import { describe, expect, it } from 'vitest';
import { ClientConnectionError, ClientStatusError } from '../../../src/cli/api-client.js';
import { CliError, formatStatusError } from '../../../src/cli/errors.js';
import { describeError } from '../../../src/cli/report.js';

describe('error messages (kubectl wording)', () => {
  it('prints a NotFound Status as "Error from server (NotFound): …"', () => {
    const err = new ClientStatusError(404, 'NotFound', 'imagestreams.image.openshift.io "x" not found');
    expect(describeError(err)).toBe(
      'Error from server (NotFound): imagestreams.image.openshift.io "x" not found',
    );
  });

  it('prints a Status without reason as "Error from server: …"', () => {
    expect(formatStatusError({ code: 500, reason: '', message: 'boom' })).toBe('Error from server: boom');
  });

  it('prints 422 Invalid with one cause on one line and several as a list', () => {
    const one = {
      code: 422,
      reason: 'Invalid',
      message: 'ignored',
      details: {
        kind: 'ImageStream',
        name: 'x',
        causes: [{ field: 'spec.tags[0].from.kind', message: 'bad' }],
      },
    };
    expect(formatStatusError(one)).toBe('The ImageStream "x" is invalid: spec.tags[0].from.kind: bad');
    const two = {
      ...one,
      details: {
        ...one.details,
        causes: [...one.details.causes, { field: 'metadata.name', message: 'too long' }],
      },
    };
    expect(formatStatusError(two)).toBe(
      'The ImageStream "x" is invalid: \n* spec.tags[0].from.kind: bad\n* metadata.name: too long',
    );
  });

  it('prints 401 as kubectl’s login hint', () => {
    expect(formatStatusError({ code: 401, reason: 'Unauthorized', message: 'Unauthorized' })).toBe(
      'error: You must be logged in to the server (Unauthorized)',
    );
  });

  it('prints connection failures and user errors without a server prefix', () => {
    expect(describeError(new ClientConnectionError('The connection to the server h:1 was refused'))).toBe(
      'The connection to the server h:1 was refused',
    );
    expect(describeError(new CliError('bad flag'))).toBe('error: bad flag');
  });
});
