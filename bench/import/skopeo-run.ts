/** skopeo's side of the comparison: a sample of tags, one `skopeo inspect` process each. */
import { round } from '../support/measure.js';
import { diffCounts, type CountingProxy, type ProxyCounts } from '../support/counting-proxy.js';
import type { PushedTag } from './registry-fixture.js';
import { skopeoAvailable, skopeoDigest, type SkopeoMode } from './skopeo.js';

export interface SkopeoRun {
  mode: SkopeoMode;
  command: string;
  sample: number;
  /** lookups whose digest matched what was pushed */
  matched: number;
  elapsedMs: number;
  proxy: ProxyCounts;
  perTag: {
    requests: number;
    manifestHead: number;
    manifestGet: number;
    blobGet: number;
    bodyBytes: number;
    ms: number;
  };
  /** elapsedMs scaled to every tag: an extrapolation, not a measurement */
  extrapolatedMsForAllTags: number;
}

const COMMANDS: Record<SkopeoMode, string> = {
  raw: 'skopeo inspect --raw --tls-verify=false docker://HOST/REPO:TAG',
  digest: "skopeo inspect --tls-verify=false --format '{{.Digest}}' docker://HOST/REPO:TAG",
};

/** Every n-th pushed tag, so the sample spans all repositories. */
function sampleOf(pushed: readonly PushedTag[], n: number): PushedTag[] {
  const step = Math.max(1, Math.floor(pushed.length / n));
  return pushed.filter((_, i) => i % step === 0).slice(0, n);
}

async function runMode(
  proxy: CountingProxy,
  sample: PushedTag[],
  mode: SkopeoMode,
  all: number,
): Promise<SkopeoRun> {
  const before = proxy.counts();
  const start = performance.now();
  let matched = 0;
  for (const t of sample) {
    const digest = await skopeoDigest(`${proxy.host}/${t.repository}:${t.tag}`, mode);
    if (digest === t.digest) matched++;
  }
  const elapsedMs = performance.now() - start;
  const p = diffCounts(before, proxy.counts());
  const per = (x: number): number => round(x / sample.length, 3);
  return {
    mode,
    command: COMMANDS[mode],
    sample: sample.length,
    matched,
    elapsedMs: round(elapsedMs),
    proxy: p,
    perTag: {
      requests: per(p.requests),
      manifestHead: per(p.byClass.manifestHead),
      manifestGet: per(p.byClass.manifestGet),
      blobGet: per(p.byClass.blobGet),
      bodyBytes: per(p.bodyBytes),
      ms: per(elapsedMs),
    },
    extrapolatedMsForAllTags: round((elapsedMs / sample.length) * all),
  };
}

export async function runSkopeo(
  proxy: CountingProxy,
  pushed: readonly PushedTag[],
  size: number,
): Promise<SkopeoRun[]> {
  if (size <= 0 || !(await skopeoAvailable())) return [];
  const sample = sampleOf(pushed, size);
  return [
    await runMode(proxy, sample, 'raw', pushed.length),
    await runMode(proxy, sample, 'digest', pushed.length),
  ];
}
