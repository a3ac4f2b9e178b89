// The seven workloads, each written idiomatically for every contestant.
// Every `run()` returns a value that `check` verifies, so a contestant that
// skips work fails the benchmark instead of looking fast.
import { createRequire } from 'node:module';
import { Effect, Semaphore } from 'effect';
import { $as, Mutex } from '../../dist/ftn12.js';
import { flow, run, Mutex as FlowMutex } from '../../dist/index.js';

const require = createRequire(import.meta.url);
// The reference implementation in its fastest mode (no development checks).
process.env.NODE_ENV ??= 'production';
const futoinModule = require('futoin-asyncsteps');
const futoin = { $as: () => new futoinModule.AsyncSteps(), Mutex: futoinModule.Mutex };

const N_REPEAT = 10_000;
const N_BRANCHES = 100;
const N_QUEUED = 100;
const tick = () => Promise.resolve();

// ---- W1: a step that adds one nested step, then a final step -------------
const innerFlow = flow().step(() => 1);
const w1Flow = flow().step((as) => as.run(innerFlow, undefined)).step((as, v) => v + 1);
export const W1 = {
  title: 'W1 nested step + final step',
  check: (v) => v === 2,
  contestants: {
    'async/await': async () => {
      const inner = async () => 1;
      const outer = async () => await inner();
      return (await outer()) + 1;
    },
    'futoin-asyncsteps': () =>
      futoin.$as().add((as) => as.add((as) => as.success(1))).add((as, v) => as.success(v + 1)).promise(),
    'effect': () => Effect.runPromise(Effect.suspend(() => Effect.succeed(1)).pipe(Effect.flatMap((v) => Effect.succeed(v + 1)))),
    'stepflow ftn12': () => $as().add((as) => as.add((as) => as.success(1))).add((as, v) => as.success(v + 1)).promise(),
    'stepflow dsl': () => run(w1Flow, undefined),
  },
};

// ---- W2: a 10,000-iteration repeat of a trivial synchronous step ---------
const w2Flow = flow().step((as) => { as.state.acc = 0; }).repeat(N_REPEAT, (as, i) => { as.state.acc += i; }).step((as) => as.state.acc);
const W2_SUM = (N_REPEAT * (N_REPEAT - 1)) / 2;
export const W2 = {
  title: 'W2 repeat x10,000 sync step',
  check: (v) => v === W2_SUM,
  contestants: {
    'async/await': async () => {
      let acc = 0;
      const step = async (i) => { acc += i; };
      for (let i = 0; i < N_REPEAT; i++) await step(i);
      return acc;
    },
    'futoin-asyncsteps': () => {
      let acc = 0;
      return futoin.$as().repeat(N_REPEAT, (as, i) => { acc += i; }).add((as) => as.success(acc)).promise();
    },
    'effect': () => {
      let acc = 0;
      return Effect.runPromise(Effect.gen(function* () {
        for (let i = 0; i < N_REPEAT; i++) yield* Effect.sync(() => { acc += i; });
        return acc;
      }));
    },
    'stepflow ftn12': () => {
      let acc = 0;
      return $as().repeat(N_REPEAT, (as, i) => { acc += i; }).add((as) => as.success(acc)).promise();
    },
    'stepflow dsl': () => run(w2Flow, undefined),
  },
};

// ---- W3: ten sequential steps, each passing input + 1 --------------------
let w3Flow = flow();
for (let i = 0; i < 10; i++) w3Flow = w3Flow.step((as, n) => n + 1);
export const W3 = {
  title: 'W3 ten steps n+1',
  check: (v) => v === 10,
  contestants: {
    'async/await': async () => {
      const inc = async (n) => n + 1;
      let v = 0;
      for (let i = 0; i < 10; i++) v = await inc(v);
      return v;
    },
    'futoin-asyncsteps': () => {
      const root = futoin.$as().add((as) => as.success(0));
      for (let i = 0; i < 10; i++) root.add((as, n) => as.success(n + 1));
      return root.promise();
    },
    'effect': () => {
      let e = Effect.succeed(0);
      for (let i = 0; i < 10; i++) e = Effect.flatMap(e, (n) => Effect.succeed(n + 1));
      return Effect.runPromise(e);
    },
    'stepflow ftn12': () => {
      const root = $as().successStep(0);
      for (let i = 0; i < 10; i++) root.add((as, n) => as.success(n + 1));
      return root.promise();
    },
    'stepflow dsl': () => run(w3Flow, 0),
  },
};

// ---- W4: a parallel block of 100 trivial branches, then a join step ------
const w4Flow = flow()
  .parallel(Array.from({ length: N_BRANCHES }, (_, i) => () => i))
  .step((as, values) => values.length);
export const W4 = {
  title: 'W4 parallel x100 + join',
  check: (v) => v === N_BRANCHES,
  contestants: {
    'async/await': async () => {
      const values = await Promise.all(Array.from({ length: N_BRANCHES }, async (_, i) => i));
      return values.length;
    },
    'futoin-asyncsteps': () => {
      const root = futoin.$as();
      root.add((as) => {
        as.state.done = 0;
        const p = as.parallel();
        for (let i = 0; i < N_BRANCHES; i++) p.add((as) => { as.state.done++; });
      }).add((as) => as.success(as.state.done));
      return root.promise();
    },
    'effect': () => Effect.runPromise(Effect.all(Array.from({ length: N_BRANCHES }, (_, i) => Effect.succeed(i)), { concurrency: 'unbounded' }).pipe(Effect.map((v) => v.length))),
    'stepflow ftn12': () => {
      const root = $as();
      root.add((as) => {
        as.state.done = 0;
        const p = as.parallel();
        for (let i = 0; i < N_BRANCHES; i++) p.add((as) => { as.state.done++; });
      }).add((as) => as.success(as.state.done));
      return root.promise();
    },
    'stepflow dsl': () => run(w4Flow, undefined),
  },
};

// ---- W5: inner error caught by an outer handler that recovers ------------
const w5Flow = flow().step((as) => as.error('Oops')).catch(() => 1).step((as, v) => v + 1);
export const W5 = {
  title: 'W5 error caught + recover',
  check: (v) => v === 2,
  contestants: {
    'async/await': async () => {
      const inner = async () => { throw new Error('Oops'); };
      let v;
      try { v = await inner(); } catch { v = 1; }
      return v + 1;
    },
    'futoin-asyncsteps': () =>
      futoin.$as().add((as) => as.add((as) => as.error('Oops')), (as, err) => as.success(1)).add((as, v) => as.success(v + 1)).promise(),
    'effect': () => Effect.runPromise(Effect.fail('Oops').pipe(Effect.catch(() => Effect.succeed(1)), Effect.map((v) => v + 1))),
    'stepflow ftn12': () => $as().add((as) => as.add((as) => as.error('Oops')), (as, err) => as.success(1)).add((as, v) => as.success(v + 1)).promise(),
    'stepflow dsl': () => run(w5Flow, undefined),
  },
};

// ---- W6: 100 concurrent flows through one Mutex(1) critical section ------
function promiseLock() {
  let tail = Promise.resolve();
  return (fn) => {
    const result = tail.then(fn);
    tail = result.then(() => {}, () => {});
    return result;
  };
}
export const W6 = {
  title: 'W6 100 flows through Mutex(1)',
  check: (v) => v === N_QUEUED,
  contestants: {
    'async/await': async () => {
      const lock = promiseLock();
      let inside = 0;
      let done = 0;
      await Promise.all(Array.from({ length: N_QUEUED }, () => lock(async () => {
        if (inside++ !== 0) throw new Error('not exclusive');
        await tick();
        inside--;
        done++;
      })));
      return done;
    },
    'futoin-asyncsteps': async () => {
      const mutex = new futoin.Mutex(1);
      let done = 0;
      await Promise.all(Array.from({ length: N_QUEUED }, () => futoin.$as().sync(mutex, (as) => {
        tick().then(() => { done++; as.success(); });
        as.waitExternal();
      }).promise()));
      return done;
    },
    'effect': () => {
      const sem = Semaphore.makeUnsafe(1);
      let done = 0;
      const section = Semaphore.withPermit(sem)(Effect.promise(async () => { await tick(); done++; }));
      return Effect.runPromise(Effect.all(Array.from({ length: N_QUEUED }, () => section), { concurrency: 'unbounded', discard: true }).pipe(Effect.map(() => done)));
    },
    'stepflow ftn12': async () => {
      const mutex = new Mutex(1);
      let done = 0;
      await Promise.all(Array.from({ length: N_QUEUED }, () => $as().sync(mutex, (as) => {
        tick().then(() => { done++; as.success(); });
        as.waitExternal();
      }).promise()));
      return done;
    },
    'stepflow dsl': async () => {
      const mutex = new FlowMutex(1);
      let done = 0;
      const guarded = flow().sync(mutex, async () => { await tick(); done++; });
      await Promise.all(Array.from({ length: N_QUEUED }, () => run(guarded, undefined)));
      return done;
    },
  },
};

export const throughputWorkloads = [W1, W2, W3, W4, W5, W6];
