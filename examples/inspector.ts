/**
 * The flow inspector on a real run: a checkout whose payment times out,
 * is retried, is declined and is recovered by the compensation handler,
 * run with value capture and written as one self-contained HTML page
 * (open it in any browser, straight from disk).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createTrace, run, toHtml } from '../index.js';
import { checkoutFlow, makeGateway, type CheckoutResult, type Order } from './checkout.js';

/** Runs the declined checkout, writes the report; returns its path and the run's result. */
export async function main(log: (line: string) => void = console.log, dir = 'demo-output'): Promise<{ path: string; result: CheckoutResult }> {
  const out = resolve(dir);
  mkdirSync(out, { recursive: true });
  const order: Order = { id: 'o2', sku: 'book', qty: 1, cardOk: false };
  const checkout = checkoutFlow(makeGateway(), new Map([['book', 5]]));
  const trace = createTrace();
  const result = await run(checkout, order, { state: { order }, onEvent: trace.onEvent, capture: { values: true } });
  const path = join(out, 'checkout-inspector.html');
  writeFileSync(path, toHtml(checkout, trace.events));
  log(`  ${order.id}: ${JSON.stringify(result)}`);
  log(`  payment timed out, was retried, was declined and compensated; ${trace.events.length} events`);
  log(`  inspector: ${path}`);
  log(`  open ${pathToFileURL(path).href}`);
  return { path, result };
}
