// What the inspector reads off a trace: recovery handlers, steps added at run time, attempts and timeouts.
import { describe, expect, it } from 'vitest';
import { Errors, flow } from '../../index.js';
import { traceSpans } from '../../graph/diagram/trace-spans.js';
import { inspectData, type InspectData } from '../../graph/inspect/inspect-model.js';
import type { FlowDefinition } from '../../typings/flow-types.js';
import { traceOf } from './fixtures.js';

async function model(f: FlowDefinition, input: unknown): Promise<InspectData> {
  const events = await traceOf(f, input);
  return inspectData('t', f.graph, traceSpans(events, 'test'), events.length);
}

const handler = (d: InspectData, kind: 'catch-handler' | 'finally-handler') => d.boxes.filter((b) => b.kind === kind).map((b) => b.status);
type Fail = { error(code: string, info?: string): never };

describe('the recovery path', () => {
  it('a catch handler: not reached when nothing failed or the code is not its own; succeeded when it recovered; failed when it passed the error on', async () => {
    const fails = (as: Fail) => as.error('Boom');
    expect(handler(await model(flow<number>().step('ok', (as, x) => x).catch(function c() {}), 1), 'catch-handler')).toEqual(['notReached']);
    expect(handler(await model(flow<number>().step('f', fails).catch('Other', function c() {}), 1), 'catch-handler')).toEqual(['notReached']);
    expect(handler(await model(flow<number>().step('f', fails).catch('Boom', () => 5), 1), 'catch-handler')).toEqual(['succeeded']);
    expect(handler(await model(flow<number>().step('f', fails).catch(function passOn() {}), 1), 'catch-handler')).toEqual(['failed']);
  });

  it('a catch handler that adds steps: they are drawn inside it', async () => {
    const f = flow<number>()
      .step('f', (as: Fail) => as.error('Boom'))
      .catch(function again(as: { add(fn: () => number): void }) {
        as.add(function added() {
          return 1;
        });
      });
    const d = await model(f, 1);
    const at = d.boxes.findIndex((b) => b.kind === 'catch-handler');
    expect(d.boxes[at]!.status).toBe('succeeded');
    expect(d.boxes.filter((b) => b.kind === 'added').map((b) => [b.title, b.parent, b.status])).toEqual([['added', at, 'succeeded']]);
  });

  it('a finally handler: succeeded after success, error and cancel; failed when it threw', async () => {
    const ok = flow<number>().step('s', (as, x) => x);
    expect(handler(await model(ok.finally(function f() {}), 1), 'finally-handler')).toEqual(['succeeded']);
    expect(handler(await model(flow<number>().step('s', (as: Fail) => as.error('Boom')).finally(function f() {}), 1), 'finally-handler')).toEqual(['succeeded']);
    const timedOut = flow<number>().step<number>('w', (as: { setCancel(fn: () => void): void }) => as.setCancel(() => {})).finally(function f() {}).timeout(5);
    expect(handler(await model(timedOut, 1), 'finally-handler')).toEqual(['succeeded']);
    const throws = ok.finally(function f() {
      throw new Error('in finally');
    });
    expect(handler(await model(throws, 1), 'finally-handler')).toEqual(['failed']);
  });

  it('a step onError: not reached when the step was not; failed when the step failed all the same; unknown after a success', async () => {
    const d = await model(flow<number>().step('a', (as: Fail) => as.error('X'), function onErr() {}).step('b', (as, x) => x, function onErr2() {}), 1);
    expect(d.boxes.filter((b) => b.kind === 'on-error').map((b) => [b.title, b.status])).toEqual([
      ['onError: onErr', 'failed'],
      ['onError: onErr2', 'notReached'],
    ]);
    const ok = await model(flow<number>().step('a', (as, x) => x, function onErr() {}), 1);
    expect(ok.boxes.find((b) => b.kind === 'on-error')!.status).toBeUndefined();
  });
});

describe('attempts, timeouts and added steps', () => {
  it('numbers the attempts under a retry that retried, and marks the timeout', async () => {
    let calls = 0;
    const f = flow<number>('r')
      .step<number>('slow', (as: { setCancel(fn: () => void): void; success(v: number): void }, x) => {
        if (++calls === 1) as.setCancel(() => {});
        else return x;
      })
      .timeout(5)
      .retry({ attempts: 3, backoff: { initialMs: 1, factor: 1, maxMs: 1, jitter: 'none' }, retryOn: [Errors.Timeout] });
    const d = await model(f, 1);
    const timeouts = d.spans.filter((s) => s.title === 'timeout');
    expect(timeouts.map((s) => [s.status, s.timedOut, s.attempt, s.attempts])).toEqual([
      ['failed', true, 1, 2],
      ['succeeded', undefined, 2, 2],
    ]);
    expect(d.spans.filter((s) => s.title === 'slow').map((s) => [s.status, s.attempt])).toEqual([
      ['cancelled', 1],
      ['succeeded', 2],
    ]);
    const retry = d.spans.find((s) => s.title === 'retry')!;
    expect(retry.retries).toBe(1);
    expect(retry.retryTimes).toHaveLength(1);
    expect(retry.retryTimes![0]).toBeGreaterThanOrEqual(timeouts[0]!.end!);
    const box = d.boxes.find((b) => b.kind === 'timeout')!;
    expect([box.status, box.timeouts, box.spans?.length]).toEqual(['succeeded', 1, 2]);
    // Timeline order: each parent before its children, attempts in order.
    expect(d.order.map((i) => d.spans[i]!.title)).toEqual(['r', 'retry', 'timeout', 'slow', 'timeout', 'slow']);
  });

  it('an as.run sub-flow nests under the step that ran it, as deep as it went', async () => {
    const inner = flow<number>('inner').step('deep', (as, x) => x + 1);
    const middle = flow<number>('middle').step('call', (as, x) => as.run(inner, x));
    const f = flow<number>('outer').step('top', (as, x) => as.run(middle, x));
    const d = await model(f, 1);
    const chain: string[] = [];
    for (let b = d.boxes.find((x) => x.title === 'deep'); b !== undefined; b = d.boxes[b.parent]) chain.push(`${b.kind}:${b.title}`);
    expect(chain).toEqual(['added:deep', 'added:inner', 'added:call', 'added:middle', 'step:top', 'sequence:', 'embed:outer']);
    expect(d.boxes.filter((b) => b.kind === 'added').every((b) => b.status === 'succeeded' && b.id.includes('>'))).toBe(true);
  });

  it('spans of nodes not in the flow stay in the timeline without a box', async () => {
    const other = flow<number>('other').step('x', (as, v) => v);
    const events = await traceOf(other, 1);
    const d = inspectData('t', flow<number>().graph, traceSpans(events.map((e) => ({ ...e, node: `9.${e.node}` })), 'test'), events.length);
    expect(d.spans.map((s) => s.box)).toEqual(d.spans.map(() => -1));
    expect(d.order).toHaveLength(d.spans.length);
  });
});
