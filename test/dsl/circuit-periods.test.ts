// DESIGN: Sync primitives — the CircuitBreaker "at the threshold … opens …; after resetTimeoutMs it admits up to
// halfOpenMax trial entries; a trial success closes it, a trial failure opens it again". A body admitted in an
// earlier state (closed before it opened, a trial of an earlier half-open period) that ends later changes nothing.
import { describe, it, expect } from 'vitest';
import { flow, run, CircuitBreaker, type Execution, type FlowError } from '../../index.js';
import { createTestScheduler } from '../../testing.js';

type Control = { success(v: string): void; error(code: string): void };

function harness(breaker: CircuitBreaker) {
  const scheduler = createTestScheduler();
  const controls = new Map<string, Control>();
  const inside = new Set<string>();
  const f = flow<string>().sync(breaker, (as, id) => {
    inside.add(id);
    controls.set(id, as as unknown as Control);
    as.setCancel(() => inside.delete(id));
    as.waitExternal();
  });
  const outcomes = new Map<string, Promise<string>>();
  const executions = new Map<string, Execution<unknown>>();
  const start = (id: string): void => {
    const execution = run(f, id, { scheduler });
    executions.set(id, execution);
    outcomes.set(
      id,
      Promise.resolve(execution).then(
        (v) => (inside.delete(id), String(v)),
        (e: FlowError) => (inside.delete(id), e.code),
      ),
    );
  };
  const flush = () => scheduler.advance(0);
  const end = async (id: string, how: 'ok' | 'Down' | 'cancel'): Promise<string> => {
    if (how === 'cancel') executions.get(id)!.cancel();
    else if (how === 'ok') controls.get(id)!.success('ok');
    else controls.get(id)!.error('Down');
    return outcomes.get(id)!;
  };
  return { scheduler, inside, start, end, flush, outcomes };
}

describe('CircuitBreaker periods', () => {
  it('a trial of an earlier half-open period frees no trial slot of the next one', async () => {
    const breaker = new CircuitBreaker({ failureThreshold: 1, resetTimeoutMs: 1000, halfOpenMax: 2 });
    const h = harness(breaker);
    h.start('z');
    await h.flush();
    expect(await h.end('z', 'Down')).toBe('Down');
    await h.scheduler.advance(1000);
    h.start('t1');
    h.start('t2');
    await h.flush();
    expect(await h.end('t1', 'Down')).toBe('Down');
    expect(breaker.state).toBe('open');
    await h.scheduler.advance(1000);
    h.start('t3');
    await h.flush();
    expect(await h.end('t2', 'cancel')).toBe('Cancelled');
    h.start('t4');
    h.start('t5');
    await h.flush();
    expect(await h.outcomes.get('t5')).toBe('DefenseRejected');
    expect([...h.inside].sort()).toEqual(['t3', 't4']);
    await h.end('t3', 'ok');
    await h.end('t4', 'ok');
  });

  it('a trial of an earlier half-open period that succeeds does not close the reopened circuit', async () => {
    const breaker = new CircuitBreaker({ failureThreshold: 1, resetTimeoutMs: 1000, halfOpenMax: 2 });
    const h = harness(breaker);
    h.start('z');
    await h.flush();
    await h.end('z', 'Down');
    await h.scheduler.advance(1000);
    h.start('t1');
    h.start('t2');
    await h.flush();
    await h.end('t1', 'Down');
    expect(await h.end('t2', 'ok')).toBe('ok');
    expect(breaker.state).toBe('open');
  });

  it('a body admitted while closed that fails after the circuit opened does not restart the open period', async () => {
    const breaker = new CircuitBreaker({ failureThreshold: 1, resetTimeoutMs: 1000 });
    const h = harness(breaker);
    h.start('a');
    h.start('b');
    await h.flush();
    await h.end('a', 'Down');
    await h.scheduler.advance(900);
    await h.end('b', 'Down');
    await h.scheduler.advance(100);
    h.start('probe');
    await h.flush();
    expect(h.inside.has('probe')).toBe(true);
    expect(breaker.state).toBe('half-open');
    expect(await h.end('probe', 'ok')).toBe('ok');
    expect(breaker.state).toBe('closed');
  });
});

describe('run() option errors show the value', () => {
  it('a bad timeout is named with its value', () => {
    expect(() => run(flow().step(() => 1), undefined, { timeout: 0 })).toThrow(/options\.timeout must be .*, got number 0$/);
    expect(() => run(flow().step(() => 1), undefined, { timeout: '30s' as never })).toThrow(/got string "30s"$/);
  });
});
