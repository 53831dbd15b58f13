import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { serveOptions, toServeSettings } from '../../../../src/cli/commands/serve-flags.js';
import { DOCKER_TARGET_SERVE_FLAGS } from '../../../../src/triggers/controller/serve-flags.js';

function parse(args: string[]): Record<string, unknown> {
  const cmd = new Command().exitOverride();
  for (const option of serveOptions(DOCKER_TARGET_SERVE_FLAGS)) cmd.addOption(option);
  cmd.parse(args, { from: 'user' });
  return toServeSettings(cmd.opts(), DOCKER_TARGET_SERVE_FLAGS);
}

describe('the Docker target serve flags', () => {
  it('map onto the settings the extension reads', () => {
    expect(
      parse([
        '--docker-host',
        'unix:///run/x.sock',
        '--rollout-health-timeout',
        '90s',
        '--disable-docker-target',
      ]),
    ).toEqual({
      dockerHost: 'unix:///run/x.sock',
      rolloutHealthTimeoutMs: 90_000,
      disableDockerTarget: true,
    });
  });

  it('default to a 60 s health timeout and the target enabled', () => {
    expect(parse([])).toEqual({ rolloutHealthTimeoutMs: '60s' });
  });

  it('read the health timeout as a Go duration, as every duration flag', () => {
    expect(parse(['--rollout-health-timeout', '1m30s'])).toMatchObject({ rolloutHealthTimeoutMs: 90_000 });
    expect(parse(['--rollout-health-timeout', '1.5s'])).toMatchObject({ rolloutHealthTimeoutMs: 1500 });
  });

  it('refuse a health timeout that is not a duration, naming the flag', () => {
    expect(() => parse(['--rollout-health-timeout', 'soon'])).toThrow(
      /option '--rollout-health-timeout <duration>' argument 'soon' is invalid. "soon" is not a duration/,
    );
    expect(() => parse(['--rollout-health-timeout', '-1s'])).toThrow(/is negative/);
  });
});
