/** A durable worker inside a service host: host.close() closes it, and its runs go back to the store at once for another process. */
import { expect, it } from 'vitest';
import { flow } from '../../index.js';
import { createHost } from '../../host.js';
import { createDurable, sqliteStore } from '../../durable.js';
import { tempDb } from './tmp-db.js';

it('host.close() closes a durable worker registered with onClose; the run it held is taken over with no crash counted', async () => {
  const db = tempDb();
  const engine = createDurable({ store: sqliteStore({ path: db.path }), leaseMs: 60_000 });
  try {
    let iterations = 0;
    const f = flow<number>('hosted').repeat(40, async () => {
      iterations++;
      await new Promise((r) => setTimeout(r, 5));
    });
    const host = createHost({ drainTimeoutMs: 50 });
    const worker = engine.worker({ flows: [f], pollMs: 10 });
    host.onClose(() => worker.close({ drainMs: 0 }), 'durable worker');
    const id = await engine.start(f, 0);
    while (iterations < 3) await new Promise((r) => setTimeout(r, 5));
    const report = await host.close();
    expect(report.resources.map((r) => [r.name, r.ok])).toEqual([['durable worker', true]]);
    expect(worker.running).toBe(0);
    const next = engine.worker({ flows: [f], pollMs: 10 });
    await engine.result(id, { timeoutMs: 10_000 });
    expect((await engine.get(id))?.crashes).toBe(0);
    await next.close();
  } finally {
    await engine.close();
    db.remove();
  }
});
