// W7: 100,000 flows suspended on an external event. Measures the retained
// heap per suspended flow (needs --expose-gc), then resumes and completes all.
import { createRequire } from 'node:module';
import { Effect } from 'effect';
import { $as } from '../../dist/ftn12.js';
import { flow, run } from '../../dist/index.js';

const require = createRequire(import.meta.url);
// The reference implementation in its fastest mode (no development checks).
process.env.NODE_ENV ??= 'production';
const futoinModule = require('futoin-asyncsteps');
const futoin = { $as: () => new futoinModule.AsyncSteps(), Mutex: futoinModule.Mutex };

const suspenders = {
  'async/await': (n) => {
    const resolvers = [];
    const flows = [];
    const one = async () => (await new Promise((r) => resolvers.push(r))) + 1;
    for (let i = 0; i < n; i++) flows.push(one());
    return { resume: () => { for (const r of resolvers) r(1); }, done: () => Promise.all(flows) };
  },
  'futoin-asyncsteps': (n) => {
    const waiters = [];
    const flows = [];
    for (let i = 0; i < n; i++) {
      flows.push(futoin.$as().add((as) => { waiters.push(as); as.waitExternal(); }).add((as, v) => as.success(v + 1)).promise());
    }
    return { resume: () => { for (const as of waiters) as.success(1); }, done: () => Promise.all(flows) };
  },
  'effect': (n) => {
    const waiters = [];
    const flows = [];
    const one = Effect.callback((resume) => { waiters.push(resume); }).pipe(Effect.map((v) => v + 1));
    for (let i = 0; i < n; i++) flows.push(Effect.runPromise(one));
    return { resume: () => { for (const r of waiters) r(Effect.succeed(1)); }, done: () => Promise.all(flows) };
  },
  'stepflow ftn12': (n) => {
    const waiters = [];
    const flows = [];
    for (let i = 0; i < n; i++) {
      flows.push($as().add((as) => { waiters.push(as); as.waitExternal(); }).add((as, v) => as.success(v + 1)).promise());
    }
    return { resume: () => { for (const as of waiters) as.success(1); }, done: () => Promise.all(flows) };
  },
  'stepflow dsl': (n) => {
    const waiters = [];
    const flows = [];
    const waiting = flow().step((as) => { waiters.push(as); as.waitExternal(); }).step((as, v) => v + 1);
    // Awaited at once, as `await run(...)` would: the Execution's promise exists while suspended.
    for (let i = 0; i < n; i++) flows.push(run(waiting, undefined).then((v) => v));
    return { resume: () => { for (const as of waiters) as.success(1); }, done: () => Promise.all(flows) };
  },
};

const settle = () => new Promise((r) => setImmediate(r));

async function heapNow() {
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await settle();
  }
  return process.memoryUsage().heapUsed;
}

/** Bytes of heap per suspended flow for one contestant, checked by completing every flow. */
export async function measureOne(name, n = 100_000) {
  if (typeof globalThis.gc !== 'function') throw new Error('W7 needs node --expose-gc');
  const make = suspenders[name];
  const before = await heapNow();
  const batch = make(n);
  await settle();
  const after = await heapNow();
  batch.resume();
  const values = await batch.done();
  if (values.length !== n || values.some((v) => v !== 2)) throw new Error(`W7 ${name}: flows did not complete with 2`);
  return (after - before) / n;
}

/** Each contestant in a fresh process, so no contestant's garbage skews another's heap. */
export async function measureSuspended(n = 100_000) {
  const { execFileSync } = await import('node:child_process');
  const out = {};
  for (const name of Object.keys(suspenders)) {
    const stdout = execFileSync(process.execPath, ['--expose-gc', new URL(import.meta.url).pathname, name, String(n)], { encoding: 'utf8' });
    out[name] = Number(stdout.trim());
  }
  return out;
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const [name, n] = process.argv.slice(2);
  console.log(await measureOne(name, Number(n)));
}
