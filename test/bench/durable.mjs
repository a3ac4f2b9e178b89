// `npm run bench:durable`: what durability costs. Checkpointed steps per
// second on SQLite and PostgreSQL, grouping synchronous steps (the default
// `async` checkpoints) and committing every step, against the same flow run
// in memory; the storage a 100,000-iteration loop leaves (it must not grow
// with iterations); resume latency after a worker is killed. Runs on dist/.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { flow, run } from '../../dist/index.js';
import { createDurable, postgresStore, sqliteStore } from '../../dist/durable.js';
import { startPg } from '../support/pg-server.mjs';

const ITER = Number(process.env.DURABLE_ITER ?? 2_000);
const SYNC = 9;
const tmp = mkdtempSync(join(os.tmpdir(), 'stepflow-bench-'));
let pg = null;

// One iteration: an async step (an I/O call) then SYNC synchronous steps.
let body = flow('iteration').step('io', async () => {});
for (let i = 0; i < SYNC; i++) body = body.step(`calc${i}`, (as, x) => x);
const work = (n) => flow(`work-${n}`).repeat(n, body);
const stepsOf = (n) => n * (SYNC + 1);

async function durableRate(makeStore, checkpoints, n) {
  const store = makeStore();
  const engine = createDurable({ store, checkpoints, parkAfterMs: 60_000 });
  const f = work(n);
  const worker = engine.worker({ flows: [f], pollMs: 5 });
  const t = performance.now();
  const id = await engine.start(f, 0);
  await engine.result(id, { timeoutMs: 600_000 });
  const ms = performance.now() - t;
  const info = await engine.get(id);
  await worker.close();
  await engine.close();
  await store.close();
  return { stepsPerSec: (stepsOf(n) / ms) * 1000, commits: info.checkpoints, ms };
}

async function memoryRate(n) {
  const f = work(n);
  for (let i = 0; i < 3; i++) await run(f, 0);
  const rates = [];
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    await run(f, 0);
    rates.push((stepsOf(n) / (performance.now() - t)) * 1000);
  }
  return rates.sort((a, b) => a - b)[3];
}

function sqliteSize(path) {
  let total = 0;
  for (const ext of ['', '-wal']) {
    try {
      total += statSync(path + ext).size;
    } catch {}
  }
  return total;
}

async function storageAfter(n) {
  const path = join(tmp, `loop-${n}.db`);
  const store = sqliteStore({ path });
  const engine = createDurable({ store, parkAfterMs: 60_000 });
  const f = flow(`loop-${n}`).repeat(n, async (as) => {
    as.update((d) => {
      d.i = (d.i ?? 0) + 1;
    });
  });
  const worker = engine.worker({ flows: [f], pollMs: 5 });
  const id = await engine.start(f, 0);
  // The cursor is sampled while the run goes on; the database is measured at the end.
  let cursorBytes = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const r = await store.get(id);
      if (r?.cursor) cursorBytes = Math.max(cursorBytes, JSON.stringify(r.cursor).length);
      await new Promise((res) => setTimeout(res, 2));
    }
  })();
  await engine.result(id, { timeoutMs: 600_000 });
  sampling = false;
  await sampler;
  const info = await engine.get(id);
  await worker.close();
  await engine.close();
  await store.close();
  const Database = (await import('better-sqlite3')).default;
  const db = new Database(path);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const rows = db.prepare('SELECT count(*) AS h FROM stepflow_history').get();
  const pages = db.pragma('page_count', { simple: true }) * db.pragma('page_size', { simple: true });
  db.close();
  return { n, commits: info.checkpoints, historyRows: rows.h, cursorBytes, fileBytes: sqliteSize(path), pageBytes: pages };
}

// Resume latency: a worker process holding a run is killed; a new worker takes the run over after the lease.
async function resumeLatency(leaseMs) {
  const path = join(tmp, `resume-${leaseMs}.db`);
  const worker = fileURLToPath(new URL('./durable-worker.mjs', import.meta.url));
  const child = spawn(process.execPath, [worker, path, String(leaseMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((r) => child.stdout.once('data', r));
  const store = sqliteStore({ path, historyLimit: Infinity });
  const engine = createDurable({ store, leaseMs });
  const { slow } = await import('./durable-worker.mjs');
  const id = await engine.start(slow, 0, { id: `resume-${leaseMs}` });
  while ((await engine.get(id)).checkpoints < 20) await new Promise((r) => setTimeout(r, 5));
  const killedAt = Date.now();
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  const w = engine.worker({ flows: [slow], pollMs: 5 });
  await engine.result(id, { timeoutMs: 60_000 });
  const h = (await engine.get(id)).history;
  const rec = h.findIndex((e) => e.kind === 'recovered');
  const claimedAt = h[rec].at.getTime();
  const nextCommit = h.slice(rec + 1).find((e) => e.kind === 'checkpoint').at.getTime();
  await w.close();
  await engine.close();
  await store.close();
  return { leaseMs, takeoverMs: claimedAt - killedAt, resumeMs: nextCommit - claimedAt };
}

console.log(`stepflow durable benchmark — ${new Date().toISOString().slice(0, 10)}, ${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}, node ${process.version}`);
console.log(`flow: repeat(${ITER}) of [1 async step + ${SYNC} sync steps] = ${stepsOf(ITER)} steps\n`);
try {
  const mem = await memoryRate(ITER);
  console.log(`in memory (run()): ${Math.round(mem).toLocaleString('en')} steps/s`);
  pg = startPg();
  const stores = {
    sqlite: () => sqliteStore({ path: join(tmp, `rate-${Math.random()}.db`) }),
    postgres: () => postgresStore({ connectionString: pg.url, max: 2 }),
  };
  const rows = [];
  for (const [name, make] of Object.entries(stores)) {
    for (const mode of ['async', 'every-step']) {
      await durableRate(make, mode, Math.min(200, ITER)); // warm-up
      const r = await durableRate(make, mode, ITER);
      rows.push([name, mode, r]);
      console.log(`${name}, ${mode} checkpoints: ${Math.round(r.stepsPerSec).toLocaleString('en')} steps/s (${r.commits} commits, ${(r.ms / r.commits).toFixed(3)} ms/commit; ${(mem / r.stepsPerSec).toFixed(1)}x slower than in memory)`);
    }
  }
  console.log('\nstorage of one run of a loop (SQLite, default history limit 100):');
  for (const n of [1_000, 10_000, 100_000]) {
    const s = await storageAfter(n);
    console.log(`  ${n.toLocaleString('en')} iterations: ${s.commits} commits, ${s.historyRows} history rows, largest cursor ${s.cursorBytes} B, database ${s.pageBytes.toLocaleString('en')} B`);
  }
  console.log('\nresume after SIGKILL (SQLite):');
  for (const leaseMs of [500, 2_000]) {
    const r = await resumeLatency(leaseMs);
    console.log(`  lease ${leaseMs} ms: taken over ${r.takeoverMs} ms after the kill; first checkpoint ${r.resumeMs} ms after the claim`);
  }
  console.log(`\n| store | checkpoints | steps/s | ms/commit | vs in memory |\n|---|---|---|---|---|`);
  console.log(`| memory | — | ${Math.round(mem).toLocaleString('en')} | — | 1.0x |`);
  for (const [name, mode, r] of rows) console.log(`| ${name} | ${mode} | ${Math.round(r.stepsPerSec).toLocaleString('en')} | ${(r.ms / r.commits).toFixed(3)} | ${(mem / r.stepsPerSec).toFixed(1)}x slower |`);
} finally {
  pg?.stop();
  rmSync(tmp, { recursive: true, force: true });
}
