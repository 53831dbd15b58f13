/** `kubectl get builds,bc` rows with oc's columns (oc's build printers), pure. */
import type { KubeObject } from '../api/object.js';
import { shortHumanDuration } from '../api/human-duration.js';
import { NAME_COLUMN, type TableColumn, type TableConvertor } from '../server/table/table.js';
import type { Build, BuildConfig, BuildSpec } from './schema.js';

const FULL_COMMIT = /^[0-9a-f]{40}$/;

const column = (name: string, description: string, type: TableColumn['type'] = 'string'): TableColumn => ({
  name,
  type,
  format: '',
  description,
  priority: 0,
});

/** the commit built, else the ref asked for; a full commit hash shortened to 7 characters */
function gitRevision(spec: Pick<BuildSpec, 'revision' | 'source'>): string {
  const rev = spec.revision?.git?.commit || spec.source.git?.ref || '';
  return FULL_COMMIT.test(rev) ? rev.slice(0, 7) : rev;
}

/** oc's FROM: Git@rev, Dockerfile, Dockerfile,Git@rev, Binary */
export function describeSource(spec: Pick<BuildSpec, 'revision' | 'source'>): string {
  const s = spec.source;
  const at = (what: string): string => {
    const rev = gitRevision(spec);
    return rev ? `${what}@${rev}` : what;
  };
  if (s.binary) return at('Binary');
  if (s.dockerfile !== undefined && s.git) return at('Dockerfile,Git');
  if (s.dockerfile !== undefined) return 'Dockerfile';
  if (s.git) return at('Git');
  return s.type ?? 'None';
}

/** Go's time.Duration.String for whole seconds: 45s, 1m5s, 1h0m3s */
export function goDuration(nanoseconds: number): string {
  const total = Math.round(nanoseconds / 1e9);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

export function buildCells(o: KubeObject, now: Date): unknown[] {
  const b = o as Build;
  const st = b.status ?? {};
  const phase = st.phase ?? 'New';
  const started = st.startTimestamp
    ? `${shortHumanDuration(now.getTime() - Date.parse(st.startTimestamp))} ago`
    : '';
  return [
    b.metadata.name,
    b.spec.strategy.type ?? '',
    describeSource(b.spec),
    st.reason ? `${phase} (${st.reason})` : phase,
    started,
    st.duration ? goDuration(st.duration) : '',
  ];
}

function buildConfigCells(o: KubeObject): unknown[] {
  const bc = o as BuildConfig;
  return [
    bc.metadata.name,
    bc.spec.strategy.type ?? '',
    describeSource(bc.spec),
    bc.status?.lastVersion ?? 0,
  ];
}

export const BUILD_TABLE: TableConvertor = {
  columns: [
    NAME_COLUMN,
    column('Type', 'The build strategy'),
    column('From', 'The source built'),
    column('Status', 'The phase, and the reason when there is one'),
    column('Started', 'When the build started'),
    column('Duration', 'How long the build ran'),
  ],
  cells: buildCells,
};

export const BUILD_CONFIG_TABLE: TableConvertor = {
  columns: [
    NAME_COLUMN,
    column('Type', 'The build strategy'),
    column('From', 'The source built'),
    column('Latest', 'The number of the latest build', 'integer'),
  ],
  cells: buildConfigCells,
};
