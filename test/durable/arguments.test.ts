/** The durable engine refuses bad arguments at the call, naming the option, the same on every store. */
import { afterEach, describe, expect, it } from 'vitest';
import { flow } from '../../index.js';
import { createDurable, sqliteStore, type Durable } from '../../durable.js';
import { tempDb } from './tmp-db.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const later = <T>(v: T, ms = 1): Promise<T> => new Promise((r) => setTimeout(() => r(v), ms));

function engine(options: { leaseMs?: number } = {}): Durable {
  const db = tempDb();
  cleanups.push(db.remove);
  const e = createDurable({ store: sqliteStore({ path: db.path }), ...options });
  cleanups.push(() => e.close());
  return e;
}

const f = flow<number>('args').step('one', (as, n) => n + 1);

describe('durable engine arguments', () => {
  it('start() options: an object with id and state, state an object', async () => {
    const e = engine();
    await expect(e.start(f, 1, null as never)).rejects.toThrow(/^start\(\): options must be an object, got null$/);
    await expect(e.start(f, 1, { state: 'x' } as never)).rejects.toThrow(/^start\(\): options\.state must be an object \(the run state\), got x$/);
    await expect(e.start(f, 1, { state: [1, 2] } as never)).rejects.toThrow(/options\.state must be an object/);
    await expect(e.start(f, 1, { id: '' })).rejects.toThrow(/options\.id must be a non-empty string/);
    await expect(e.start(f, 1, { ide: 'a' } as never)).rejects.toThrow(/^start\(\): unknown option 'ide' \(known: id, state\)$/);
    expect(await e.list()).toEqual([]);
  });

  it('list() filters are checked before the store sees them', async () => {
    const e = engine();
    await expect(e.list(null as never)).rejects.toThrow(/^list\(\): filter must be an object, got null$/);
    await expect(e.list({ limit: -1 })).rejects.toThrow(/^list\(\): filter\.limit must be a positive integer, got -1$/);
    await expect(e.list({ limit: 1.5 })).rejects.toThrow(/filter\.limit must be a positive integer/);
    await expect(e.list({ limit: 'x' } as never)).rejects.toThrow(/filter\.limit must be a positive integer, got x/);
    await expect(e.list({ status: 'done' } as never)).rejects.toThrow(/^list\(\): filter\.status must be a status/);
    await expect(e.list({ status: ['running', 'nope'] } as never)).rejects.toThrow(/got nope/);
    await expect(e.list({ flow: 3 } as never)).rejects.toThrow(/filter\.flow must be a flow name/);
    await expect(e.list({ stauts: 'running' } as never)).rejects.toThrow(/unknown option 'stauts'/);
    expect(await e.list({ status: ['running', 'pending'], limit: 5 })).toEqual([]);
  });

  it('a lease too short for the heartbeats is refused; a short one that is allowed keeps a healthy worker’s run alive', async () => {
    expect(() => createDurable({ leaseMs: 20 })).toThrow(/^createDurable\(\): options\.leaseMs must be a finite number of ms of at least 30 \(a worker renews its leases every leaseMs \/ 3\), got 20$/);
    expect(() => createDurable({ leaseMs: Infinity })).toThrow(/options\.leaseMs/);
    const e = engine({ leaseMs: 40 });
    let runs = 0;
    const slow = flow<number>('slow-step').step('wait', async (as, n) => {
      runs++;
      return later(n + 1, 300);
    });
    const w = e.worker({ flows: [slow], pollMs: 5 });
    cleanups.push(() => w.close());
    const id = await e.start(slow, 1);
    expect(await e.result(id, { timeoutMs: 5_000 })).toBe(2);
    expect(runs).toBe(1);
  });
});
