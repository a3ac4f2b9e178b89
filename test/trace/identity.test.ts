// Readable identity: FlowError.steps and event labels say where in words —
// step names, [2] / .key for parallel branches, #17 for loop iterations and
// map items — and OpenTelemetry spans are named by their steps.
import { describe, it, expect } from 'vitest';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { flow, run, type FlowEvent } from '../../index.js';
import { $as } from '../../ftn12.js';
import { otelListener } from '../../otel.js';
import { failure } from '../helpers.js';

const fails = (code: string) => (as: { error(c: string): never }) => as.error(code);

describe('FlowError.steps names branches and iterations', () => {
  it('a record branch is .key, an array branch [i]', async () => {
    const record = flow<number>('load').parallel({ user: flow<number>().step('getUser', (as, n) => n), orders: flow<number>().step('getOrders', fails('OrdersDown')) });
    expect((await failure(run(record, 1))).steps).toEqual(['load', '.orders', 'getOrders']);
    const list = flow<number>('both').parallel([flow<number>().step('a', (as, n) => n), flow<number>().step('b', fails('BDown'))]);
    expect((await failure(run(list, 1))).steps).toEqual(['both', '[1]', 'b']);
  });

  it('a map item and a loop iteration are #index', async () => {
    const mapped = flow<number[]>('each').map((xs) => xs, flow<number>().step('check', (as, n) => (n === 3 ? as.error('Bad') : n)));
    expect((await failure(run(mapped, [1, 2, 3, 4]))).steps).toEqual(['each', '#2', 'check']);
    const looped = flow<number>('again').repeat(5, (as, i) => {
      if (i === 3) as.error('Third');
    });
    expect((await failure(run(looped, 0))).steps).toEqual(['again', '#3']);
    const nested = flow<number>('grid').repeat(3, flow<number>().repeat(2, flow<number>().step('cell', (as, n) => n)).step('after', fails('Row')));
    expect((await failure(run(nested, 0))).steps).toEqual(['grid', '#0', 'after']);
  });

  it('FTN12 parallel branches are [i] too', async () => {
    let steps: readonly string[] = [];
    await $as()
      .add(
        (as) => {
          as.parallel()
            .add((as) => as.success())
            .add((as) => as.error('Second'));
        },
        (as) => {
          steps = (as.state.last_exception as { steps: readonly string[] }).steps;
          as.success();
        },
      )
      .promise();
    expect(steps).toEqual(['[1]']);
  });
});

describe('event labels', () => {
  it('say where each node is, in words, outermost first', async () => {
    const events: FlowEvent[] = [];
    const charge = flow<number>('charge').step('gateway', (as, n) => n);
    const f = flow<number>('checkout').step('pay', flow<number>().parallel([flow<number>().step('hold', (as, n) => n), charge]));
    await run(f, 1, { onEvent: (e) => events.push(e) });
    const labels = events.filter((e) => e.type === 'start').map((e) => e.label);
    expect(labels).toContain('checkout > pay > parallel');
    expect(labels).toContain('checkout > pay > [0] > hold');
    expect(labels).toContain('checkout > pay > [1] > charge');
    expect(labels).toContain('checkout > pay > [1] > charge > gateway');
    const gateway = events.find((e) => e.name === 'gateway')!;
    expect(gateway.path).toEqual(['checkout', 'pay', 'charge']);
  });

  it('name unnamed nodes by their handler or their kind, and iterations by #i', async () => {
    const events: FlowEvent[] = [];
    function validate(as: unknown, n: number) {
      return n;
    }
    const f = flow<number>('job').step(validate).repeat(2, (as, i) => i).retry({ attempts: 1 });
    await run(f, 1, { onEvent: (e) => events.push(e) });
    const labels = events.filter((e) => e.type === 'start').map((e) => e.label);
    expect(labels).toEqual(expect.arrayContaining(['job > retry', 'job > validate', 'job > repeat', 'job > #0 > step', 'job > #1 > step']));
  });

  it('give nodes added at run time ids below their step, as deep as as.run nests', async () => {
    const events: FlowEvent[] = [];
    const leaf = flow<number>('leaf').step('deep', (as, n) => n);
    const middle = flow<number>('middle').step('call-leaf', async (as, n) => (await as.run(leaf, n)) + 1);
    const f = flow<number>('top').step('call-middle', (as, n) => as.run(middle, n));
    expect(await run(f, 1, { onEvent: (e) => events.push(e) })).toBe(2);
    const deep = events.find((e) => e.name === 'deep' && e.type === 'success');
    expect(deep?.node).toMatch(/^0(\.\d+)*>0(\.\d+)*>0(\.\d+)*$/);
    expect(deep?.label).toBe('top > call-middle > middle > call-leaf > leaf > deep');
  });
});

describe('OpenTelemetry span names', () => {
  it('are the step names; unnamed nodes get their handler name or kind, never a node id', async () => {
    const exporter = new InMemorySpanExporter();
    const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer('t');
    const f = flow<number>('saga')
      .step('reserve', (as, n) => n)
      .parallel([flow<number>().step('a', (as, n) => n), (as: unknown, n: number) => n])
      .timeout(1_000);
    await run(f, 1, { onEvent: otelListener(tracer) });
    const names = exporter.getFinishedSpans().map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['saga', 'reserve', 'a', 'parallel', 'timeout']));
    expect(names.some((n) => n.startsWith('stepflow '))).toBe(false);
    const a = exporter.getFinishedSpans().find((s) => s.name === 'a')!;
    expect(a.attributes['stepflow.label']).toBe('saga > [0] > a');
  });
});
