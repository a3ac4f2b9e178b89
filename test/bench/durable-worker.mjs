// The worker process the resume benchmark kills: it runs `slow` runs from a SQLite file.
import { flow } from '../../dist/index.js';
import { createDurable, sqliteStore } from '../../dist/durable.js';

export const slow = flow('bench-slow').repeat(200, async () => new Promise((r) => setTimeout(r, 2)));

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const [path, leaseMs] = process.argv.slice(2);
  const engine = createDurable({ store: sqliteStore({ path }), leaseMs: Number(leaseMs) });
  engine.worker({ flows: [slow], pollMs: 5 });
  process.stdout.write('ready\n');
}
