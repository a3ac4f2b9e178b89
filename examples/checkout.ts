/**
 * Order checkout: validate, reserve stock, charge with a payment timeout
 * and retries, and compensate (release the reservation, queue for manual
 * review) when the payment finally fails.
 */
import { flow, run, Errors, type FlowFailure } from '../index.js';

/** An order. */
export interface Order {
  readonly id: string;
  readonly sku: string;
  readonly qty: number;
  readonly cardOk: boolean;
}

/** The checkout result. */
export type CheckoutResult = { readonly status: 'paid'; readonly receipt: string; readonly attempts: number } | { readonly status: 'review'; readonly reason: string; readonly released: boolean };

/** A tiny fake payment gateway: slow on the first try, then answers. */
export function makeGateway() {
  let calls = 0;
  return {
    calls: () => calls,
    charge(order: Order, done: (err: Error | null, receipt?: string) => void): () => void {
      calls++;
      const delay = calls === 1 ? 200 : 5;
      const timer = setTimeout(() => (order.cardOk ? done(null, `rcpt-${order.id}`) : done(new Error('card declined'))), delay);
      return () => clearTimeout(timer);
    },
  };
}

/** Builds the checkout flow over a gateway and a stock ledger. */
export function checkoutFlow(gateway: ReturnType<typeof makeGateway>, stock: Map<string, number>) {
  const reserve = flow<Order>('reserve').step('reserve', (as, order) => {
    const left = stock.get(order.sku) ?? 0;
    if (left < order.qty) as.error('OutOfStock', `${order.sku}: ${left} left`);
    stock.set(order.sku, left - order.qty);
    return order;
  });
  const charge = flow<Order>('charge')
    .step<string>('gateway', (as, order) => {
      const abort = gateway.charge(order, (err, receipt) => (err ? as.error('PaymentFailed', err.message) : as.success(receipt!)));
      as.setCancel(abort);
    })
    .timeout(50)
    .retry({ attempts: 3, backoff: { initialMs: 10, factor: 2, maxMs: 100, jitter: 'none' }, retryOn: [Errors.Timeout] });
  return flow<Order>('checkout')
    .step('validate', (as, order) => {
      if (order.qty <= 0) as.error(Errors.InvalidRequest, 'qty must be positive');
      return order;
    })
    .step(reserve)
    .step('pay', (as, order) => as.run(charge, order))
    .step((as, receipt): CheckoutResult => ({ status: 'paid', receipt, attempts: gateway.calls() }))
    .catch('PaymentFailed', (as, err: FlowFailure): CheckoutResult => {
      const order = as.state.order as Order;
      stock.set(order.sku, (stock.get(order.sku) ?? 0) + order.qty);
      return { status: 'review', reason: String(err.info), released: true };
    });
}

/** Runs a successful checkout (after a payment timeout and a retry) and a declined one. */
export async function main(log: (line: string) => void = console.log): Promise<{ results: CheckoutResult[]; stockLeft: number }> {
  const stock = new Map([['book', 5]]);
  const results: CheckoutResult[] = [];
  for (const order of [
    { id: 'o1', sku: 'book', qty: 2, cardOk: true },
    { id: 'o2', sku: 'book', qty: 1, cardOk: false },
  ]) {
    const result = await run(checkoutFlow(makeGateway(), stock), order, { state: { order }, timeout: 2_000 });
    log(`  ${order.id}: ${JSON.stringify(result)}`);
    results.push(result);
  }
  log(`  stock left: ${stock.get('book')}`);
  return { results, stockLeft: stock.get('book')! };
}
