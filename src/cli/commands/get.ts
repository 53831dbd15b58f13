/** `isctl get`: tables with oc's columns, or the objects as YAML/JSON/names/JSONPath. */
import type { Command } from 'commander';
import type { KubeObject } from '../../api/object.js';
import { ClientStatusError } from '../api-client.js';
import { addClientOptions, withSession, type Session } from '../connection.js';
import { CliError } from '../errors.js';
import { getAndWatch } from '../get-watch.js';
import type { ConnectionFlags } from '../kubeconfig.js';
import { parseOutputFormat, type OutputFormat } from '../output/format.js';
import { renderJsonPath } from '../output/jsonpath.js';
import { asList, objectName, toJson, toYaml } from '../output/print.js';
import { renderTable } from '../output/tables.js';
import { reportError } from '../report.js';
import { parseTargets, type Target } from '../targets.js';

interface GetFlags extends ConnectionFlags {
  watch?: boolean;
  watchOnly?: boolean;
  allNamespaces?: boolean;
  selector?: string;
  fieldSelector?: string;
  output?: string;
  /** false with --no-headers (commander negates the flag) */
  headers?: boolean;
  showManagedFields?: boolean;
}

/** kubectl hides metadata.managedFields unless --show-managed-fields */
function shown(objects: KubeObject[], flags: GetFlags): KubeObject[] {
  if (flags.showManagedFields) return objects;
  return objects.map((o) => {
    if (o.metadata.managedFields === undefined) return o;
    const { managedFields: _hidden, ...metadata } = o.metadata;
    return { ...o, metadata };
  });
}

interface Fetched {
  target: Target;
  objects: KubeObject[];
  /** listed rather than fetched by name */
  listed: boolean;
}

async function fetchTarget(s: Session, target: Target, flags: GetFlags): Promise<Fetched> {
  const r = target.resource;
  const namespace = r.namespaced && !flags.allNamespaces ? s.namespace : undefined;
  if (target.names.length === 0) {
    const list = await s.client.list(r, {
      ...(namespace ? { namespace } : {}),
      ...(flags.selector ? { labelSelector: flags.selector } : {}),
      ...(flags.fieldSelector ? { fieldSelector: flags.fieldSelector } : {}),
    });
    return { target, objects: shown(list.items, flags), listed: true };
  }
  if (flags.allNamespaces) throw new CliError('a resource cannot be retrieved by name across all namespaces');
  const objects: KubeObject[] = [];
  for (const name of target.names) {
    try {
      objects.push(await s.client.get(r, name, namespace));
    } catch (err) {
      // kubectl prints what it found and reports each miss
      if (!(err instanceof ClientStatusError)) throw err;
      reportError(err);
    }
  }
  return { target, objects: shown(objects, flags), listed: false };
}

function noResources(s: Session, fetched: Fetched[], flags: GetFlags): string {
  const namespaced = fetched.some((f) => f.target.resource.namespaced);
  return namespaced && !flags.allNamespaces
    ? `No resources found in ${s.namespace} namespace.`
    : 'No resources found';
}

function printTables(s: Session, fetched: Fetched[], format: { wide: boolean }, flags: GetFlags): void {
  const nonEmpty = fetched.filter((f) => f.objects.length > 0);
  if (nonEmpty.length === 0) {
    if (fetched.every((f) => f.listed)) process.stderr.write(noResources(s, fetched, flags) + '\n');
    return;
  }
  const now = new Date();
  const tables = nonEmpty.map((f) =>
    renderTable(f.target.resource, f.objects, {
      now,
      wide: format.wide,
      withNamespace: flags.allNamespaces === true && f.target.resource.namespaced,
      noHeaders: flags.headers === false,
    }),
  );
  process.stdout.write(tables.join('\n'));
}

function printObjects(fetched: Fetched[], format: Exclude<OutputFormat, { kind: 'table' }>): void {
  const all = fetched.flatMap((f) => f.objects);
  if (format.kind === 'name') {
    const names = fetched.flatMap((f) =>
      f.objects.map((o) => objectName(f.target.resource, o.metadata.name)),
    );
    process.stdout.write(names.map((n) => n + '\n').join(''));
    return;
  }
  const first = fetched[0];
  const single = fetched.length === 1 && first && !first.listed && first.target.names.length === 1;
  if (single && all.length === 0) return;
  const value = single ? all[0] : asList(all);
  if (format.kind === 'yaml') process.stdout.write(toYaml(value));
  else if (format.kind === 'json') process.stdout.write(toJson(value));
  else process.stdout.write(renderJsonPath(format.template, value));
}

async function get(args: string[], flags: GetFlags): Promise<void> {
  const format = parseOutputFormat(flags.output);
  const targets = parseTargets(args);
  await withSession(flags, async (s) => {
    if (flags.watch || flags.watchOnly) return getAndWatch(s, targets, format, flags);
    const fetched: Fetched[] = [];
    for (const target of targets) fetched.push(await fetchTarget(s, target, flags));
    if (format.kind === 'table') printTables(s, fetched, format, flags);
    else printObjects(fetched, format);
  });
}

export function registerGet(program: Command): void {
  const cmd = program
    .command('get')
    .description('Display one or many resources (imagestreams, imagestreamtags, images, …)')
    .argument('<resource...>', 'TYPE [NAME...] or TYPE/NAME...')
    .option('-A, --all-namespaces', 'list across all namespaces')
    .option('-l, --selector <selector>', 'label selector, e.g. app=web')
    .option('--field-selector <selector>', 'field selector, e.g. metadata.name=ruby')
    .option('-o, --output <format>', 'yaml|json|wide|name|jsonpath=TEMPLATE')
    .option('--no-headers', "don't print column headers")
    .option('--show-managed-fields', 'keep metadata.managedFields in the YAML/JSON output')
    .option('-w, --watch', 'after listing, watch for changes')
    .option('--watch-only', 'watch for changes without listing first');
  addClientOptions(cmd).action((args: string[], flags: GetFlags) => get(args, flags));
}
