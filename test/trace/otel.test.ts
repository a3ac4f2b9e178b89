import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { flow, run } from '../../index.js';
import { otelListener } from '../../otel.js';
import { createTestScheduler } from '../../testing.js';

function setup() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { exporter, tracer: provider.getTracer('stepflow-test') };
}

describe('stepflow/otel', () => {
  it('turns a run into nested spans: one per step, parent = enclosing step', async () => {
    const { exporter, tracer } = setup();
    const clock = createTestScheduler();
    const inner = flow<number>('inner').step('double', (as, n) => n * 2);
    const f = flow<number>('main').step('inc', (as, n) => n + 1).step(inner);
    expect(await run(f, 1, { scheduler: clock, onEvent: otelListener(tracer, { timeOrigin: 1_000_000 }) })).toBe(4);
    const spans = exporter.getFinishedSpans();
    const byName = (n: string) => spans.find((s) => s.name === n)!;
    expect(spans.map((s) => s.name)).toEqual(expect.arrayContaining(['main', 'inc', 'inner', 'double']));
    const id = (n: string) => byName(n).spanContext().spanId;
    const parentOf = (n: string) => byName(n).parentSpanContext?.spanId;
    expect(parentOf('inc')).toBe(id('main'));
    expect(parentOf('inner')).toBe(id('main'));
    expect(parentOf('double')).toBe(id('inner'));
    expect(byName('main').spanContext().traceId).toBe(byName('double').spanContext().traceId);
    expect(byName('inc').status.code).toBe(SpanStatusCode.OK);
    expect(byName('inc').attributes['stepflow.path']).toBe('main');
  });

  it('one listener serves concurrent runs: each run gets its own, correctly nested spans', async () => {
    const { exporter, tracer } = setup();
    const onEvent = otelListener(tracer);
    const slow = (ms: number) => (as: unknown, n: number) => new Promise<number>((r) => setTimeout(() => r(n), ms));
    const a = flow<number>('A').step('a1', slow(5)).step('a2', slow(15));
    const b = flow<number>('B').step('b1', slow(10)).step('b2', slow(5));
    await Promise.all([run(a, 1, { onEvent }), run(b, 2, { onEvent })]);
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name).sort()).toEqual(['A', 'B', 'a1', 'a2', 'b1', 'b2']);
    const byName = (n: string) => spans.find((s) => s.name === n)!;
    for (const [child, parent] of [['a1', 'A'], ['a2', 'A'], ['b1', 'B'], ['b2', 'B']] as const) {
      expect(byName(child).parentSpanContext?.spanId).toBe(byName(parent).spanContext().spanId);
      expect(byName(child).attributes['stepflow.run']).toBe(byName(parent).attributes['stepflow.run']);
    }
    expect(byName('A').attributes['stepflow.run']).not.toBe(byName('B').attributes['stepflow.run']);
  });

  it('records failures, cancels and retries', async () => {
    const { exporter, tracer } = setup();
    const clock = createTestScheduler();
    let tries = 0;
    const f = flow<number>('main')
      .step('flaky', () => {
        if (++tries < 2) throw new Error('boom');
        return 1;
      })
      .retry({ attempts: 2, backoff: { initialMs: 1, jitter: 'none' } })
      .step<number>('hang', (as) => {
        as.waitExternal();
      });
    const exec = run(f, 0, { scheduler: clock, onEvent: otelListener(tracer) });
    await clock.advance(1);
    exec.cancel();
    await expect(exec).rejects.toMatchObject({ code: 'Cancelled' });
    const spans = exporter.getFinishedSpans();
    const flaky = spans.filter((s) => s.name === 'flaky');
    expect(flaky.map((s) => s.status.code)).toEqual([SpanStatusCode.ERROR, SpanStatusCode.OK]);
    expect(flaky[0]!.events.some((e) => e.name === 'exception')).toBe(true);
    expect(spans.find((s) => s.name === 'hang')!.attributes['stepflow.cancelled']).toBe(true);
    expect(spans.some((s) => s.events.some((e) => e.name === 'retry'))).toBe(true);
  });
});

describe('otelListener arguments', () => {
  it('refuses a missing or wrong tracer and bad options at the call, with a TypeError naming them', () => {
    expect(() => otelListener(undefined as never)).toThrow(/otelListener\(\): tracer must be an OpenTelemetry Tracer.*got undefined/);
    expect(() => otelListener({} as never)).toThrow(/tracer must be/);
    const { tracer } = setup();
    expect(() => otelListener(tracer, null as never)).toThrow(/options must be an object, got null/);
    expect(() => otelListener(tracer, { timeOrigin: 'now' as never })).toThrow(/options\.timeOrigin must be a finite number/);
    expect(() => otelListener(tracer, { unnamed: 'x' as never })).toThrow(/options\.unnamed must be a function/);
    expect(() => otelListener(tracer, { attributes: 5 as never })).toThrow(/options\.attributes must be an object/);
    expect(() => otelListener(tracer, { atributes: {} } as never)).toThrow(/unknown option 'atributes' \(known: unnamed, timeOrigin, attributes\)/);
    expect(typeof otelListener(tracer, { timeOrigin: 0, attributes: { a: 1 }, unnamed: () => 'x' })).toBe('function');
  });
});
