/**
 * Virtual time for tests: timers fire only when the test advances the clock.
 * Event-loop yields still take a real turn, and `advance` / `runAll` wait
 * for them, so a flow that yields mid-burst is still settled on return.
 */
import type { Scheduler } from './scheduler.js';

/**
 * A scheduler with a virtual clock, for deterministic tests.
 * @example
 * ```ts
 * const clock: TestScheduler = createTestScheduler();
 * run(flow().timeout(1_000).step(slowCall), undefined, { scheduler: clock });
 * await clock.advance(1_000);
 * expect(clock.pending()).toBe(0);
 * ```
 * @public
 */
export interface TestScheduler extends Scheduler {
  /** The virtual time in milliseconds (starts at 0). */
  now(): number;
  /** Moves time forward by `ms` (a non-negative finite number), firing due timers in order; resolves once everything they caused settled. Calls add up, in call order: each moves on from where the `advance` and `runAll` calls made before it left the clock. */
  advance(ms: number): Promise<void>;
  /** Fires timers until none is left (in time order); resolves once everything settled. */
  runAll(): Promise<void>;
  /** The number of pending timers. */
  pending(): number;
}

interface VirtualTimer {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
}

const realTurn: () => Promise<void> =
  typeof setImmediate === 'function' ? () => new Promise((r) => setImmediate(r)) : () => new Promise((r) => setTimeout(r, 0));

/**
 * Creates a scheduler with virtual time; pass it as `scheduler` to `run()`
 * or as the second argument of `$as()`.
 * @example
 * ```ts
 * const clock = createTestScheduler();
 * const execution = run(flow().timeout(5_000).step(slowCall), input, { scheduler: clock });
 * await clock.advance(5_000);
 * await expect(execution).rejects.toMatchObject({ code: 'Timeout' });
 * ```
 * @public
 */
export function createTestScheduler(): TestScheduler {
  let time = 0;
  let seq = 0;
  let yields = 0;
  const timers: VirtualTimer[] = [];

  /**
   * The `advance` / `runAll` calls run one after the other, in call order;
   * each works out where it goes when its turn comes, from the time the calls
   * before it left (a `runAll` before it may have moved the clock any amount).
   */
  let last: Promise<void> = Promise.resolve();
  function inTurn(work: () => Promise<void>): Promise<void> {
    const done = last.then(work);
    last = done.then(undefined, () => {});
    return done;
  }

  async function settle(): Promise<void> {
    do await realTurn();
    while (yields > 0);
  }

  function takeDue(limit: number): VirtualTimer | undefined {
    let best = -1;
    for (let i = 0; i < timers.length; i++) {
      const t = timers[i]!;
      if (t.at <= limit && (best < 0 || t.at < timers[best]!.at || (t.at === timers[best]!.at && t.seq < timers[best]!.seq))) best = i;
    }
    return best < 0 ? undefined : timers.splice(best, 1)[0];
  }

  async function fireUntil(limit: number, maxFires: number): Promise<void> {
    await settle();
    for (let fired = 0; ; fired++) {
      if (fired >= maxFires) throw new Error(`TestScheduler: more than ${maxFires} timers fired; a timer keeps re-arming itself`);
      const t = takeDue(limit);
      if (t === undefined) break;
      time = Math.max(time, t.at);
      t.fn();
      await settle();
    }
  }

  return {
    now: () => time,
    setTimer(fn, ms) {
      const timer: VirtualTimer = { at: time + Math.max(0, Number(ms) || 0), seq: seq++, fn };
      timers.push(timer);
      return timer;
    },
    clearTimer(handle) {
      const i = timers.indexOf(handle as VirtualTimer);
      if (i >= 0) timers.splice(i, 1);
    },
    yieldTurn(fn) {
      yields++;
      const run = (): void => {
        yields--;
        fn();
      };
      if (typeof setImmediate === 'function') setImmediate(run);
      else setTimeout(run, 0);
    },
    async advance(ms) {
      if (typeof ms !== 'number' || !(ms >= 0) || ms === Infinity) {
        throw new TypeError(`advance(): ms must be a non-negative finite number, got ${typeof ms === 'number' ? String(ms) : typeof ms}`);
      }
      return inTurn(async () => {
        const target = time + ms;
        await fireUntil(target, 1_000_000);
        time = Math.max(time, target);
        await settle();
      });
    },
    async runAll() {
      return inTurn(() => fireUntil(Infinity, 100_000));
    },
    pending: () => timers.length,
  };
}
