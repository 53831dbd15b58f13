/** The import benchmark's results as table rows: importer first import, re-check, skopeo. */
import type { Row } from '../support/report.js';
import type { ImportBenchResult, PhaseCost } from './import-bench.js';
import type { SkopeoRun } from './skopeo-run.js';

function phaseRow(what: string, p: PhaseCost): Row {
  return {
    what,
    tags: p.run.tags,
    ok: `${p.run.succeeded}/${p.run.tags}`,
    'total ms': p.run.elapsedMs,
    'ms/tag': p.perTag.ms,
    'req/tag': p.perTag.requests,
    'HEAD/tag': p.perTag.manifestHead,
    'manifest GET/tag': p.perTag.manifestGet,
    'blob GET/tag': p.perTag.blobGet,
    'bytes/tag': p.perTag.bodyBytes,
  };
}

function skopeoRow(s: SkopeoRun): Row {
  return {
    what: `skopeo inspect ${s.mode === 'raw' ? '--raw' : '--format {{.Digest}}'} (sample)`,
    tags: s.sample,
    ok: `${s.matched}/${s.sample}`,
    'total ms': s.elapsedMs,
    'ms/tag': s.perTag.ms,
    'req/tag': s.perTag.requests,
    'HEAD/tag': s.perTag.manifestHead,
    'manifest GET/tag': s.perTag.manifestGet,
    'blob GET/tag': s.perTag.blobGet,
    'bytes/tag': s.perTag.bodyBytes,
  };
}

export function importRows(r: ImportBenchResult): Row[] {
  return [
    phaseRow('first import (ImageStreamImport)', r.firstImport),
    phaseRow('re-check unchanged (ImageStreamImport)', r.recheck),
    ...r.skopeo.map(skopeoRow),
  ];
}
