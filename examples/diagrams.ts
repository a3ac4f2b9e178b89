/**
 * Graph tools on the example flows: each flow's diagram, its JSON document,
 * and one real checkout run drawn as a coloured diagram and a timeline —
 * written as Mermaid (.mmd) and JSON files into a demo output folder.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createTrace, run, toGantt, toJSON, toMermaid } from '../index.js';
import { checkoutFlow, makeGateway } from './checkout.js';
import { notifyTemplate } from './template.js';

/** Writes the files; returns their paths. */
export async function main(log: (line: string) => void = console.log, dir = 'demo-output'): Promise<string[]> {
  const out = resolve(dir);
  mkdirSync(out, { recursive: true });
  const written: string[] = [];
  const write = (name: string, text: string): void => {
    const path = join(out, name);
    writeFileSync(path, text);
    written.push(path);
  };
  const stock = new Map([['book', 5]]);
  const checkout = checkoutFlow(makeGateway(), stock);
  write('checkout.mmd', toMermaid(checkout));
  write('notify-template.mmd', toMermaid(notifyTemplate));
  write('notify-template.json', JSON.stringify(toJSON(notifyTemplate), null, 2));

  const trace = createTrace();
  const order = { id: 'o1', sku: 'book', qty: 2, cardOk: true };
  await run(checkout, order, { state: { order }, onEvent: trace.onEvent });
  write('checkout-run.mmd', toMermaid(checkout, trace.events));
  write('checkout-timeline.mmd', toGantt(trace.spans(), 'checkout o1'));
  log(`  wrote ${written.length} files to ${out}:`);
  for (const path of written) log(`    ${path}`);
  return written;
}
