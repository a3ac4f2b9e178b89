// Node ids follow the path of the run, not only the node: every as.run / as.add addition of a step has
// its own id, and a flow used at two places of a graph has one id per place, as the diagrams draw it.
import { describe, expect, it } from 'vitest';
import { createTrace, flow, run, toMermaid, type FlowEvent } from '../../index.js';
import type { FlowDefinition } from '../../typings/flow-types.js';
import { traceSpans } from '../../graph/diagram/trace-spans.js';
import { inspectData } from '../../graph/inspect/inspect-model.js';
import { parseDiagram } from '../graph/mermaid-parse.js';

async function eventsOf(f: FlowDefinition, input: unknown): Promise<FlowEvent[]> {
  const trace = createTrace();
  await run(f as never, input, { onEvent: trace.onEvent }).then(
    () => undefined,
    () => undefined,
  );
  return [...trace.events];
}

/** Node id of each started label, in start order. */
const started = (events: readonly FlowEvent[]): Array<[string, string]> => events.filter((e) => e.type === 'start').map((e) => [e.label ?? '', e.node]);

describe('steps added at run time', () => {
  const subA = flow<number>('subA').step('a1', (as, x) => x + 1);
  const subB = flow<number>('subB')
    .step('b1', (as, x) => x)
    .step('b2', (as, x) => x);

  it('two awaited as.run calls of one step get ids P>0 and P>1, their steps below each', async () => {
    const f = flow<number>('main').step('aw', async (as, x) => {
      const a = await as.run(subA, x);
      return await as.run(subB, a);
    });
    const events = await eventsOf(f, 1);
    const step = events.find((e) => e.name === 'aw')!.node;
    expect(started(events).filter(([, id]) => id.startsWith(`${step}>`))).toEqual([
      ['main > aw > subA', `${step}>0`],
      ['main > aw > subA > a1', `${step}>0.0.0`],
      ['main > aw > subB', `${step}>1`],
      ['main > aw > subB > b1', `${step}>1.0.0`],
      ['main > aw > subB > b2', `${step}>1.0.1`],
    ]);
    // Each sub-flow is drawn in a box of its own, with its own steps.
    const d = parseDiagram(toMermaid(f, events));
    const boxes = [...d.subgraphs].filter(([, t]) => /^sub[AB] /.test(t));
    expect(boxes.map(([, t]) => t)).toEqual(['subA (run time)', 'subB (run time)']);
    expect([...d.nodes.values()].filter((l) => / \(run time\)$/.test(l))).toEqual(['a1 (run time)', 'b1 (run time)', 'b2 (run time)']);
  });

  it('awaited runs and as.add additions of one step are numbered together, in the order they ran', async () => {
    const f = flow<number>('main').step('mix', async (as: any, x: number) => {
      await as.run(subA, x);
      as.add(function added(as2: any) {
        as2.success(x);
      });
      return as.run(subB, x);
    });
    const events = await eventsOf(f, 1);
    const step = events.find((e) => e.name === 'mix')!.node;
    const tops = started(events).filter(([, id]) => new RegExp(`^${step.replace(/\./g, '\\.')}>\\d+$`).test(id));
    // The returned run is awaited by the async handler's return (it is a thenable), so it runs before the added step.
    expect(tops).toEqual([
      ['main > mix > subA', `${step}>0`],
      ['main > mix > subB', `${step}>1`],
      ['main > mix > added', `${step}>2`],
    ]);
  });
});

describe('a flow used at two places', () => {
  const shared = flow<number>('shared').step('inc', (as, x) => {
    if (x > 1) as.error('Big');
    return x + 1;
  });

  it('has one id per place: events, toMermaid and the inspector agree on which use failed', async () => {
    const f = flow<number>('m').step(shared).step(shared).catch(() => 0);
    const events = await eventsOf(f, 1);
    const uses = events.filter((e) => e.type !== 'start' && e.label === 'm > shared');
    expect(uses.map((e) => e.type)).toEqual(['success', 'error']);
    expect(uses[0]!.node).not.toBe(uses[1]!.node);
    const d = parseDiagram(toMermaid(f, events));
    const boxes = [...d.subgraphs].filter(([, t]) => t === 'shared').map(([id]) => d.classes.get(id));
    expect(boxes).toEqual(['succeeded', 'failed']);
    const steps = [...d.nodes].filter(([, l]) => l === 'inc').map(([id]) => d.classes.get(id));
    expect(steps).toEqual(['succeeded', 'failed']);
    const page = inspectData('t', f.graph, traceSpans(events, 'test'), events.length);
    const shown = page.boxes.filter((b) => b.kind === 'embed' && b.title === 'shared');
    expect(shown.map((b) => b.status)).toEqual(['succeeded', 'failed']);
    expect(shown[0]!.id).toBe(uses[0]!.node);
    expect(shown[1]!.id).toBe(uses[1]!.node);
  });

  it('as two parallel branches: one id per branch', async () => {
    const f = flow<number>('p').parallel([shared, shared]);
    const events = await eventsOf(f, 1);
    const ids = events.filter((e) => e.type === 'start' && e.label?.endsWith('> inc')).map((e) => e.node);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    const d = parseDiagram(toMermaid(f, events));
    expect([...d.nodes].filter(([, l]) => l === 'inc').map(([id]) => d.classes.get(id))).toEqual(['succeeded', 'succeeded']);
  });

  it('a flow that is the body of two choose cases is coloured at the case that ran, and otherwise at its own place', async () => {
    const h = flow<string>('h').step('work', (as, x) => x);
    const f = flow<string>('c').choose((x) => x, { a: h, b: h }, h);
    for (const [input, at] of [
      ['b', 1],
      ['z', 2],
    ] as const) {
      const events = await eventsOf(f, input);
      const d = parseDiagram(toMermaid(f, events));
      const works = [...d.nodes].filter(([, l]) => l === 'work').map(([id]) => d.classes.get(id));
      expect(works.map((c, i) => (i === at ? c === 'succeeded' : c === 'notReached'))).toEqual([true, true, true]);
    }
  });
});
