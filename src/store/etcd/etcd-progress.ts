/**
 * Whether an etcd server's requested watch progress notifications can be trusted: a progress
 * notification at revision R must mean every event up to R was delivered on that watch. Before
 * etcd 3.4.25 / 3.5.8 a requested notification could overtake events still queued for the watch
 * (etcd-io/etcd#15220), and before 3.4.31 / 3.5.13 a freshly created watch did not answer a
 * request until its first event (etcd-io/etcd#17507). kube-apiserver serves consistent reads from
 * its watch cache only from 3.4.31 and 3.5.13 on; so do we. Debian's etcd-server (3.4.23) is older.
 */
const MINIMUM: ReadonlyArray<{ minor: [number, number]; patch: number }> = [
  { minor: [3, 4], patch: 31 },
  { minor: [3, 5], patch: 13 },
];

/** True for etcd versions whose progress notifications keep their promise (3.4.31+, 3.5.13+, 3.6+). */
export function progressNotifyTrusted(version: string): boolean {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version.trim());
  if (!m) return false;
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (major !== 3) return major > 3;
  if (minor < 4) return false;
  const floor = MINIMUM.find((f) => f.minor[1] === minor);
  return floor ? patch >= floor.patch : true;
}
