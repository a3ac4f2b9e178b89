/**
 * The signals of a durable run: those stored for it before it was claimed
 * and those delivered while it runs. A `waitFor` takes the first buffered
 * one of its name, or waits; a signal id seen before is dropped. Taken
 * signals are listed so the next checkpoint marks them consumed.
 */
import type { Frame } from '../interpreter/frame.js';
import { isWaiting, resumeDone } from '../interpreter/moves.js';
import type { SignalBox } from '../interpreter/run.js';

/** A signal sent to a run. */
export interface RunSignal {
  readonly id: string;
  readonly name: string;
  readonly value: unknown;
}

export class DurableSignals implements SignalBox {
  private readonly buffered: RunSignal[];
  private readonly seen = new Set<string>();
  private readonly waiters = new Map<Frame, string>();
  /** Ids taken since the last checkpoint. */
  consumed: string[] = [];

  constructor(pending: readonly RunSignal[]) {
    this.buffered = [];
    for (const s of pending) this.buffer(s);
  }

  private buffer(s: RunSignal): void {
    if (this.seen.has(s.id)) return;
    this.seen.add(s.id);
    this.buffered.push(s);
  }

  take(name: string): { readonly value: unknown } | undefined {
    const i = this.buffered.findIndex((s) => s.name === name);
    if (i < 0) return undefined;
    const [s] = this.buffered.splice(i, 1);
    this.consumed.push(s!.id);
    return { value: s!.value };
  }

  wait(frame: Frame, name: string): void {
    this.waiters.set(frame, name);
  }

  unwait(frame: Frame): void {
    this.waiters.delete(frame);
  }

  /** The names waited for now. */
  waitingFor(): string[] {
    return [...new Set(this.waiters.values())];
  }

  /** A signal arrives while the run is in memory: the first frame waiting for its name takes it, else it is buffered. */
  deliver(s: RunSignal): void {
    if (this.seen.has(s.id)) return;
    for (const [f, name] of this.waiters) {
      if (name !== s.name || !isWaiting(f)) continue;
      this.seen.add(s.id);
      this.waiters.delete(f);
      this.consumed.push(s.id);
      resumeDone(f, [s.value]);
      return;
    }
    this.buffer(s);
  }

  /** Takes the ids consumed since the last checkpoint. */
  drainConsumed(): string[] {
    const c = this.consumed;
    this.consumed = [];
    return c;
  }

  /** Forgets the waiting frames (the run left memory). */
  clear(): void {
    this.waiters.clear();
  }
}
