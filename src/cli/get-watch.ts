/**
 * `isctl get -w`: the current objects, then a line (or document) for every later change, as
 * kubectl prints them, until interrupted.
 */
import type { KubeObject } from '../api/object.js';
import type { Session } from './connection.js';
import { CliError } from './errors.js';
import type { OutputFormat } from './output/format.js';
import { renderJsonPath } from './output/jsonpath.js';
import { objectName, toJson, toYaml } from './output/print.js';
import { tableRows } from './output/tables.js';
import { RowPrinter } from './output/tabwriter.js';
import type { Target } from './targets.js';
import { watchResource } from './watch.js';

export interface WatchFlags {
  allNamespaces?: boolean;
  selector?: string;
  fieldSelector?: string;
  headers?: boolean;
  watchOnly?: boolean;
}

type Printer = (objects: KubeObject[]) => void;

function tablePrinter(target: Target, format: { wide: boolean }, flags: WatchFlags): Printer {
  const rows = new RowPrinter();
  let headerDone = flags.headers === false;
  const withNamespace = flags.allNamespaces === true && target.resource.namespaced;
  return (objects) => {
    if (objects.length === 0) return;
    const t = tableRows(target.resource, objects, { now: new Date(), wide: format.wide, withNamespace });
    process.stdout.write(rows.format(headerDone ? t.rows : [t.header, ...t.rows]));
    headerDone = true;
  };
}

function objectPrinter(target: Target, format: Exclude<OutputFormat, { kind: 'table' }>): Printer {
  const one = (o: KubeObject): string => {
    if (format.kind === 'name') return objectName(target.resource, o.metadata.name) + '\n';
    if (format.kind === 'json') return toJson(o);
    if (format.kind === 'yaml') return '---\n' + toYaml(o);
    return renderJsonPath(format.template, o);
  };
  return (objects) => process.stdout.write(objects.map(one).join(''));
}

function fieldSelectorFor(target: Target, flags: WatchFlags): string | undefined {
  if (target.names.length > 1) {
    throw new CliError(
      `watch is only supported on individual resources and resource collections, but ${target.names.length} resources were found`,
    );
  }
  const byName = target.names[0] === undefined ? undefined : `metadata.name=${target.names[0]}`;
  return [byName, flags.fieldSelector].filter((x) => x).join(',') || undefined;
}

/** Lists, prints, then follows changes until SIGINT/SIGTERM. */
export async function getAndWatch(
  s: Session,
  targets: Target[],
  format: OutputFormat,
  flags: WatchFlags,
): Promise<void> {
  const [target, ...others] = targets;
  if (!target || others.length > 0)
    throw new CliError('you may only specify a single resource type when watching');
  const r = target.resource;
  const fieldSelector = fieldSelectorFor(target, flags);
  const query = {
    ...(r.namespaced && !flags.allNamespaces ? { namespace: s.namespace } : {}),
    ...(flags.selector ? { labelSelector: flags.selector } : {}),
    ...(fieldSelector ? { fieldSelector } : {}),
  };
  const print = format.kind === 'table' ? tablePrinter(target, format, flags) : objectPrinter(target, format);
  const list = await s.client.list(r, query);
  if (!flags.watchOnly) print(list.items);
  const stop = new AbortController();
  const abort = (): void => stop.abort();
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  await watchResource(s.client, r, {
    ...query,
    resourceVersion: list.resourceVersion,
    signal: stop.signal,
    onEvent: (_type, object) => print([object]),
  });
}
