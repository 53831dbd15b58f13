import { describe, expect, it } from 'vitest';
import { parseDuration, parseDurationSetting, parseGoDurationNs } from '../../../src/api/duration.js';

describe('parseGoDurationNs (Go time.ParseDuration)', () => {
  // the valid cases of Go's src/time/time_test.go parseDurationTests
  it.each([
    ['0', 0n],
    ['5s', 5_000_000_000n],
    ['30s', 30_000_000_000n],
    ['1478s', 1_478_000_000_000n],
    ['-5s', -5_000_000_000n],
    ['+5s', 5_000_000_000n],
    ['-0', 0n],
    ['+0', 0n],
    ['5.0s', 5_000_000_000n],
    ['5.6s', 5_600_000_000n],
    ['5.s', 5_000_000_000n],
    ['.5s', 500_000_000n],
    ['1.0s', 1_000_000_000n],
    ['1.00s', 1_000_000_000n],
    ['1.004s', 1_004_000_000n],
    ['1.0040s', 1_004_000_000n],
    ['100.00100s', 100_001_000_000n],
    ['10ns', 10n],
    ['11us', 11_000n],
    ['12µs', 12_000n],
    ['12μs', 12_000n],
    ['13ms', 13_000_000n],
    ['14s', 14_000_000_000n],
    ['15m', 900_000_000_000n],
    ['16h', 57_600_000_000_000n],
    ['3h30m', 12_600_000_000_000n],
    ['10.5s4m', 250_500_000_000n],
    ['-2m3.4s', -123_400_000_000n],
    ['1h2m3s4ms5us6ns', 3_723_004_005_006n],
    ['39h9m14.425s', 140_954_425_000_000n],
    ['52763797000ns', 52_763_797_000n],
    ['0.3333333333333333333h', 1_200_000_000_000n],
    ['9007199254740993ns', 9_007_199_254_740_993n],
    ['9223372036854775807ns', 9_223_372_036_854_775_807n],
    ['9223372036854775.807us', 9_223_372_036_854_775_807n],
    ['-9223372036854775808ns', -9_223_372_036_854_775_808n],
    ['0.100000000000000000000h', 360_000_000_000n],
  ])('%s', (text, ns) => {
    expect(parseGoDurationNs(text)).toBe(ns);
  });

  // the invalid cases of Go's parseDurationErrors, and the ones its grammar implies
  it.each([
    ['', /"" is not a duration/],
    ['3', /"3" is not a duration: missing unit/],
    ['-', /"-" is not a duration/],
    ['s', /"s" is not a duration/],
    ['.', /"." is not a duration/],
    ['-.', /not a duration/],
    ['.s', /".s" is not a duration/],
    ['+.s', /not a duration/],
    ['1d', /"1d" is not a duration: unknown unit "d"/],
    ['1h30', /missing unit/],
    ['15 minutes', /unknown unit " minutes"/],
    ['9223372036854775808ns', /out of range/],
    ['9223372036854775.808us', /out of range/],
    ['-9223372036854775809ns', /out of range/],
    ['3000000h', /out of range/],
  ])('refuses %j', (text, message) => {
    expect(() => parseGoDurationNs(text)).toThrow(message);
  });
});

describe('parseDuration (milliseconds)', () => {
  it('reads Go durations, rounded to the millisecond', () => {
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('300ms')).toBe(300);
    expect(parseDuration('1500us')).toBe(2);
    expect(parseDuration('-1m')).toBe(-60_000);
    expect(parseDuration('0')).toBe(0);
  });

  it('reads a bare unsigned number as seconds and ignores surrounding blanks', () => {
    expect(parseDuration('90')).toBe(90_000);
    expect(parseDuration('2.5')).toBe(2500);
    expect(parseDuration(' 30s ')).toBe(30_000);
    expect(() => parseDuration('-5')).toThrow(/missing unit/);
  });

  it('names the hint in its errors', () => {
    expect(() => parseDuration('1y')).toThrow(
      '"1y" is not a duration: unknown unit "y" (use e.g. 30s, 1m30s, 500ms)',
    );
    expect(() => parseDuration('soon')).toThrow('"soon" is not a duration (use e.g. 30s, 1m30s, 500ms)');
  });
});

describe('parseDurationSetting', () => {
  it('names the setting in its errors', () => {
    expect(() => parseDurationSetting('soon', '--rollout-health-timeout')).toThrow(
      /^--rollout-health-timeout: "soon" is not a duration/,
    );
    expect(() => parseDurationSetting('-1s', '--rollout-health-timeout')).toThrow(
      '--rollout-health-timeout: "-1s" is negative',
    );
    expect(() => parseDurationSetting('x')).toThrow(/^"x" is not a duration/);
  });

  it('accepts zero and above', () => {
    expect(parseDurationSetting('0')).toBe(0);
    expect(parseDurationSetting('1m30s', '--x')).toBe(90_000);
  });
});
