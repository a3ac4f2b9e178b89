// Every span a run starts gets exactly one outcome event (success, error or cancel), so trace spans
// and OpenTelemetry spans all end: frames left by break / continue, and a finally that throws on a cancel.
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it, vi } from 'vitest';
import { createTrace, Errors, flow, FlowError, run, type Flow, type FlowEvent } from '../../index.js';
import { otelListener } from '../../otel.js';
import { createTestScheduler } from '../../testing.js';

const TERMINAL = new Set(['success', 'error', 'cancel']);

/** Spans started and, per span, how many outcome events it got. */
function outcomes(events: readonly FlowEvent[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const e of events) {
    if (e.type === 'start') out.set(e.span, 0);
    else if (TERMINAL.has(e.type)) out.set(e.span, (out.get(e.span) ?? 0) + 1);
  }
  return out;
}

/** A tracer that counts the spans started and not yet ended. */
function countingTracer() {
  const c = { open: 0 };
  const tracer = {
    startSpan() {
      c.open++;
      let done = false;
      return {
        end() {
          if (!done) c.open--;
          done = true;
        },
        setStatus() {},
        setAttribute() {},
        recordException() {},
        addEvent() {},
      };
    },
  };
  return { c, tracer: tracer as never };
}

describe('frames left by break / continue', () => {
  const inner = flow<number>('inner')
    .step('first', (as, n) => n)
    .step('leave', (as: any, n) => (n > 0 ? as.break() : as.continue()));
  const cases: Array<[string, Flow<number, number>]> = [
    ['loop + break', flow<number>('L').loop((as) => void as.break())],
    ['repeat + continue', flow<number>('R').repeat(3, (as) => void as.continue())],
    ['forEach + continue', flow<number>('E').forEach(() => [1, 2], (as) => void as.continue())],
    ['embedded flow body, through nested steps', flow<number>('F').repeat(2, inner)],
    ['break from a sub-step, labelled, through an inner loop', flow<number>('N').loop(flow<number>().repeat(2, (as: any) => void as.break('outer')), { label: 'outer' })],
  ];
  for (const [what, f] of cases) {
    it(`${what}: every started span gets exactly one outcome, a success`, async () => {
      const trace = createTrace();
      await run(f, 1, { onEvent: trace.onEvent, capture: { values: true } });
      const counts = outcomes(trace.events);
      expect(counts.size).toBeGreaterThan(2);
      for (const [span, n] of counts) expect([span, n]).toEqual([span, 1]);
      expect(trace.spans().filter((s) => s.status !== 'succeeded')).toEqual([]);
      // A frame left by loop control has no output of its own.
      const left = trace.events.filter((e) => e.type === 'success' && /> (step|leave)$/.test(e.label ?? ''));
      expect(left.length).toBeGreaterThan(0);
      for (const e of left) expect(e.output).toBeUndefined();
    });
  }

  it('a break no loop takes fails the frames it leaves, with the LoopBreak the run fails with', async () => {
    const trace = createTrace();
    const f = flow<number>('m').loop(flow<number>('in').step('s', (as: any) => void as.break('nope')), { label: 'x' });
    const err = (await run(f, 1, { onEvent: trace.onEvent }).then(undefined, (e: FlowError) => e)) as FlowError;
    expect(err.code).toBe(Errors.LoopBreak);
    for (const [span, n] of outcomes(trace.events)) expect([span, n]).toEqual([span, 1]);
    expect(trace.spans().map((s) => [s.label, s.status, s.error?.code])).toEqual([
      ['m', 'failed', Errors.LoopBreak],
      ['m > loop x', 'failed', Errors.LoopBreak],
      ['m > #0 > in', 'failed', Errors.LoopBreak],
      ['m > #0 > in > s', 'failed', Errors.LoopBreak],
    ]);
  });

  it('a break inside an awaited as.run fails that run (no loop outside it takes it) and its frames', async () => {
    const trace = createTrace();
    const sub = flow<number>('sub').step('s', (as: any) => void as.break());
    const f = flow<number>('m').loop(async (as: any, n: number) => {
      const e = await as.run(sub, n).then(undefined, (x: FlowError) => x);
      as.state.code = e.code;
      as.break();
    });
    const ex = run(f, 1, { onEvent: trace.onEvent });
    await ex;
    expect(ex.state.code).toBe(Errors.LoopBreak);
    for (const [span, n] of outcomes(trace.events)) expect([span, n]).toEqual([span, 1]);
    const status = (label: string) => trace.spans().find((s) => s.label === label)?.status;
    expect(status('m > #0 > sub > s')).toBe('failed');
    expect(status('m > #0 > sub')).toBe('failed');
    expect(status('m > #0 > step')).toBe('succeeded');
    expect(status('m')).toBe('succeeded');
  });

  it('a shared OpenTelemetry listener keeps no span once the runs settled', async () => {
    const { c, tracer } = countingTracer();
    const onEvent = otelListener(tracer);
    for (let k = 0; k < 20; k++) {
      await run(flow<number>('L').loop((as) => void as.break()), 0, { onEvent });
      await run(flow<number>('C').repeat(3, (as) => void as.continue()), 0, { onEvent });
    }
    expect(c.open).toBe(0);
  });
});

describe('a finally that throws during a cancel', () => {
  async function cancelled(handler: () => unknown) {
    vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const exporter = new InMemorySpanExporter();
    const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer('t');
    const trace = createTrace();
    const otel = otelListener(tracer);
    const clock = createTestScheduler();
    const f = flow<number>('f')
      .step('w', (as) => void as.setCancel(() => {}))
      .finally(handler);
    const ex = run(f, 0, { scheduler: clock, onEvent: (e) => (trace.onEvent(e), otel(e)) });
    ex.catch(() => {});
    await clock.advance(1);
    ex.cancel();
    await clock.runAll();
    const err = (await ex.then(undefined, (e: FlowError) => e)) as FlowError;
    await new Promise((r) => setTimeout(r, 0));
    vi.restoreAllMocks();
    return { err, trace, spans: exporter.getFinishedSpans() };
  }
  const sync = () => {
    throw new FlowError('CleanupFailed');
  };
  const late = async () => {
    await Promise.resolve();
    throw new FlowError('CleanupFailed');
  };
  for (const [what, handler] of [['synchronously', sync], ['asynchronously', late]] as const) {
    it(`(${what}): its span ends once, cancelled; the throw is the error event of a span of its own below it, in the trace and in OpenTelemetry alike`, async () => {
      const { err, trace, spans } = await cancelled(handler);
      expect(err.code).toBe(Errors.Cancelled);
      for (const [span, n] of outcomes(trace.events)) expect([span, n]).toEqual([span, 1]);
      const fin = trace.spans().filter((s) => s.label === 'f > finally');
      expect(fin.map((s) => s.status)).toEqual(['cancelled', 'failed']);
      expect(fin[1]!.parentSpan).toBe(fin[0]!.span);
      expect(fin[1]!.error?.code).toBe('CleanupFailed');
      expect(trace.events.filter((e) => e.type === 'error').map((e) => e.error?.code)).toEqual(['CleanupFailed']);
      const otel = spans.filter((s) => s.name === 'finally');
      expect(otel).toHaveLength(2);
      const own = otel.find((s) => s.attributes['stepflow.cancelled'] === true)!;
      const thrown = otel.find((s) => s.status.code === SpanStatusCode.ERROR)!;
      expect(own.status.code).not.toBe(SpanStatusCode.ERROR);
      expect(thrown.status.message).toBe('CleanupFailed');
      expect(thrown.attributes['stepflow.cancelled']).toBeUndefined();
      expect(thrown.attributes['stepflow.node']).toBe(own.attributes['stepflow.node']);
      // Thrown while the cancel unwinds, it nests in the finally's span; rejected later, that span has ended already.
      if (what === 'synchronously') expect(thrown.parentSpanContext?.spanId).toBe(own.spanContext().spanId);
    });
  }
});
