// DESIGN "bad input gets a clear error at the earliest point": toGantt refuses
// anything but an array of trace spans with a TypeError saying what is wrong.
import { describe, expect, it } from 'vitest';
import { createTrace, flow, run, toGantt } from '../../index.js';

const good = { run: 'r', span: 1, node: '0', name: 'a', path: [], start: 0, end: 1, status: 'succeeded', retries: 0 };

describe('toGantt input', () => {
  it('refuses run events, naming them and how to fold them', async () => {
    const trace = createTrace();
    await run(flow('x').step('a', () => 1), 0, { onEvent: trace.onEvent });
    expect(() => toGantt(trace.events as any)).toThrow(
      new TypeError('toGantt(): spans[0] must be a TraceSpan (from trace.spans()), got a run event (spansOf(events) folds events into spans)'),
    );
  });

  it('refuses what is not an array, or an entry that is not a span object', () => {
    const call = (...args: unknown[]) => () => (toGantt as (...a: unknown[]) => string)(...args);
    expect(call()).toThrow(new TypeError('toGantt(): spans must be an array of TraceSpan (from trace.spans()), got undefined'));
    expect(call(null)).toThrow(/spans must be an array of TraceSpan .*, got null$/);
    expect(call({ length: 1 })).toThrow(/spans must be an array of TraceSpan .*, got an object$/);
    expect(call([null])).toThrow(new TypeError('toGantt(): spans[0] must be a TraceSpan (from trace.spans()), got null'));
    expect(call([good, 7])).toThrow(new TypeError('toGantt(): spans[1] must be a TraceSpan (from trace.spans()), got number 7'));
    expect(call([[]])).toThrow(/spans\[0\] must be a TraceSpan .*, got an array$/);
  });

  it('names the first field of a span that is wrong', () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ run: undefined }, /^toGantt\(\): spans\[0\]\.run must be a string \(the run id\), got undefined$/],
      [{ span: '1' }, /spans\[0\]\.span must be a finite number, got "1"$/],
      [{ node: 3 }, /spans\[0\]\.node must be a string \(the node id\), got number 3$/],
      [{ name: 5 }, /spans\[0\]\.name must be a string or undefined/],
      [{ path: 'a>b' }, /spans\[0\]\.path must be an array of strings, got "a>b"$/],
      [{ path: [1] }, /spans\[0\]\.path must be an array of strings, got an array$/],
      [{ start: Number.NaN }, /spans\[0\]\.start must be a finite number, got number NaN$/],
      [{ end: null }, /spans\[0\]\.end must be a finite number or undefined, got null$/],
      [{ status: 'done' }, /spans\[0\]\.status must be one of running, succeeded, failed, cancelled, got "done"$/],
      [{ retries: undefined }, /spans\[0\]\.retries must be a non-negative number, got undefined$/],
      [{ error: 'Timeout' }, /spans\[0\]\.error must be an object or undefined, got "Timeout"$/],
    ];
    for (const [change, message] of cases) {
      expect(() => toGantt([{ ...good, ...change } as any])).toThrow(TypeError);
      expect(() => toGantt([{ ...good, ...change } as any])).toThrow(message);
    }
  });

  it('refuses a title that is not a string and options that are not an object', () => {
    expect(() => toGantt([], 5 as any)).toThrow(new TypeError('toGantt(): title must be a string, got number 5'));
    expect(() => toGantt([], 't', null as any)).toThrow(new TypeError('toGantt(): options must be an object, got null'));
    expect(() => toGantt([], 't', { all: 'yes' } as any)).toThrow(new TypeError('toGantt(): options.all must be a boolean, got a string'));
    expect(toGantt([good as any], 't', undefined)).toContain('a :done, s1, 0, 1');
  });
});
