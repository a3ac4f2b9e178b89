/** A worker process of the crash demo: runs durable-order runs from the SQLite file it is given, until killed. */
import { createDurable, sqliteStore } from '../durable.js';
import { durableOrder } from './durable-order-flow.js';

const [path, leaseMs] = process.argv.slice(2);
const engine = createDurable({ store: sqliteStore({ path: path! }), leaseMs: Number(leaseMs) });
engine.worker({ flows: [durableOrder], pollMs: 20 });
process.stdout.write('ready\n');
process.on('SIGTERM', () => void engine.close().then(() => process.exit(0)));
