/**
 * The durable order flow of the crash demo, shared by the processes that
 * run it (a run resumes only on the same graph): reserve, charge, pack each
 * item, wait for the courier's pickup signal, ship, and email the receipt.
 * Every step prints where it ran, so the demo can show which process did
 * what.
 */
import { flow } from '../index.js';

/** An order of the demo. */
export interface DurableOrder {
  readonly id: string;
  readonly items: readonly string[];
  readonly amount: number;
}

const work = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** Prints one line per step, as `ran <step> <idempotency key>`, for the parent process to collect. */
const ran = (step: string, key: string): void => void process.stdout.write(`ran ${step} ${key}\n`);

export const durableOrder = flow<DurableOrder>('durable-order')
  .step('reserve', async (as, o) => {
    ran('reserve', as.key());
    await work(60);
    as.update((d) => {
      d.reserved = o.items.length;
    });
    return o;
  })
  .step('charge', async (as, o) => {
    // A real gateway would get as.key() as its idempotency key: a charge repeated after a crash is the same charge.
    ran('charge', as.key());
    await work(120);
    return { ...o, receipt: `rcpt-${o.id}` };
  })
  .forEach(
    (o) => o.items,
    async (as, item) => {
      ran(`pack ${item}`, as.key());
      await work(120);
      as.update((d) => {
        d.packed = [...((d.packed as string[] | undefined) ?? []), item];
      });
    },
  )
  .step('label', (as, o) => ({ ...o, label: `ship ${o.items.length} items of ${o.id}` }))
  .step('ship', async (as, o) => {
    ran('ship', as.key());
    await work(60);
    return { receipt: o.receipt, label: o.label, packed: as.state.packed as string[] };
  })
  .step('email', async (as, r) => {
    ran('email', as.key());
    await work(30);
    return { ...r, emailed: true };
  });
