/**
 * `npm run bench [-- NAME...] [--store sqlite|etcd|both] [--quick]`: runs the benchmarks (all by
 * default: api, import, store), prints a table for each and writes bench/results/NAME.json. Every
 * benchmark is bounded in time; --quick runs them small (a smoke test, not numbers to record).
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';

// before the server's modules load: per-request logging would measure pino, not the server
process.env.LOG_LEVEL ??= 'warn';

const BENCHMARKS = ['api', 'import', 'store'] as const;
type BenchName = (typeof BENCHMARKS)[number];

interface Args {
  names: BenchName[];
  stores: ('sqlite' | 'etcd')[];
  quick: boolean;
}

function parse(argv: string[]): Args {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { store: { type: 'string', default: 'both' }, quick: { type: 'boolean', default: false } },
  });
  const unknown = positionals.filter((p) => !(BENCHMARKS as readonly string[]).includes(p));
  if (unknown.length)
    throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${BENCHMARKS.join(', ')}`);
  const etcdHere = existsSync(process.env.ETCD_BINARY ?? '/usr/bin/etcd');
  const store = values.store;
  if (!['sqlite', 'etcd', 'both'].includes(store)) throw new Error('--store is sqlite, etcd or both');
  const stores: Args['stores'] =
    store === 'both' ? (etcdHere ? ['sqlite', 'etcd'] : ['sqlite']) : [store as 'sqlite' | 'etcd'];
  return {
    names: positionals.length ? (positionals as BenchName[]) : [...BENCHMARKS],
    stores,
    quick: values.quick,
  };
}

async function runApi(args: Args): Promise<void> {
  const { runApiBench, DEFAULT_API_OPTIONS } = await import('./api/api-bench.js');
  const { apiRows } = await import('./api/api-table.js');
  const { printTable, writeResult } = await import('./support/report.js');
  const { within } = await import('./support/measure.js');
  const options = args.quick
    ? { streams: 500, concurrency: 16, phaseMs: 1_000, watchers: 20, watchWrites: 10 }
    : DEFAULT_API_OPTIONS;
  const results: Partial<Record<'sqlite' | 'etcd', Awaited<ReturnType<typeof runApiBench>>>> = {};
  for (const store of args.stores) {
    process.stdout.write(`api: ${store} store, ${options.streams} streams ...\n`);
    results[store] = await within(
      240_000,
      `the api benchmark on ${store}`,
      runApiBench({ store, ...options }),
    );
  }
  printTable(
    `API server (${options.streams} image streams x 5 tags, ${options.concurrency} in flight)`,
    apiRows(results),
  );
  process.stdout.write(`wrote ${await writeResult('api', results)}\n`);
}

async function runImport(args: Args): Promise<void> {
  const { runImportBench, DEFAULT_IMPORT_OPTIONS } = await import('./import/import-bench.js');
  const { importRows } = await import('./import/import-table.js');
  const { printTable, writeResult } = await import('./support/report.js');
  const { within } = await import('./support/measure.js');
  const options = args.quick
    ? { repositories: 5, tags: 4, concurrency: 2, skopeoSample: 4 }
    : DEFAULT_IMPORT_OPTIONS;
  process.stdout.write(`import: ${options.repositories} repositories x ${options.tags} tags ...\n`);
  const result = await within(300_000, 'the import benchmark', runImportBench(options));
  printTable(
    `Import (${options.repositories} x ${options.tags} tags, ${options.concurrency} ImageStreamImports in flight, counted at a proxy)`,
    importRows(result),
  );
  process.stdout.write(`wrote ${await writeResult('import', result)}\n`);
}

async function runStore(args: Args): Promise<void> {
  const { runStoreSuite, storeRows } = await import('./store/store-suite.js');
  const { printTable, writeResult } = await import('./support/report.js');
  const { within } = await import('./support/measure.js');
  const count = args.quick ? 200 : 2_000;
  process.stdout.write(`store: ${count} objects, in process ...\n`);
  const result = await within(180_000, 'the store benchmark', runStoreSuite(count, args.stores));
  printTable(`Store in one process, no HTTP (${count} image streams)`, storeRows(result));
  process.stdout.write(`wrote ${await writeResult('store', result)}\n`);
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  const { machineInfo } = await import('./support/report.js');
  process.stdout.write(`${JSON.stringify(machineInfo())}\n`);
  if (args.names.includes('api')) await runApi(args);
  if (args.names.includes('import')) await runImport(args);
  if (args.names.includes('store')) await runStore(args);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`benchmark failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
