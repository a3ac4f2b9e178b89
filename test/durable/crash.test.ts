/**
 * Durable runs under SIGKILL, on SQLite and on PostgreSQL. `npm test` runs
 * a size that fits (30 runs, 12 kills per store); `npm run test:crash` the
 * full size (CRASH_SIZE=full: 200 runs, 100 kills per store).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crashTest, kill, spawnWorker } from './crash/crash-run.js';
import { startPg, type PgServer } from '../support/pg-server.mjs';
import { tempDb } from './tmp-db.js';

const full = process.env.CRASH_SIZE === 'full';
const size = full ? { runs: 200, kills: 100, timeoutMs: 240_000 } : { runs: 30, kills: 12, timeoutMs: 60_000 };
const load = (path: string): Promise<any> => import(new URL(path, import.meta.url).href);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(['sqlite', 'postgres'] as const)('crash test on %s', (kind) => {
  let where = '';
  let done: () => void = () => {};
  beforeAll(() => {
    if (kind === 'sqlite') {
      const db = tempDb();
      where = db.path;
      done = db.remove;
    } else {
      const pg: PgServer = startPg();
      where = pg.url;
      done = pg.stop;
    }
  }, 60_000);
  afterAll(() => done());

  it(`${size.runs} runs, ${size.kills} SIGKILLs across 2 worker processes: each run finishes once, as uncrashed`, async () => {
    const report = await crashTest({ kind, where, ...size, workers: 2, leaseMs: 400 });
    console.log(`crash test (${kind}): ${JSON.stringify(report)}`);
    expect(report.kills).toBe(size.kills);
    expect(report.recoveries).toBeGreaterThan(0);
  }, size.timeoutMs * 3);

  it('a stopped worker past its lease cannot commit: another takes the run over', async () => {
    const { createDurable, sqliteStore, postgresStore } = await load('../../dist/durable.js');
    const flows = await load('./crash/flows.mjs');
    const { openSink } = await load('./crash/sinks.mjs');
    const sink = await openSink(kind, where);
    flows.setSink(sink.sink);
    const store = kind === 'sqlite' ? sqliteStore({ path: where, historyLimit: Infinity }) : postgresStore({ connectionString: where, historyLimit: Infinity });
    const engine = createDurable({ store, leaseMs: 300, parkAfterMs: 10 });
    const stale = spawnWorker({ kind, where, leaseMs: 300 });
    try {
      await stale.ready;
      const id = await engine.start(flows.stall, 800, { id: `stall-${kind}-${Date.now()}` });
      for (let i = 0; (await engine.get(id))?.owner !== stale.name; i++) {
        if (i > 200) throw new Error('the worker never claimed the run');
        await sleep(10);
      }
      await sleep(50);
      stale.child.kill('SIGSTOP');
      await sleep(700);
      const errors: unknown[] = [];
      const live = engine.worker({ flows: [flows.stall], pollMs: 20, onError: (e: unknown) => errors.push(e) });
      expect(await engine.result(id, { timeoutMs: 10_000 })).toBe(801);
      stale.child.kill('SIGCONT');
      // The stale worker wakes with its step about to finish: its commit (or heartbeat) is refused.
      for (let i = 0; !stale.lines.some((l) => l.error !== undefined && l.runId === id); i++) {
        if (i > 300) throw new Error(`the stale worker reported nothing: ${JSON.stringify(stale.lines)}`);
        await sleep(10);
      }
      const r = await engine.get(id);
      const commits = r.history.filter((h: any) => ['checkpoint', 'parked', 'succeeded'].includes(h.kind)).map((h: any) => h.seq);
      expect(commits).toEqual(Array.from({ length: r.checkpoints }, (_, k) => k + 1));
      expect(r.history.filter((h: any) => h.kind === 'recovered')).toHaveLength(1);
      expect(r.output).toBe(801);
      const said = stale.lines.filter((l) => l.runId === id).map((l) => `${l.error} ${l.message}`);
      expect(said.join('\n')).toMatch(/Fenced|lease .* was lost/);
      await live.close();
      expect(errors).toEqual([]);
    } finally {
      stale.child.kill('SIGCONT');
      await kill(stale);
      await engine.close();
      await sink.close();
    }
  }, 30_000);
});
