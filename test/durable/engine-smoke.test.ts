import { afterEach, expect, it } from 'vitest';
import { flow } from '../../index.js';
import { createDurable, sqliteStore } from '../../durable.js';
import { tempDb } from './tmp-db.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

it('runs a flow to its end through the store', async () => {
  const db = tempDb();
  cleanups.push(db.remove);
  const engine = createDurable({ store: sqliteStore({ path: db.path }) });
  cleanups.push(() => engine.close());
  const order = flow<{ n: number }>('order')
    .step('a', async (as, o) => o.n + 1)
    .step('b', (as, n) => {
      as.update((d: any) => {
        d.seen = n;
      });
      return n * 2;
    })
    .sleep(30)
    .waitFor<number>('bonus', { timeout: 5_000 })
    .step('c', async (as, bonus) => bonus + 1);
  const worker = engine.worker({ flows: [order], pollMs: 20 });
  const id = await engine.start(order, { n: 1 });
  setTimeout(() => void engine.signal(id, 'bonus', 41), 100);
  expect(await engine.result(id, { timeoutMs: 5_000 })).toBe(42);
  const info = await engine.get(id);
  expect(info?.status).toBe('succeeded');
  expect(info?.state).toEqual({ seen: 2 });
  const kinds = info!.history.map((h) => h.kind);
  expect(kinds[0]).toBe('claimed');
  expect(kinds).toContain('parked');
  expect(kinds.at(-1)).toBe('succeeded');
  expect(info!.history.flatMap((h) => h.changes ?? [])).toEqual([{ step: 'order > b', patches: [{ op: 'add', path: ['seen'], value: 2 }] }]);
  expect(info!.history.map((h) => h.seq)).toEqual([...info!.history.map((h) => h.seq)].sort((a, b) => a - b));
  await worker.close();
});
