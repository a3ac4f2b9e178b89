// The flows of the crash test, shared by the worker processes and the test
// (same graphs, same versions). Every construct a durable run keeps: steps,
// parallel, map, race, retry, timeout, catch, finally, using, loops, state
// through as.update, context and continuation variables, sleep, waitFor.
// Side effects go through `effect(as, name)`, keyed by as.key().
import { continuationVar, contextVar, flow, FlowError, resource } from '../../../dist/index.js';

/** Where keyed side effects go: set by whoever runs the flows. */
let sink = { effect: (_key, _run, _name) => {}, call: (_key) => {} };
export function setSink(s) {
  sink = s;
}

const pause = (ms, signal) =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });
const idOf = (as) => as.key().split(':')[0];
async function effect(as, name) {
  sink.call(as.key());
  await pause(1 + (name.length % 3));
  await sink.effect(as.key(), idOf(as), name);
}

const tenant = contextVar('tenant', 'none');
const cost = continuationVar('cost', { default: 0, merge: (xs) => xs.reduce((a, b) => a + b, 0) });
const ledger = resource(
  'ledger',
  async (o) => {
    await pause(1);
    return { book: `book-${o.id % 3}` };
  },
  async () => pause(1),
);

const charge = flow('charge')
  .step('charge', async (as, o) => {
    await effect(as, 'charge');
    // Every fifth order is busy twice before the charge goes through.
    if (o.id % 5 === 0 && !/try3/.test(as.key())) throw new FlowError('Busy', 'gateway busy');
    as.set(cost, 2);
    return o.items.reduce((a, b) => a + b, 0);
  })
  .retry({ attempts: 4, backoff: { initialMs: 5, factor: 1, jitter: 'none' } })
  .timeout(60_000);

const pack = flow('pack').map((o) => o.items, async (as, item) => {
  await pause(1 + (item % 4));
  as.set(cost, 1);
  return item * 10;
}, { concurrency: 2 });

const ship = flow('ship').race({
  // The loser would take 10 s: the winner is the same under any load, and the race cancels the loser's wait.
  express: flow().step('express', async (as, o) => {
    await pause(o.id % 2 === 0 ? 2 : 10_000, as.signal);
    return 'express';
  }),
  ground: flow().step('ground', async (as, o) => {
    await pause(o.id % 2 === 0 ? 10_000 : 2, as.signal);
    return 'ground';
  }),
});

export const order = flow('crash-order')
  .step('reserve', async (as, o) => {
    await effect(as, 'reserve');
    as.update((d) => {
      d.reserved = o.items.length;
    });
    return o;
  })
  .parallel({ total: charge, packed: pack, ship })
  .step('fraud', async (as, r) => {
    await pause(1);
    if (r.total % 7 === 3) throw new FlowError('Suspicious', 'manual review', { data: { total: r.total } });
    return { ...r, review: false };
  })
  .catch('Suspicious', async (as, e) => {
    await effect(as, 'review');
    return { total: e.data.total, packed: [], ship: 'held', review: true };
  })
  .with(tenant, 'acme', flow().using(ledger, flow().step('book', async (as, r) => {
    await effect(as, 'book');
    const booked = { ...r, book: as.get(ledger).book, tenant: tenant.get() };
    as.update((d) => {
      d.booked = booked;
    });
    return booked;
  })))
  .repeat(3, async (as) => {
    await pause(1);
    as.update((d) => {
      d.ticks = (d.ticks ?? 0) + 1;
    });
  })
  .sleep(20)
  .waitFor('approved', { timeout: 120_000 })
  .step('confirm', async (as, approval) => {
    await effect(as, 'confirm');
    return { ...as.state, approvedBy: approval.by, cost: as.get(cost) };
  })
  .finally(async (as) => {
    await effect(as, 'audit');
  });

/** The input of run i. */
export const inputOf = (i) => ({ id: i, items: Array.from({ length: 1 + (i % 4) }, (_, k) => k + i) });
/** The signal run i waits for. */
export const approvalOf = (i) => ({ by: `clerk-${i % 3}` });

/** A run that stays in one slow step: the stalled-worker test stops its worker there. */
export const stall = flow('crash-stall')
  .step('slow', async (as, ms) => {
    await effect(as, 'slow');
    await pause(ms);
    return ms;
  })
  .step('after', async (as, ms) => {
    await effect(as, 'after');
    return ms + 1;
  });
