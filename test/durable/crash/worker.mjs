// A worker process of the crash test: takes runs of the crash flows from
// the store until it is killed. Prints one JSON line per event of note.
import { createDurable, postgresStore, sqliteStore } from '../../../dist/durable.js';
import { order, setSink, stall } from './flows.mjs';
import { openSink } from './sinks.mjs';

const [kind, where, leaseMs, name] = process.argv.slice(2);
const out = (o) => process.stdout.write(`${JSON.stringify({ worker: name, pid: process.pid, ...o })}\n`);
const { sink } = await openSink(kind, where);
setSink(sink);
const store = kind === 'sqlite' ? sqliteStore({ path: where, historyLimit: Infinity, maxCrashes: 50 }) : postgresStore({ connectionString: where, max: 4, historyLimit: Infinity, maxCrashes: 50 });
const engine = createDurable({ store, leaseMs: Number(leaseMs), parkAfterMs: 10 });
engine.worker({
  flows: [order, stall],
  concurrency: 8,
  pollMs: 15,
  id: name,
  onError: (error, runId) => out({ error: String(error?.code ?? error?.message ?? error), message: String(error?.message ?? ''), runId }),
});
out({ ready: true });
process.on('SIGTERM', () => void engine.close().then(() => process.exit(0)));
