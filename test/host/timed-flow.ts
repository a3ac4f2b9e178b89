// A flow for host tests: records that it started, then takes `ms` of the
// given scheduler's time (with a step timeout just above it) and gives its id.
import { flow, type Scheduler } from '../../index.js';

export interface Job {
  readonly id: number;
  readonly ms: number;
}

export function timedFlow(sched: Scheduler, started: number[]) {
  return flow<Job>('timed')
    .step('begin', (as, job) => {
      started.push(job.id);
      return job;
    })
    .step<number>('work', (as, job) => {
      as.setTimeout(job.ms + 1);
      const handle = sched.setTimer(() => as.success(job.id), job.ms);
      as.setCancel(() => sched.clearTimer(handle));
    });
}
