// The six throughput workloads, each written idiomatically for every
// contestant. Every run returns a value that `check` verifies, so a
// contestant that skips work fails the benchmark instead of looking fast.
// stepflow's contestants are built from a library object, so two builds
// can be measured side by side (see ab.mjs).
import { createRequire } from 'node:module';
import { Effect, Semaphore } from 'effect';
import * as ftn12Lib from '../../dist/ftn12.js';
import * as indexLib from '../../dist/index.js';

const require = createRequire(import.meta.url);
// The reference implementation in its fastest mode (no development checks).
process.env.NODE_ENV ??= 'production';
const futoinModule = require('futoin-asyncsteps');
const futoin = { $as: () => new futoinModule.AsyncSteps(), Mutex: futoinModule.Mutex };

const N_REPEAT = 10_000;
const N_BRANCHES = 100;
const N_QUEUED = 100;
const W2_SUM = (N_REPEAT * (N_REPEAT - 1)) / 2;
const tick = () => Promise.resolve();

function promiseLock() {
  let tail = Promise.resolve();
  return (fn) => {
    const result = tail.then(fn);
    tail = result.then(() => {}, () => {});
    return result;
  };
}

/** The workloads with their peers: async/await, futoin-asyncsteps and Effect. */
const peers = [
  {
    // ---- W1: a step that adds one nested step, then a final step
    title: 'W1 nested step + final step',
    check: (v) => v === 2,
    contestants: {
      'async/await': async () => {
        const inner = async () => 1;
        const outer = async () => await inner();
        return (await outer()) + 1;
      },
      'futoin-asyncsteps': () => futoin.$as().add((as) => as.add((as) => as.success(1))).add((as, v) => as.success(v + 1)).promise(),
      'effect': () => Effect.runPromise(Effect.suspend(() => Effect.succeed(1)).pipe(Effect.flatMap((v) => Effect.succeed(v + 1)))),
    },
  },
  {
    // ---- W2: a 10,000-iteration repeat of a trivial synchronous step
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
    },
  },
  {
    // ---- W3: ten sequential steps, each passing input + 1
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
    },
  },
  {
    // ---- W4: a parallel block of 100 trivial branches, then a join step
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
    },
  },
  {
    // ---- W5: inner error caught by an outer handler that recovers
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
    },
  },
  {
    // ---- W6: 100 concurrent flows through one Mutex(1) critical section
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
    },
  },
];

/**
 * stepflow's two front ends for each workload, from one build: `index` is
 * its `stepflow` entry, `ftn12` its `stepflow/ftn12` entry.
 */
export function stepflowContestants({ index, ftn12 }) {
  const { flow, run } = index;
  const { $as, Mutex } = ftn12;
  const innerFlow = flow().step(() => 1);
  const w1Flow = flow().step((as) => as.run(innerFlow, undefined)).step((as, v) => v + 1);
  const w2Flow = flow().step((as) => { as.state.acc = 0; }).repeat(N_REPEAT, (as, i) => { as.state.acc += i; }).step((as) => as.state.acc);
  let w3Flow = flow();
  for (let i = 0; i < 10; i++) w3Flow = w3Flow.step((as, n) => n + 1);
  const w4Flow = flow().parallel(Array.from({ length: N_BRANCHES }, (_, i) => () => i)).step((as, values) => values.length);
  const w5Flow = flow().step((as) => as.error('Oops')).catch(() => 1).step((as, v) => v + 1);
  return [
    {
      ftn12: () => $as().add((as) => as.add((as) => as.success(1))).add((as, v) => as.success(v + 1)).promise(),
      dsl: () => run(w1Flow, undefined),
    },
    {
      ftn12: () => {
        let acc = 0;
        return $as().repeat(N_REPEAT, (as, i) => { acc += i; }).add((as) => as.success(acc)).promise();
      },
      dsl: () => run(w2Flow, undefined),
    },
    {
      ftn12: () => {
        const root = $as().successStep(0);
        for (let i = 0; i < 10; i++) root.add((as, n) => as.success(n + 1));
        return root.promise();
      },
      dsl: () => run(w3Flow, 0),
    },
    {
      ftn12: () => {
        const root = $as();
        root.add((as) => {
          as.state.done = 0;
          const p = as.parallel();
          for (let i = 0; i < N_BRANCHES; i++) p.add((as) => { as.state.done++; });
        }).add((as) => as.success(as.state.done));
        return root.promise();
      },
      dsl: () => run(w4Flow, undefined),
    },
    {
      ftn12: () => $as().add((as) => as.add((as) => as.error('Oops')), (as, err) => as.success(1)).add((as, v) => as.success(v + 1)).promise(),
      dsl: () => run(w5Flow, undefined),
    },
    {
      ftn12: async () => {
        const mutex = new Mutex(1);
        let done = 0;
        await Promise.all(Array.from({ length: N_QUEUED }, () => $as().sync(mutex, (as) => {
          tick().then(() => { done++; as.success(); });
          as.waitExternal();
        }).promise()));
        return done;
      },
      dsl: async () => {
        const mutex = new index.Mutex(1);
        let done = 0;
        const guarded = flow().sync(mutex, async () => { await tick(); done++; });
        await Promise.all(Array.from({ length: N_QUEUED }, () => run(guarded, undefined)));
        return done;
      },
    },
  ];
}

/**
 * The workloads with the given stepflow builds as contestants, each named
 * `<label> ftn12` / `<label> dsl`; `withPeers: false` keeps async/await only.
 */
export function workloadsFor(builds, { withPeers = true } = {}) {
  const sets = Object.entries(builds).map(([label, lib]) => [label, stepflowContestants(lib)]);
  return peers.map((w, i) => {
    const contestants = withPeers ? { ...w.contestants } : { 'async/await': w.contestants['async/await'] };
    for (const [label, set] of sets) {
      contestants[`${label} ftn12`] = set[i].ftn12;
      contestants[`${label} dsl`] = set[i].dsl;
    }
    return { title: w.title, check: w.check, contestants };
  });
}

export const throughputWorkloads = workloadsFor({ stepflow: { index: indexLib, ftn12: ftn12Lib } });
