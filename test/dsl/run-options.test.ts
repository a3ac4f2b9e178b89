// run() refuses unusable options at once, naming the option; a schema that
// throws while validating input fails the run, never the caller.
import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { flow, run, Errors, type Scheduler } from '../../index.js';
import { $as } from '../../ftn12.js';
import { failure } from '../helpers.js';

const f = flow<number>().step((as, n) => n + 1);
const complete: Scheduler = {
  now: () => 0,
  setTimer: () => 0,
  clearTimer: () => {},
  yieldTurn: (fn) => setImmediate(fn),
};

describe('run() options', () => {
  it.each<[string, unknown, RegExp]>([
    ['an empty object', {}, /options\.scheduler.*missing: now, setTimer, clearTimer, yieldTurn/],
    ['one without clearTimer', { now: () => 0, setTimer: () => 0, yieldTurn: () => {} }, /options\.scheduler.*missing: clearTimer/],
    ['one without yieldTurn', { now: () => 0, setTimer: () => 0, clearTimer: () => {} }, /options\.scheduler.*missing: yieldTurn/],
    ['one whose resume is not a function', { ...complete, resume: 1 }, /options\.scheduler.*resume/],
    ['a string', 'fast', /options\.scheduler/],
  ])('refuses a scheduler that is %s with a TypeError naming it', (_what, scheduler, message) => {
    expect(() => run(f, 1, { scheduler: scheduler as unknown as Scheduler })).toThrow(TypeError);
    expect(() => run(f, 1, { scheduler: scheduler as unknown as Scheduler })).toThrow(message);
  });

  it.each<[string, unknown, RegExp]>([
    ['an object with only aborted', { aborted: false }, /options\.signal.*missing: addEventListener, removeEventListener/],
    ['one without removeEventListener', { aborted: false, addEventListener: () => {} }, /options\.signal.*missing: removeEventListener/],
    ['one without aborted', { addEventListener: () => {}, removeEventListener: () => {} }, /options\.signal.*missing: aborted/],
    ['null', null, /options\.signal/],
  ])('refuses a signal that is %s with a TypeError naming it', (_what, signal, message) => {
    expect(() => run(f, 1, { signal: signal as unknown as AbortSignal })).toThrow(TypeError);
    expect(() => run(f, 1, { signal: signal as unknown as AbortSignal })).toThrow(message);
  });

  it('refuses a misspelt option instead of ignoring it', () => {
    expect(() => run(f, 1, { timeot: 10 } as never)).toThrow(/^run\(\): unknown option 'timeot' \(known: signal, timeout, state, scheduler, onEvent, capture, debug\)$/);
    expect(() => run(f, 1, { timeout: 10 })).not.toThrow();
  });

  it('accepts a complete scheduler without the optional resume, and a real AbortSignal', async () => {
    expect(await run(f, 1, { scheduler: complete, signal: new AbortController().signal })).toBe(2);
  });

  it('$as() refuses an incomplete scheduler too', () => {
    expect(() => $as(undefined, { now: () => 0 } as unknown as Scheduler)).toThrow(/scheduler.*missing: setTimer, clearTimer, yieldTurn/);
  });
});

describe('input schemas that throw', () => {
  it('a refinement that throws rejects the run with InternalError whose cause is the exception', async () => {
    const boom = new Error('refinement exploded');
    const schema = z.object({ id: z.string() }).refine(() => {
      throw boom;
    });
    const g = flow(schema).step((as, input) => input.id);
    let exec: PromiseLike<unknown> | undefined;
    expect(() => {
      exec = run(g, { id: 'a' });
    }).not.toThrow();
    const err = await failure(exec!);
    expect(err.code).toBe(Errors.InternalError);
    expect(err.cause).toBe(boom);
    expect(err.info).toMatch(/refinement exploded/);
  });

  it('a schema object whose safeParse throws a non-Error value rejects too', async () => {
    const schema = {
      safeParse(): never {
        throw Object.create(null);
      },
    };
    const err = await failure(run(flow(schema as never).step(() => 1), {}));
    expect(err.code).toBe(Errors.InternalError);
  });
});
