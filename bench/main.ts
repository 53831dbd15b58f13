/**
 * `npm run bench [-- NAME...] [--store sqlite|etcd|both] [--rollout single|replicas|floor|both|all, or a comma list] [--quick]`: runs the benchmarks (by
 * default api, import, store, push, failover; rollout, scheduled, build and console only by name), prints a table
 * for each and writes bench/results/NAME.json. Every benchmark is bounded in time; --quick runs
 * them small (a smoke test, not numbers to record).
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';

// before the server's modules load: per-request logging would measure pino, not the server
process.env.LOG_LEVEL ??= 'warn';

const BENCHMARKS = [
  'api',
  'import',
  'store',
  'push',
  'failover',
  'rollout',
  'scheduled',
  'build',
  'console',
] as const;
/** what runs without a name: the others take minutes each and need dockerd (rollout, build) or Chromium (console) */
const DEFAULT_BENCHMARKS: readonly BenchName[] = ['api', 'import', 'store', 'push', 'failover'];
type BenchName = (typeof BENCHMARKS)[number];

type RolloutScenario = 'single' | 'replicas' | 'floor';

interface Args {
  names: BenchName[];
  stores: ('sqlite' | 'etcd')[];
  quick: boolean;
  /** `--rollout single|replicas|floor|both|all` or a comma list (default both: single and replicas; floor: the engine alone) */
  rollout: RolloutScenario[];
  /** `--watch-cache false`: the API server reads the store on every GET and LIST (default true) */
  watchCache: boolean;
}

function parse(argv: string[]): Args {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      store: { type: 'string', default: 'both' },
      quick: { type: 'boolean', default: false },
      rollout: { type: 'string', default: 'both' },
      'watch-cache': { type: 'string', default: 'true' },
    },
  });
  const unknown = positionals.filter((p) => !(BENCHMARKS as readonly string[]).includes(p));
  if (unknown.length)
    throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${BENCHMARKS.join(', ')}`);
  const etcdHere = existsSync(process.env.ETCD_BINARY ?? '/usr/bin/etcd');
  const store = values.store;
  if (!['sqlite', 'etcd', 'both'].includes(store)) throw new Error('--store is sqlite, etcd or both');
  const stores: Args['stores'] =
    store === 'both' ? (etcdHere ? ['sqlite', 'etcd'] : ['sqlite']) : [store as 'sqlite' | 'etcd'];
  if (!['true', 'false'].includes(values['watch-cache'])) throw new Error('--watch-cache is true or false');
  return {
    watchCache: values['watch-cache'] === 'true',
    names: positionals.length ? (positionals as BenchName[]) : [...DEFAULT_BENCHMARKS],
    stores,
    quick: values.quick,
    rollout: rolloutScenarios(values.rollout),
  };
}

const ROLLOUT_SCENARIOS: readonly RolloutScenario[] = ['single', 'replicas', 'floor'];

function rolloutScenarios(value: string): RolloutScenario[] {
  if (value === 'both') return ['single', 'replicas'];
  if (value === 'all') return [...ROLLOUT_SCENARIOS];
  const names = value.split(',').map((v) => v.trim());
  const scenarios = ROLLOUT_SCENARIOS.filter((s) => names.includes(s));
  if (scenarios.length !== names.length)
    throw new Error(
      '--rollout is single, replicas, floor, both (single and replicas), all, or a comma list of the three',
    );
  return scenarios;
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
    const cache = args.watchCache ? 'watch cache on' : 'watch cache off';
    process.stdout.write(`api: ${store} store, ${cache}, ${options.streams} streams ...\n`);
    results[store] = await within(
      240_000,
      `the api benchmark on ${store}`,
      runApiBench({ store, watchCache: args.watchCache, ...options }),
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

async function runPush(args: Args): Promise<void> {
  const { runPushBench, pushRows } = await import('./push/push-bench.js');
  const { printTable, writeResult } = await import('./support/report.js');
  const { within } = await import('./support/measure.js');
  const pushes = args.quick ? 5 : 100;
  process.stdout.write(`push: ${pushes} pushes per path ...\n`);
  const result = await within(240_000, 'the push benchmark', runPushBench({ pushes, integrated: true }));
  printTable(`Push to tag updated (${pushes} pushes, one after another)`, pushRows(result));
  process.stdout.write(`wrote ${await writeResult('push', result)}\n`);
}

async function runFailover(args: Args): Promise<void> {
  const { runFailoverBench, failoverRows } = await import('./failover/failover-bench.js');
  const { printTable, writeResult } = await import('./support/report.js');
  const { within } = await import('./support/measure.js');
  const rounds = args.quick ? 1 : 3;
  process.stdout.write(`failover: ${rounds} leader kills, two replicas on one etcd ...\n`);
  const results = [];
  // the default lease, and the short one `--leader-lease-ttl 3` gives
  for (const leaseTtlSeconds of [10, 3]) {
    const result = await within(
      240_000,
      'the failover benchmark',
      runFailoverBench({ rounds, leaseTtlSeconds }),
    );
    printTable(
      `Failover (SIGKILL the leader of two replicas, lease TTL ${result.leaseTtlSeconds} s)`,
      failoverRows(result),
    );
    results.push(result);
  }
  process.stdout.write(`wrote ${await writeResult('failover', results)}\n`);
}

async function runRollout(args: Args): Promise<void> {
  const { runRolloutBench, rolloutRows, singleRows, floorRows } = await import('./rollout/rollout-bench.js');
  const { printTable, writeResult } = await import('./support/report.js');
  const { within } = await import('./support/measure.js');
  const pushes = args.quick ? 3 : 20;
  process.stdout.write(`rollout (${args.rollout.join(', ')}): ${pushes} pushes ...\n`);
  const result = await within(
    900_000,
    'the rollout benchmark',
    runRolloutBench({ pushes, scenarios: args.rollout }),
  );
  if (result.single)
    printTable(
      `docker push to one SIGTERM-respecting container serving (${pushes} pushes, readiness http)`,
      singleRows(result.single),
    );
  if (result.floor)
    printTable(
      `the same without the server: the engine's calls back to back (${pushes} pushes)`,
      floorRows(result.floor),
    );
  if (result.replicas)
    printTable(
      `docker push to containers serving (${pushes} pushes, 3 replicas)`,
      rolloutRows(result.replicas),
    );
  process.stdout.write(`wrote ${await writeResult('rollout', result)}\n`);
}

async function runScheduled(args: Args): Promise<void> {
  const { runScheduledBench, scheduledRows, DEFAULT_SCHEDULED_OPTIONS } =
    await import('./scheduled/scheduled-bench.js');
  const { printTable, writeResult } = await import('./support/report.js');
  const { within } = await import('./support/measure.js');
  const options = args.quick
    ? { repositories: 4, tags: 5, windowMs: 20_000, interval: '10s' }
    : DEFAULT_SCHEDULED_OPTIONS;
  process.stdout.write(
    `scheduled: ${options.repositories} x ${options.tags} tags, interval ${options.interval}, window ${options.windowMs / 1000} s ...\n`,
  );
  const result = await within(900_000, 'the scheduled benchmark', runScheduledBench(options));
  printTable(`Scheduled checks (${options.repositories * options.tags} tags)`, scheduledRows(result));
  process.stdout.write(`wrote ${await writeResult('scheduled', result)}\n`);
}

async function runBuild(args: Args): Promise<void> {
  const { runBuildBench } = await import('./build/build-bench.js');
  const { buildRows } = await import('./build/build-phases.js');
  const { printTable, writeResult } = await import('./support/report.js');
  const { within } = await import('./support/measure.js');
  const rounds = args.quick ? 2 : 10;
  process.stdout.write(`build: ${rounds} base pushes, each rebuilding and rolling the application ...\n`);
  const result = await within(900_000, 'the build benchmark', runBuildBench({ rounds }));
  printTable(`base image push to the rebuilt application serving (${rounds} rounds)`, buildRows(result));
  process.stdout.write(`wrote ${await writeResult('build', result)}\n`);
}

async function runConsole(args: Args): Promise<void> {
  const { runConsoleBench, consoleRows } = await import('./console/console-bench.js');
  const { printTable, writeResult } = await import('./support/report.js');
  const { within } = await import('./support/measure.js');
  const options = args.quick ? { streams: 100, runs: 1 } : { streams: 1000, runs: 5 };
  process.stdout.write(`console: ${options.streams} streams, ${options.runs} runs per page ...\n`);
  const result = await within(600_000, 'the console benchmark', runConsoleBench(options));
  printTable(`Console: navigation to live data (${options.streams} streams)`, consoleRows(result));
  process.stdout.write(`wrote ${await writeResult('console', result)}\n`);
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  const { machineInfo } = await import('./support/report.js');
  process.stdout.write(`${JSON.stringify(machineInfo())}\n`);
  if (args.names.includes('api')) await runApi(args);
  if (args.names.includes('import')) await runImport(args);
  if (args.names.includes('store')) await runStore(args);
  if (args.names.includes('push')) await runPush(args);
  if (args.names.includes('failover')) await runFailover(args);
  if (args.names.includes('rollout')) await runRollout(args);
  if (args.names.includes('scheduled')) await runScheduled(args);
  if (args.names.includes('build')) await runBuild(args);
  if (args.names.includes('console')) await runConsole(args);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`benchmark failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
