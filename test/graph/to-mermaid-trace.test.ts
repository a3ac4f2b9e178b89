// DESIGN: Graph tools — toMermaid marks the recovery path, greys unreached paths and draws steps added at run time.
import { describe, expect, it } from 'vitest';
import { Errors, flow, run, toMermaid } from '../../index.js';
import type { FlowDefinition, FlowEvent } from '../../index.js';
import { checkoutFlow, makeGateway, type Order } from '../../examples/checkout.js';
import { edgesFrom, idOf, parseDiagram, type ParsedDiagram } from './mermaid-parse.js';
import { nodeIds } from '../../graph/node-ids.js';

const diagram = (f: FlowDefinition, trace?: readonly FlowEvent[]): ParsedDiagram => {
  const d = parseDiagram(toMermaid(f, trace));
  expect(d.unknown).toEqual([]);
  return d;
};

async function traced(f: FlowDefinition, input: unknown, state?: object): Promise<ParsedDiagram> {
  const trace: FlowEvent[] = [];
  await run(f as never, input, { onEvent: (e) => trace.push(e), ...(state === undefined ? {} : { state }) }).then(
    () => undefined,
    () => undefined,
  );
  return diagram(f, trace);
}

/** Whether the edge into the element labelled `label` is greyed. */
const greyedInto = (d: ParsedDiagram, label: string): boolean[] =>
  d.edges.flatMap((e, i) => (e.to === idOf(d, label) ? [d.linkStyles.get(i)?.includes('stroke-dasharray') === true] : []));

type Fail = { error(code: string, info?: string): never };
const fails = (as: Fail): never => as.error('Boom', 'it broke');

describe('the recovery path', () => {
  const f = flow<number>('r')
    .step('risky', fails, function onErr() {})
    .retry({ attempts: 2, backoff: { initialMs: 0, factor: 1, maxMs: 0, jitter: 'none' } })
    .catch('Boom', function recover() {
      return 1;
    })
    .finally(function audit() {});

  it('without a trace: catch, finally, onError and retry handlers have the recovery class and dashed edges in', () => {
    const d = diagram(f);
    for (const label of ['catch: recover', 'finally: audit', 'onError: onErr', 'retry: 2 attempts']) {
      expect(d.classes.get(idOf(d, label)), label).toBe('recovery');
      expect(d.edges.some((e) => e.to === idOf(d, label) && e.dashed)).toBe(true);
    }
    expect(d.classDefs.get('recovery')).toContain('stroke-dasharray');
    expect([...d.classDefs.keys()]).toEqual(['recovery']);
    expect(d.linkStyles.size).toBe(0);
  });

  it('with a trace: each handler coloured by whether it ran and how', async () => {
    const d = await traced(f, 1);
    expect(d.classes.get(idOf(d, 'catch: recover'))).toBe('recovery_succeeded');
    expect(d.classes.get(idOf(d, 'finally: audit'))).toBe('recovery_succeeded');
    expect(d.classes.get(idOf(d, 'onError: onErr'))).toBe('recovery_failed');
    expect(d.classes.get(idOf(d, 'retry: 2 attempts'))).toBe('recovery_failed');
    expect(d.classDefs.get('recovery_succeeded')).toContain('stroke-dasharray');
    expect(greyedInto(d, 'catch: recover')).toEqual([false]);
  });

  it('an unused catch is not reached, and the edge into it is greyed', async () => {
    const ok = flow<number>('ok')
      .step('fine', (as, x) => x)
      .catch(function recover() {
        return 0;
      });
    const d = await traced(ok, 1);
    expect(d.classes.get(idOf(d, 'catch: recover'))).toBe('recovery_notReached');
    expect(greyedInto(d, 'catch: recover')).toEqual([true]);
    expect(d.classes.get(idOf(d, 'fine'))).toBe('succeeded');
  });

  it('a choose: the case not taken is not reached and greyed, the taken one is not', async () => {
    const c = flow<number>().choose(function parity(x: number) {
      return x % 2 === 0 ? 'even' : 'odd';
    }, { even: flow<number>().step('half', (as, x) => x / 2), odd: flow<number>().step('triple', (as, x) => x * 3) });
    const d = await traced(c, 4);
    expect(d.classes.get(idOf(d, 'triple'))).toBe('notReached');
    expect(greyedInto(d, 'triple')).toEqual([true]);
    expect(greyedInto(d, 'half')).toEqual([false]);
  });
});

describe('steps added at run time', () => {
  it('an as.run sub-flow is drawn under the step that ran it, nested as it ran and coloured', async () => {
    const order: Order = { id: 'o9', sku: 'book', qty: 1, cardOk: false };
    const checkout = checkoutFlow(makeGateway(), new Map([['book', 2]]));
    const d = await traced(checkout, order, { order });
    const pay = idOf(d, 'pay');
    const [ran] = edgesFrom(d, pay).filter((e) => e.label === 'ran');
    expect(ran).toEqual({ to: 'at run time', label: 'ran', dashed: true });
    expect(d.subgraphs.get(`${pay}_rt`)).toBe('at run time');
    for (const [label, cls] of [
      ['charge (run time)', 'failed'],
      ['retry (run time)', 'failed'],
      ['timeout (run time)', 'failed'],
      ['gateway (run time)', 'failed'],
    ] as const)
      expect(d.classes.get(idOf(d, label)), label).toBe(cls);
    expect(d.classes.get(idOf(d, 'catch: anonymous'))).toBe('recovery_succeeded');
    // Without the trace none of it is drawn.
    expect([...diagram(checkout).subgraphs.values()]).not.toContain('at run time');
  });

  it('steps added with as.add nest as they ran, under a catch handler too', async () => {
    const f = flow<number>()
      .step('adder', (as: { add(fn: (as: { add(fn: () => void): void }) => void): void }) => {
        as.add(function first(as2) {
          as2.add(function inner() {});
        });
      })
      .step('fail', fails)
      .catch(function retryLater(as: { add(fn: () => number): void }) {
        as.add(function fallback() {
          return 0;
        });
      });
    const d = await traced(f, 1);
    const at = d.edges.filter((e) => e.label === 'ran').map((e) => d.nodes.get(e.from));
    expect(at).toEqual(['adder', 'catch: retryLater']);
    const first = idOf(d, 'first (run time)');
    expect(d.subgraphs.get(first)).toBe('first (run time)');
    expect(d.nodes.get(idOf(d, 'inner (run time)'))).toBe('inner (run time)');
    expect(toMermaid(f, [])).not.toContain('run time');
    for (const label of ['first (run time)', 'inner (run time)', 'fallback (run time)']) expect(d.classes.get(idOf(d, label)), label).toBe('succeeded');
  });

  it('a trace without span numbers or times still colours nodes', () => {
    const f = flow<number>().step('a', (as, x) => x).catch(Errors.Timeout, function c() {});
    const ids = nodeIds(f.graph);
    const [catchId, stepId] = [...ids].filter(([n]) => n.kind === 'catch' || n.kind === 'step').map(([, id]) => id);
    const d = diagram(f, [
      { type: 'start', node: catchId, span: 0, path: [], time: 0 },
      { type: 'start', node: stepId, path: [] },
      { type: 'success', node: stepId, path: [] },
    ] as never);
    expect(d.classes.get(idOf(d, 'a'))).toBe('succeeded');
    expect(d.classes.get(idOf(d, 'catch: c'))).toBe('recovery_notReached');
  });
});
