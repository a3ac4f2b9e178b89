// DESIGN "Errors", "Details the contract fixes: FlowError / Typed errors", and the catch-handler rules.
import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { flow, run, FlowError, Errors, defineError } from '../../index.js';
import { failure, tick } from '../helpers.js';

describe('FlowError and Errors', () => {
  it('new FlowError(code, info, { cause, data }) keeps every field; message is "code: info"', () => {
    const cause = new Error('low');
    const e = new FlowError('Oops', 'details', { cause, data: { n: 1 } });
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(FlowError);
    expect(e.code).toBe('Oops');
    expect(e.info).toBe('details');
    expect(e.cause).toBe(cause);
    expect(e.data).toEqual({ n: 1 });
    expect(e.message).toBe('Oops: details');
    expect(Array.isArray(e.steps)).toBe(true);
  });

  it('new FlowError(code) has message "code" and no info', () => {
    const e = new FlowError('Plain');
    expect(e.message).toBe('Plain');
    expect(e.info).toBeUndefined();
    expect(e.data).toBeUndefined();
  });

  it('a code that is not a string is refused at construction', () => {
    expect(() => new FlowError(5 as never)).toThrow(/^FlowError: the code must be a string, got 5$/);
    expect(() => new (FlowError as any)()).toThrow(/^FlowError: the code must be a string, got undefined$/);
  });

  it('Errors holds the FTN12 standard codes plus Cancelled and AllFailed, each equal to its name', () => {
    const codes = [
      'ConnectError',
      'CommError',
      'UnknownInterface',
      'NotSupportedVersion',
      'NotImplemented',
      'Unauthorized',
      'InternalError',
      'InvokerError',
      'InvalidRequest',
      'DefenseRejected',
      'PleaseReauth',
      'SecurityError',
      'Timeout',
      'Cancelled',
      'AllFailed',
    ];
    for (const c of codes) expect((Errors as Record<string, string>)[c]).toBe(c);
  });
});

describe('raising errors', () => {
  it('an exception thrown by a handler becomes InternalError with the exception as cause', async () => {
    const boom = new RangeError('boom');
    const err = await failure(
      run(
        flow<number>().step(() => {
          throw boom;
        }),
        0,
      ),
    );
    expect(err).toBeInstanceOf(FlowError);
    expect(err.code).toBe(Errors.InternalError);
    expect(err.cause).toBe(boom);
  });

  it('a rejected promise becomes InternalError with the rejection as cause', async () => {
    const boom = new Error('async boom');
    const err = await failure(
      run(
        flow<number>().step(async () => {
          await tick();
          throw boom;
        }),
        0,
      ),
    );
    expect(err.code).toBe(Errors.InternalError);
    expect(err.cause).toBe(boom);
  });

  it('a FlowError thrown by user code keeps its code and identity', async () => {
    const mine = new FlowError('MyCode', 'why');
    const err = await failure(
      run(
        flow<number>().step(() => {
          throw mine;
        }),
        0,
      ),
    );
    expect(err).toBe(mine);
    expect(err.code).toBe('MyCode');
  });

  it('as.error(code, info) fails with that code and info; message is "code: info"', async () => {
    const err = await failure(run(flow<number>().step((as) => as.error('PaymentFailed', 'card declined')), 0));
    expect(err).toBeInstanceOf(FlowError);
    expect(err.code).toBe('PaymentFailed');
    expect(err.info).toBe('card declined');
    expect(err.message).toBe('PaymentFailed: card declined');
  });

  it('as.error(code) without info has message "code"', async () => {
    const err = await failure(run(flow<number>().step((as) => as.error('Bare')), 0));
    expect(err.message).toBe('Bare');
  });

  it('err.steps lists the enclosing step and flow names outermost first', async () => {
    const inner = flow<number>('inner').step('deep', (as) => as.error('X'));
    const f = flow<number>('outer').step('middle', inner);
    const err = await failure(run(f, 0));
    expect(err.steps).toEqual(['outer', 'middle', 'inner', 'deep']);
  });

  it('steps after a failed step do not run', async () => {
    const ran: string[] = [];
    const f = flow<number>()
      .step((as) => as.error('Stop'))
      .step(() => {
        ran.push('after');
      });
    expect((await failure(run(f, 0))).code).toBe('Stop');
    expect(ran).toEqual([]);
  });
});

describe('catch handler rules', () => {
  it('returning a value recovers with that value', async () => {
    const f = flow<number>()
      .step((as): number => as.error('E'))
      .catch((as, err) => `fallback:${err.code}`)
      .step((as, v) => `${v}!`);
    expect(await run(f, 0)).toBe('fallback:E!');
  });

  it('returning a promise of a value recovers with that value', async () => {
    const f = flow<number>()
      .step((as): number => as.error('E'))
      .catch(async () => {
        await tick();
        return 'later';
      });
    expect(await run(f, 0)).toBe('later');
  });

  it('as.success(v) recovers with v', async () => {
    const f = flow<number>()
      .step((as): number => as.error('E'))
      .catch<number>((as) => {
        as.success(99);
      });
    expect(await run(f, 0)).toBe(99);
  });

  it('throwing replaces the error', async () => {
    const replacement = new FlowError('Replaced', 'r');
    const f = flow<number>()
      .step((as): number => as.error('Orig'))
      .catch(() => {
        throw replacement;
      });
    expect(await failure(run(f, 0))).toBe(replacement);
  });

  it('as.error() replaces the error', async () => {
    const f = flow<number>()
      .step((as): number => as.error('Orig'))
      .catch((as, err) => as.error('Wrapped', `from ${err.code}`));
    const err = await failure(run(f, 0));
    expect(err.code).toBe('Wrapped');
    expect(err.info).toBe('from Orig');
  });

  it('adding sub-steps runs them in place of the failed scope', async () => {
    const f = flow<number>()
      .step((as): number => as.error('Orig'))
      .catch<string>((as) => {
        as.add((s: any) => s.success('a'));
        as.add((s: any, v: string) => s.success(v + 'b'));
      })
      .step((as, v) => `${v}c`);
    expect(await run(f, 0)).toBe('abc');
  });

  it('returning nothing continues unwinding with the same error', async () => {
    let seen: unknown;
    const f = flow<number>()
      .step((as): number => as.error('Orig', 'i'))
      .catch((as, err) => {
        seen = err;
      });
    const err = await failure(run(f, 0));
    expect(err).toBe(seen);
    expect(err.code).toBe('Orig');
  });

  it('a catch covers every step of the flow built so far', async () => {
    const ran: string[] = [];
    const f = flow<number>()
      .step((as): number => as.error('First'))
      .step(() => {
        ran.push('second');
        return 1;
      })
      .catch((as, err) => err.code);
    expect(await run(f, 0)).toBe('First');
    expect(ran).toEqual([]);
  });

  it('a step added after .catch is not covered by it', async () => {
    let called = false;
    const f = flow<number>()
      .step((as, x) => x)
      .catch(() => {
        called = true;
        return 0;
      })
      .step((as) => as.error('After'));
    expect((await failure(run(f, 0))).code).toBe('After');
    expect(called).toBe(false);
  });

  it('a code selector catches only that code', async () => {
    const make = (code: string) =>
      flow<number>()
        .step((as): number => as.error(code))
        .catch('A', () => 'caught');
    expect(await run(make('A'), 0)).toBe('caught');
    expect((await failure(run(make('B'), 0))).code).toBe('B');
  });

  it('a list selector catches any of the listed codes', async () => {
    const make = (code: string) =>
      flow<number>()
        .step((as): number => as.error(code))
        .catch(['A', 'B'], (as, e) => `caught ${e.code}`);
    expect(await run(make('A'), 0)).toBe('caught A');
    expect(await run(make('B'), 0)).toBe('caught B');
    expect((await failure(run(make('C'), 0))).code).toBe('C');
  });

  it('the catch handler receives the FlowError with code, info and steps', async () => {
    let got: any;
    const f = flow<number>()
      .step('s', (as): number => as.error('Code', { x: 1 }))
      .catch((as, err) => {
        got = err;
        return 0;
      });
    await run(f, 0);
    expect(got).toBeInstanceOf(FlowError);
    expect(got.code).toBe('Code');
    expect(got.info).toEqual({ x: 1 });
    expect(got.steps).toContain('s');
  });
});

describe('typed errors (defineError)', () => {
  const OutOfStock = defineError('OutOfStock', z.object({ sku: z.string(), qty: z.number().default(1) }));

  it('returns { code, is } and raises a FlowError with the code and the parsed data', async () => {
    expect(OutOfStock.code).toBe('OutOfStock');
    const err = await failure(run(flow<string>().step((as, sku) => as.error(OutOfStock, { sku } as any)), 'A1'));
    expect(err).toBeInstanceOf(FlowError);
    expect(err.code).toBe('OutOfStock');
    expect(err.data).toEqual({ sku: 'A1', qty: 1 });
  });

  it('.catch(ErrType, ...) receives the typed data', async () => {
    const f = flow<string>()
      .step((as, sku): string => as.error(OutOfStock, { sku, qty: 3 }))
      .catch(OutOfStock, (as, e) => `${e.data.sku}x${e.data.qty}`);
    expect(await run(f, 'B2')).toBe('B2x3');
  });

  it(".catch(ErrType, ...) does not catch other codes; .catch('code', ...) also matches a typed error", async () => {
    const other = flow<string>()
      .step((as): string => as.error('Other'))
      .catch(OutOfStock, () => 'no');
    expect((await failure(run(other, ''))).code).toBe('Other');
    const byCode = flow<string>()
      .step((as, sku): string => as.error(OutOfStock, { sku, qty: 2 }))
      .catch('OutOfStock', (as, e) => (e.data as { qty: number }).qty);
    expect(await run(byCode, 'x')).toBe(2);
  });

  it('is(err) is true for any FlowError with the code, false otherwise', () => {
    expect(OutOfStock.is(new FlowError('OutOfStock'))).toBe(true);
    expect(OutOfStock.is(new FlowError('Other'))).toBe(false);
    expect(OutOfStock.is(new Error('OutOfStock'))).toBe(false);
    expect(OutOfStock.is({ code: 'OutOfStock' })).toBe(false);
  });

  it('data that fails the schema raises InternalError with the zod issues in info', async () => {
    let caught: any;
    const f = flow<number>()
      .step((as) => as.error(OutOfStock, { sku: 42 } as any))
      .catch(OutOfStock, () => 'must not match');
    const err = await failure(run(f.catch((as, e) => void (caught = e)), 0));
    expect(err.code).toBe(Errors.InternalError);
    expect(caught).toBe(err);
    expect(Array.isArray(err.info)).toBe(true);
    expect(err.info).toEqual(err.data);
    expect((err.info as Array<{ path: unknown[]; code: string }>)[0]).toMatchObject({ path: ['sku'], code: 'invalid_type' });
    expect(err.message).toMatch(/^InternalError: invalid data for error OutOfStock: .*sku/);
  });

  it('a FlowError thrown by user code with a typed code is caught by .catch(ErrType)', async () => {
    const f = flow<number>()
      .step(() => {
        throw new FlowError('OutOfStock', undefined, { data: { sku: 'T', qty: 5 } });
      })
      .catch(OutOfStock, (as, e) => e.data.qty);
    expect(await run(f, 0)).toBe(5);
  });
});

describe('stacks of errors raised with as.error', () => {
  function chargeCard(as: { error(code: string, info?: unknown): never }): never {
    return as.error('PaymentFailed', 'declined');
  }
  const framesOf = (e: Error): string[] => e.stack!.split('\n').filter((l) => l.trim().startsWith('at '));

  it('carry no JS frames: the flow locates them, in steps', async () => {
    const err = await failure(run(flow().step('charge', (as) => chargeCard(as)), undefined));
    expect(err.stack!.split('\n')[0]).toBe('FlowError: PaymentFailed: declined');
    expect(framesOf(err)).toEqual([]);
    expect(err.steps).toEqual(['charge']);
  });

  it('in debug mode, carry the one frame of the user code that raised them', async () => {
    const err = await failure(run(flow().step((as) => chargeCard(as)), undefined, { debug: { unboundedWaits: false } }));
    expect(err.stack!.split('\n')[0]).toBe('FlowError: PaymentFailed: declined');
    const frames = framesOf(err);
    expect(frames.length).toBe(1);
    expect(frames[0]).toContain('chargeCard');
  });

  it('errors the interpreter makes carry no frames; what caused them keeps its stack in cause', async () => {
    function brokenLookup(): never {
      throw new Error('lookup failed');
    }
    const err = await failure(run(flow().step(() => brokenLookup()), undefined));
    expect(err.code).toBe('InternalError');
    expect(framesOf(err)).toEqual([]);
    expect(framesOf(err.cause as Error)[0]).toContain('brokenLookup');
    const timedOut = await failure(run(flow().step((as) => as.waitExternal()), undefined, { timeout: 1 }));
    expect(timedOut.code).toBe('Timeout');
    expect(framesOf(timedOut)).toEqual([]);
  });

  it('leave Error.stackTraceLimit as it was, also when making the error throws', async () => {
    const limit = Error.stackTraceLimit;
    const Bad = { code: 'Bad', parse: () => { throw new Error('schema blew up'); } };
    await failure(run(flow().step((as) => as.error(Bad as never, 1)), undefined));
    expect(Error.stackTraceLimit).toBe(limit);
  });

  it('a FlowError passed to as.error keeps its own stack', async () => {
    const own = new FlowError('Mine');
    const err = await run(
      flow().step((as) => as.error(own as never)),
      undefined,
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBe(own);
  });
});
