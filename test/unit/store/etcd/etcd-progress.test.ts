import { describe, expect, it } from 'vitest';
import { progressNotifyTrusted } from '../../../../src/store/etcd/etcd-progress.js';

describe('etcd progress notifications are trusted', () => {
  it('from 3.4.31 and 3.5.13 on (the fixes of etcd#15220 and #17507), as kube-apiserver', () => {
    const trusted = ['3.4.31', '3.4.36', '3.5.13', '3.5.21', '3.6.0', 'v3.6.4', '4.0.0'];
    const not = ['3.4.23', '3.4.30', '3.5.0', '3.5.12', '3.3.27', '2.3.8', '', 'unknown', '3.x'];
    expect(trusted.filter((v) => !progressNotifyTrusted(v))).toEqual([]);
    expect(not.filter((v) => progressNotifyTrusted(v))).toEqual([]);
  });
});
