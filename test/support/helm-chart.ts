/**
 * `helm template` for deploy/helm/imagestreams, without Helm (go-template.ts says why): values.yaml
 * coalesced with the test's values as Helm does (maps merged, anything else replaced, null
 * deletes), checked against values.schema.json (as Helm does before rendering), then every
 * templates/*.yaml rendered with the Sprig and Helm functions the chart uses, and parsed strictly
 * into objects. NOTES.txt is rendered apart (as `helm install` prints it; `helm template` does not).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { stringify } from 'yaml';
import { REPO_ROOT, parseYamlDocuments, type ManifestObject } from './deploy-manifests.js';
import { GoTemplates, truthy, type Func } from './go-template.js';

const CHART_DIR = path.join(REPO_ROOT, 'deploy', 'helm', 'imagestreams');

const read = (file: string): string => readFileSync(path.join(CHART_DIR, file), 'utf8');

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Helm's coalescing of user values over the chart's. */
function coalesce(base: unknown, over: unknown): unknown {
  if (!isMap(base) || !isMap(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete out[k];
    else out[k] = coalesce(base[k], v);
  }
  return out;
}

function sortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (!isMap(v)) return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortedKeys(v[k])]),
  );
}

function indent(n: number, s: unknown): string {
  const pad = ' '.repeat(n);
  return pad + String(s).replaceAll('\n', `\n${pad}`);
}

function printf(format: unknown, ...args: unknown[]): string {
  let i = 0;
  return String(format).replace(/%([sdvq%])/g, (_m, verb: string) => {
    if (verb === '%') return '%';
    const a = args[i++];
    if (verb === 'q') return JSON.stringify(String(a));
    return String(a);
  });
}

function compare(op: (a: number | string, b: number | string) => boolean): Func {
  return (a, b) => {
    if (typeof a !== typeof b || (typeof a !== 'number' && typeof a !== 'string'))
      throw new Error(`incompatible types for comparison: ${typeof a} and ${typeof b}`);
    return op(a as number | string, b as number | string);
  };
}

/** The Sprig and Helm functions the chart uses (a function missing here fails the parse). */
function chartFunctions(): Record<string, Func> {
  return {
    toYaml: (v) => stringify(sortedKeys(v), { lineWidth: 0 }).replace(/\n$/, ''),
    nindent: (n, s) => `\n${indent(Number(n), s)}`,
    indent: (n, s) => indent(Number(n), s),
    quote: (...xs) => xs.map((x) => JSON.stringify(x === undefined || x === null ? '' : String(x))).join(' '),
    default: (d, v) => (truthy(v) ? v : d),
    required: (msg, v) => {
      if (v === undefined || v === null || v === '') throw new Error(String(msg));
      return v;
    },
    fail: (msg) => {
      throw new Error(String(msg));
    },
    printf,
    join: (sep, list) => (Array.isArray(list) ? list.map(String).join(String(sep)) : String(list ?? '')),
    trunc: (n, s) => String(s).slice(0, Number(n)),
    trimSuffix: (suffix, s) => {
      const str = String(s);
      return str.endsWith(String(suffix)) ? str.slice(0, -String(suffix).length) : str;
    },
    contains: (sub, s) => String(s).includes(String(sub)),
    b64enc: (s) => Buffer.from(String(s)).toString('base64'),
    eq: (a, ...bs) => bs.some((b) => a === b),
    ne: (a, b) => a !== b,
    gt: compare((a, b) => a > b),
    lt: compare((a, b) => a < b),
    and: (...xs) => xs.find((x) => !truthy(x)) ?? xs[xs.length - 1],
    or: (...xs) => xs.find((x) => truthy(x)) ?? xs[xs.length - 1],
    not: (x) => !truthy(x),
    empty: (x) => !truthy(x),
    int: (x) => Math.trunc(Number(x ?? 0)),
  };
}

export interface RenderedChart {
  objects: ManifestObject[];
  /** templates/NOTES.txt rendered */
  notes: string;
  /** the values the chart saw */
  values: Record<string, unknown>;
}

const valuesSchema = new Ajv({
  allErrors: true,
  strict: true,
  strictTypes: false,
  strictRequired: false,
}).compile(JSON.parse(read('values.schema.json')) as object);

/**
 * `helm template RELEASE deploy/helm/imagestreams -n NAMESPACE --set …` (as objects);
 * `skipSchemaValidation` as Helm's `--skip-schema-validation`.
 */
export function renderChart(
  overrides: Record<string, unknown> = {},
  release = { name: 'imagestreams', namespace: 'imagestreams' },
  options: { skipSchemaValidation?: boolean } = {},
): RenderedChart {
  const values = coalesce(parseYamlDocuments(read('values.yaml'), 'values.yaml')[0], overrides) as Record<
    string,
    unknown
  >;
  if (!options.skipSchemaValidation && !valuesSchema(values))
    throw new Error(
      `values don't meet the specifications of the schema: ${(valuesSchema.errors ?? [])
        .map((e) => `${e.instancePath} ${e.message ?? ''}`)
        .join('; ')}`,
    );
  const chart = parseYamlDocuments(read('Chart.yaml'), 'Chart.yaml')[0] as Record<string, string>;
  const engine = new GoTemplates(chartFunctions());
  const files = readdirSync(path.join(CHART_DIR, 'templates')).sort();
  for (const f of files)
    if (/\.(ya?ml|tpl)$/.test(f) || f === 'NOTES.txt') engine.add(f, read(path.join('templates', f)));
  const data = {
    Values: values,
    Release: { Name: release.name, Namespace: release.namespace, Service: 'Helm', IsInstall: true },
    Chart: { Name: chart.name, Version: chart.version, AppVersion: chart.appVersion },
    Files: { Get: (p: unknown) => read(String(p)) },
  };
  const objects = files
    .filter((f) => /\.ya?ml$/.test(f) && !f.startsWith('_'))
    .flatMap((file) =>
      parseYamlDocuments(engine.render(file, data), file)
        .filter((o) => o !== null)
        .map((object) => ({ file, object: object as Record<string, unknown> })),
    );
  return { objects, notes: engine.render('NOTES.txt', data), values };
}
