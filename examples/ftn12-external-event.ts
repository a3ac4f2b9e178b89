/**
 * FTN12 style: waiting for an external event with a timeout and a cancel
 * handler. A payment confirmation arrives through an event emitter; the
 * step waits for it, gives up after a timeout, and unsubscribes on cancel.
 */
import { EventEmitter } from 'node:events';
import { $as, type AsyncSteps } from '../ftn12.js';

/** What one scenario observed. */
export interface EventScenario {
  readonly outcome: string;
  readonly listenersLeft: number;
}

function awaitConfirmation(bus: EventEmitter, orderId: string, timeoutMs: number): AsyncSteps {
  const root = $as();
  root.add(
    (as) => {
      const onConfirm = (id: string, amount: number): void => {
        if (id === orderId) {
          bus.off('confirmed', onConfirm);
          as.success(`confirmed ${id} for ${amount}`);
        }
      };
      bus.on('confirmed', onConfirm);
      as.setCancel(() => bus.off('confirmed', onConfirm));
      as.setTimeout(timeoutMs);
    },
    (as, code) => {
      if (code === 'Timeout') as.success(`no confirmation for ${orderId} within ${timeoutMs} ms`);
    },
  );
  return root;
}

/** Runs the three scenarios: event arrives, timeout, cancel. */
export async function main(log: (line: string) => void = console.log): Promise<EventScenario[]> {
  const bus = new EventEmitter();
  const results: EventScenario[] = [];

  const arrived = awaitConfirmation(bus, 'A-1', 200).promise();
  setTimeout(() => bus.emit('confirmed', 'A-1', 42), 5);
  results.push({ outcome: String(await arrived), listenersLeft: bus.listenerCount('confirmed') });

  const timedOut = awaitConfirmation(bus, 'B-2', 20).promise();
  results.push({ outcome: String(await timedOut), listenersLeft: bus.listenerCount('confirmed') });

  const root = awaitConfirmation(bus, 'C-3', 1_000);
  const cancelled = root.promise().catch((e: Error) => `cancelled: ${e.message}`);
  root.cancel();
  results.push({ outcome: String(await cancelled), listenersLeft: bus.listenerCount('confirmed') });

  for (const r of results) log(`  ${r.outcome} (listeners left: ${r.listenersLeft})`);
  return results;
}
