/**
 * Closing the resources registered with `host.onClose`: one after another,
 * each awaited up to a deadline; one that throws, rejects or overruns is
 * reported and the next one still closes.
 */
import type { Scheduler } from '../runtime/scheduler.js';
import type { ResourceReport } from './close-report.js';
import { Deadline } from './deadline.js';

/** A registered resource. */
export interface Closer {
  readonly fn: () => unknown;
  readonly name: string;
}

/** Closes `closers` in the order given; the report has one entry per closer, in that order. */
export async function closeResources(closers: readonly Closer[], scheduler: Scheduler, timeoutMs: number): Promise<readonly ResourceReport[]> {
  const reports: ResourceReport[] = [];
  for (const c of closers) reports.push(await closeOne(c, scheduler, timeoutMs));
  return Object.freeze(reports);
}

async function closeOne(c: Closer, scheduler: Scheduler, timeoutMs: number): Promise<ResourceReport> {
  const started = scheduler.now();
  const report = (ok: boolean, error?: unknown): ResourceReport =>
    Object.freeze(ok ? { name: c.name, ok, durationMs: scheduler.now() - started } : { name: c.name, ok, error, durationMs: scheduler.now() - started });
  let result: unknown;
  let closing: Promise<unknown>;
  try {
    result = c.fn();
    if (result === null || (typeof result !== 'object' && typeof result !== 'function') || typeof (result as PromiseLike<unknown>).then !== 'function') return report(true);
    // A thenable is adopted here, inside the try: its `then` (a getter, or a call) may throw too.
    closing = Promise.resolve(result as PromiseLike<unknown>);
  } catch (e) {
    return report(false, e);
  }
  const deadline = new Deadline(scheduler, timeoutMs);
  let error: unknown;
  let failed = false;
  closing.then(
    () => deadline.end(true),
    (e: unknown) => {
      failed = true;
      error = e;
      deadline.end(true);
    },
  );
  const inTime = await deadline.promise;
  if (!inTime) return report(false, new Error(`${c.name} did not close within ${timeoutMs} ms`));
  return failed ? report(false, error) : report(true);
}
