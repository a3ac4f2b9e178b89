/**
 * Drives a durable run in memory (commits kept in a list, parked runs woken
 * when due) and checks the resume property: resumed from any checkpoint,
 * the run ends the same, runs no step whose completion that checkpoint
 * stored, and skips none of the rest.
 */
import { expect } from 'vitest';
import type { FlowDefinition } from '../../index.js';
import type { Cursor, Json } from '../../runtime/durable/cursor.js';
import { DurableRun, type DurableCheckpoint, type DurableEnd } from '../../runtime/durable/durable-run.js';
import type { RunSignal } from '../../runtime/durable/signal-box.js';

/** Which step attempts (by `as.key()`) started and completed. */
export const log = { started: [] as string[], done: new Set<string>() };

/** Wraps a step handler so the log sees it start and complete. */
export function track<A extends { key(): string }, I, O>(fn: (as: A, x: I) => O | PromiseLike<O>): (as: A, x: I) => Promise<O> {
  return async (as, x) => {
    const k = as.key();
    log.started.push(k);
    const out = await fn(as, x);
    log.done.add(k);
    return out;
  };
}

export interface Commit {
  readonly c: DurableCheckpoint;
  /** Step attempts completed when it was taken. */
  readonly done: ReadonlySet<string>;
  /** Signals consumed up to it. */
  readonly consumed: readonly string[];
}

export interface From {
  readonly cursor: Cursor | null;
  readonly state: Json;
  readonly consumed: readonly string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts a fresh in-memory durable run of `f` with `input`, committing through `commit` (it stays in memory while it waits). */
export function startFresh(f: FlowDefinition, input: unknown, id: string, commit: (c: DurableCheckpoint) => Promise<void> | void): Promise<DurableRun> {
  return DurableRun.start({ id, graph: f.graph, cursor: null, input, state: {}, signals: [], parkAfterMs: 1_000_000, commit });
}

/** Runs to the end (waking the run each time it parks), keeping every commit. */
export async function drive(f: FlowDefinition, input: unknown, options: { from?: From; signals?: readonly RunSignal[]; commits?: Commit[]; parkAfterMs?: number } = {}): Promise<DurableEnd> {
  let cursor = options.from?.cursor ?? null;
  let state: Json = options.from?.state ?? {};
  const consumed = new Set(options.from?.consumed ?? []);
  for (let rounds = 0; rounds < 100; rounds++) {
    const run = await DurableRun.start({
      id: 'run-1',
      graph: f.graph,
      cursor,
      input,
      state,
      signals: (options.signals ?? []).filter((s) => !consumed.has(s.id)),
      parkAfterMs: options.parkAfterMs ?? 1_000_000,
      commit: (c) => {
        c.consumed.forEach((id) => consumed.add(id));
        options.commits?.push({ c: structuredClone(c), done: new Set(log.done), consumed: [...consumed] });
        if (c.cursor !== null) {
          cursor = structuredClone(c.cursor);
          state = structuredClone(c.state);
        }
      },
    });
    const end = await run.ended;
    if (end.status !== 'parked') return end;
    if (end.wait.wakeAt !== null) await sleep(Math.max(0, end.wait.wakeAt - Date.now()));
  }
  throw new Error('the run parked 100 times');
}

const plain = (end: DurableEnd): unknown => (end.status === 'succeeded' ? { ok: end.result } : end.status === 'failed' || end.status === 'cancelled' ? { [end.status]: end.error.code, message: end.error.message } : end);

/**
 * The run uncrashed, then resumed from each of its checkpoints: same end,
 * nothing stored re-run, nothing skipped. Gives the uncrashed end and the
 * number of checkpoints it resumed from.
 */
export async function checkResume(f: FlowDefinition, input: unknown, options: { signals?: readonly RunSignal[]; parkAfterMs?: number; state?: Json } = {}): Promise<{ end: DurableEnd; resumed: number; commits: readonly Commit[] }> {
  log.started.length = 0;
  log.done.clear();
  const commits: Commit[] = [];
  const from: From = { cursor: null, state: options.state ?? {}, consumed: [] };
  const end = await drive(f, input, { ...options, from, commits });
  const all = new Set(log.done);
  let resumed = 0;
  for (const [k, { c, done, consumed }] of commits.entries()) {
    if (c.cursor === null) continue;
    log.started.length = 0;
    log.done.clear();
    const again = await drive(f, input, { ...options, from: { cursor: c.cursor, state: c.state, consumed } });
    expect(plain(again), `the end after resuming from checkpoint ${k}`).toEqual(plain(end));
    const rerun = log.started.filter((key) => done.has(key));
    expect(rerun, `steps stored by checkpoint ${k} and run again after resuming from it`).toEqual([]);
    const skipped = [...all].filter((key) => !done.has(key) && !log.done.has(key));
    expect(skipped, `steps skipped after resuming from checkpoint ${k}`).toEqual([]);
    resumed++;
  }
  return { end, resumed, commits };
}
