// The shared preamble of the FTN12 conformance tests: a root on virtual
// time, a way to let every due continuation run, and the step interfaces
// tests keep to complete from outside.
import { $as, createTestScheduler } from './target.js';

export { deferred } from '../helpers.js';

export type Sched = ReturnType<typeof createTestScheduler>;

/** Lets every due continuation run without moving virtual time. */
export async function settle(sched: Sched): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await sched.advance(0);
    await new Promise<void>((r) => setImmediate(r));
  }
}

/** What a test keeps of a step's `as` to complete it from outside. */
export interface Ext {
  success(...args: unknown[]): void;
  error(code: string, info?: string): void;
  errorNoThrow(code: string, info?: string): void;
}

/** A root on a fresh virtual clock, and lists for what the steps see. */
export function setup() {
  const sched = createTestScheduler();
  const root = $as(undefined, sched);
  const log: string[] = [];
  const codes: string[] = [];
  const errors: string[] = [];
  const saved: Ext[] = [];
  return { sched, root, log, codes, errors, saved };
}
