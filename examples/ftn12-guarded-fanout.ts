/**
 * FTN12 style: a fan-out protected by a Mutex and a Throttle. Ten jobs run
 * as parallel branches; at most two are inside the critical section at a
 * time, and at most three may enter per 50 ms window.
 */
import { $as, Mutex, Throttle } from '../ftn12.js';

/** What the scenario observed. */
export interface FanoutReport {
  readonly done: number;
  readonly maxInside: number;
  readonly maxEntriesPerWindow: number;
}

/** Runs the scenario. */
export async function main(log: (line: string) => void = console.log): Promise<FanoutReport> {
  const mutex = new Mutex(2);
  const throttle = new Throttle(3, 50);
  let inside = 0;
  let maxInside = 0;
  const entries: number[] = [];
  const start = Date.now();
  const root = $as();
  root.add((as) => {
    as.state.done = 0;
    const p = as.parallel();
    for (let job = 0; job < 10; job++) {
      p.add((as) => {
        as.sync(throttle, (as) => {
          entries.push(Date.now() - start);
          as.sync(mutex, (as) => {
            inside++;
            maxInside = Math.max(maxInside, inside);
            const timer = setTimeout(() => {
              inside--;
              as.state.done++;
              as.success();
            }, 10);
            as.setCancel(() => clearTimeout(timer));
          });
        });
      });
    }
  });
  await root.promise();
  // The most throttle entries seen within any 45 ms span (a window is 50 ms; 5 ms of timer slack).
  const maxEntriesPerWindow = Math.max(...entries.map((t) => entries.filter((u) => u >= t && u < t + 45).length));
  const report = { done: root.state.done as number, maxInside, maxEntriesPerWindow };
  log(`  ${report.done} jobs done; at most ${report.maxInside} inside the mutex; throttle entries at (ms): ${entries.join(', ')}`);
  return report;
}
