// A child process for the SQLite crash test: opens the built store and writes as fast as it can,
// printing a line only after each write is acknowledged (its promise resolved):
//   C <resourceVersion> <name>     a create
//   U <resourceVersion> <n>        an update of the counter object to spec.n = n
// Usage: node store-writer.mjs <built sqlite-store.js> <db file> <name prefix>
import { pathToFileURL } from 'node:url';

const [modulePath, dbPath, prefix] = process.argv.slice(2);
if (!modulePath || !dbPath || !prefix) {
  console.error('usage: store-writer.mjs MODULE DB PREFIX');
  process.exit(2);
}
const { openSqliteStore } = await import(pathToFileURL(modulePath).href);
const store = await openSqliteStore({ path: dbPath });
const type = { group: 'image.openshift.io', resource: 'imagestreams', namespaced: true };
const object = (name, spec) => ({
  apiVersion: 'image.openshift.io/v1',
  kind: 'ImageStream',
  metadata: { name, namespace: 'crash' },
  spec,
});

let counter = await store.get(type, 'crash', 'counter');
if (!counter) counter = await store.create(type, object('counter', { n: 0 }));
let n = counter.spec.n;
process.stdout.write('READY\n');
for (let i = 0; ; i++) {
  const created = await store.create(type, object(`${prefix}-${i}`, { i, padding: 'x'.repeat(i % 512) }));
  process.stdout.write(`C ${created.metadata.resourceVersion} ${created.metadata.name}\n`);
  if (i % 3 === 0) {
    n++;
    counter = await store.update(type, { ...counter, spec: { n } });
    process.stdout.write(`U ${counter.metadata.resourceVersion} ${n}\n`);
  }
}
