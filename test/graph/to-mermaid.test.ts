// DESIGN: Graph tools — toMermaid draws every construct; with a run trace it colours each node.
import { describe, expect, it } from 'vitest';
import { flow, slotType, run, toMermaid } from '../../index.js';
import type { FlowDefinition, FlowEvent } from '../../index.js';
import { sequenceNode } from '../../graph/nodes/sequence-node.js';
import { valueNode } from '../../graph/nodes/value-node.js';
import { boom, dbl, everything, inc, later } from './fixtures.js';
import { edgesFrom, idOf, parseDiagram, type ParsedDiagram } from './mermaid-parse.js';

const diagram = (f: FlowDefinition, trace?: readonly FlowEvent[]): ParsedDiagram => {
  const d = parseDiagram(toMermaid(f, trace));
  expect(d.header).toBe('flowchart TD');
  expect(d.unknown).toEqual([]);
  return d;
};

describe('toMermaid draws every construct', () => {
  const d = diagram(everything());
  const labels = [...d.nodes.values()];
  const titles = [...d.subgraphs.values()];

  it('start and end terminals; steps by step name, else by handler name', () => {
    expect(labels).toEqual(expect.arrayContaining(['start', 'end', 'validate', 'risky', 'dbl', 'sumAll', 'dblStep', 'later', 'readDb', 'readTenant']));
    expect(edgesFrom(d, 'flow_start')).toEqual([{ to: 'validate', label: undefined, dashed: false }]);
    expect(d.edges.some((e) => e.to === 'flow_end' && d.nodes.get(e.from) === 'finally: audit')).toBe(true);
  });

  it('a step onError as a dashed "error" edge', () => {
    expect(edgesFrom(d, idOf(d, 'risky'))).toContainEqual({ to: 'onError: recover', label: 'error', dashed: true });
  });

  it('parallel fan-out with record keys, and the join; the previous step leads into the fork', () => {
    const fork = idOf(d, 'parallel (concurrency 1)');
    expect(edgesFrom(d, fork).map((e) => e.label)).toEqual(['a', 'b']);
    expect(edgesFrom(d, fork).map((e) => e.to)).toEqual(['dbl', 'inc']);
    const join = idOf(d, 'join: all');
    expect(d.edges.filter((e) => e.to === join)).toHaveLength(2);
    expect(d.edges.some((e) => e.to === fork && d.nodes.get(e.from) === 'dbl')).toBe(true);
    for (const label of ['allSettled', 'race', 'any', 'join: all settled', 'join: first to settle', 'join: first success']) expect(labels).toContain(label);
  });

  it('map with its selector, each-item edge and ordered results', () => {
    const head = idOf(d, 'map: pair (concurrency 2)');
    expect(edgesFrom(d, head)).toEqual([{ to: 'dbl', label: 'each item', dashed: false }]);
    expect(labels).toContain('results in order');
  });

  it('choose with edges labelled by case key and otherwise', () => {
    expect(edgesFrom(d, idOf(d, 'choose: parity'))).toEqual([
      { to: 'inc', label: 'odd', dashed: false },
      { to: 'dbl', label: 'even', dashed: false },
      { to: 'later', label: 'otherwise', dashed: false },
    ]);
  });

  it('loops with a back edge labelled with the kind and label, and a done exit', () => {
    for (const [head, back] of [
      ['outer: loop', 'loop outer'],
      ['repeat 3 times', 'repeat'],
      ['count: repeat twice(input) times', 'repeat count'],
      ['each: forEach: pair', 'forEach each'],
    ] as const) {
      const id = idOf(d, head);
      expect(d.edges.find((e) => e.to === id && e.label === back)).toBeDefined();
      expect(edgesFrom(d, id).some((e) => e.label === 'done')).toBe(true);
    }
  });

  it('catch scopes as dashed edges labelled with codes', () => {
    const catches = d.edges.filter((e) => e.dashed && d.nodes.get(e.to)?.startsWith('catch: '));
    expect(catches.map((e) => [e.label, d.nodes.get(e.to)])).toEqual(
      expect.arrayContaining([
        ['Boom', 'catch: recover'],
        ['any error', 'catch: passOn'],
      ]),
    );
    for (const e of catches) expect(d.subgraphs.get(e.from)).toBe('try');
  });

  it('finally after its scope, also on error / cancel', () => {
    const fin = idOf(d, 'finally: audit');
    expect(d.edges.find((e) => e.to === fin && e.dashed)?.label).toBe('error / cancel');
  });

  it('timeouts, retries, sync sections, resources, context scopes and named flows as titled subgraphs', () => {
    expect(titles).toEqual(
      expect.arrayContaining([
        'everything',
        'timeout 5000 ms',
        'retry: backoff 0 ms ×2 ≤ 10 ms, jitter none',
        'retry: backoff 0 ms ×2 ≤ 30000 ms, jitter none',
        'sync: Mutex',
        'using: db',
        'with tenant = "fixed"',
        'with tenant = tenantOf(input)',
        'sub',
        'inner',
      ]),
    );
    const retries = d.edges.filter((e) => d.nodes.get(e.to) === 'retry: 2 attempts');
    expect(retries.map((e) => [d.subgraphs.get(e.from)?.slice(0, 6), e.label, e.dashed])).toEqual(
      expect.arrayContaining([
        ['retry:', 'Boom', true],
        ['retry:', 'error if isBoom', true],
      ]),
    );
    for (const e of retries) expect(edgesFrom(d, e.to)).toEqual([{ to: 'validate', label: undefined, dashed: true }]);
  });

  it('slots and value nodes', () => {
    const tpl = diagram(flow<number>().step(inc).slot('pay', slotType<number, number>()));
    expect([...tpl.nodes.values()]).toContain('slot: pay');
    const def: FlowDefinition = { graph: sequenceNode([valueNode([1, 'a'])]), name: undefined, slots: [], inputSchema: undefined };
    expect([...diagram(def).nodes.values()]).toContain('value [1,"a"]');
  });

  it('an empty flow is start → empty → end', () => {
    const e = diagram(flow<number>());
    expect(edgesFrom(e, 'flow_start')).toEqual([{ to: 'empty', label: undefined, dashed: false }]);
  });

  it('escapes quotes, brackets, pipes and other markup in labels', () => {
    const name = 'say "hi" [x] (y) {z} <b> #1 | `c` & \'q\'';
    const text = toMermaid(flow<number>(name).step(name, inc).parallel({ [name]: dbl }));
    const line = text.split('\n').find((l) => l.includes('#34;hi#34;') && !l.includes('subgraph'))!;
    expect(line).toMatch(/^\s*\w+\["[^"[\](){}<>|`'&]*"\]$/);
    const d2 = diagram(flow<number>(name).step(name, inc).parallel({ [name]: dbl }));
    expect([...d2.nodes.values()]).toContain(name);
    expect([...d2.subgraphs.values()]).toContain(name);
    expect(d2.edges.some((e) => e.label === name)).toBe(true);
  });

  it('does not grow the stack with very deep graphs', () => {
    let f = flow<number>().step(inc);
    for (let i = 0; i < 5_000; i++) f = f.timeout(1000);
    const text = toMermaid(f);
    expect(text).toContain('deeper levels not drawn');
  });
});

describe('toMermaid with a run trace', () => {
  async function traced(f: FlowDefinition, input: unknown): Promise<ParsedDiagram> {
    const trace: FlowEvent[] = [];
    await run(f as never, input, { onEvent: (e) => trace.push(e) }).then(
      () => undefined,
      () => undefined,
    );
    return diagram(f, trace);
  }

  it('colours succeeded, failed, cancelled and not reached nodes', async () => {
    const slow = async function slow(as: unknown, x: number) {
      await new Promise((r) => setTimeout(r, 20));
      return x;
    };
    const f = flow<number>('traced').step('first', inc).race([slow, later]).step('second', boom).step('third', inc);
    const d = await traced(f, 1);
    expect([...d.classDefs.keys()].sort()).toEqual(['cancelled', 'failed', 'notReached', 'started', 'succeeded']);
    expect(d.classes.get(idOf(d, 'first'))).toBe('succeeded');
    expect(d.classes.get(idOf(d, 'later'))).toBe('succeeded');
    expect(d.classes.get(idOf(d, 'slow'))).toBe('cancelled');
    expect(d.classes.get(idOf(d, 'second'))).toBe('failed');
    expect(d.classes.get(idOf(d, 'third'))).toBe('notReached');
    expect(d.classes.get(idOf(d, 'traced'))).toBe('failed');
    expect(d.classes.get(idOf(d, 'race'))).toBe('succeeded');
  });

  it('colours the occurrences of a shared sub-flow alike', async () => {
    const shared = flow<number>('shared').step('inner', inc);
    const f = flow<number>().step(shared).step(shared);
    const d = await traced(f, 1);
    const ids = [...d.subgraphs].filter(([, t]) => t === 'shared').map(([id]) => id);
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(d.classes.get(id)).toBe('succeeded');
  });

  it('a step left by break is "succeeded" (it ended with the loop control it asked for); without a trace there are no classes', async () => {
    const stop = function stop(as: any) {
      as.break();
    };
    const d = await traced(flow<number>().loop(stop), 1);
    expect(d.classes.get(idOf(d, 'stop'))).toBe('succeeded');
    const plain = diagram(flow<number>().loop(stop));
    expect(plain.classDefs.size).toBe(0);
    expect(plain.classes.size).toBe(0);
  });

  it('refuses a trace that is not an array', () => {
    expect(() => toMermaid(flow<number>().step(inc), {} as never)).toThrow(TypeError);
  });
});
