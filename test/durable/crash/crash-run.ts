/**
 * The crash test: runs of a flow using every durable construct, worked on
 * by several worker processes that are killed with SIGKILL at random
 * moments (at step boundaries and mid-step; the victim holds a run then)
 * and replaced, while approvals arrive as signals (some before the run
 * waits, some twice). Then every
 * run must have finished exactly once with the output of an uncrashed run,
 * with every checkpoint stored once and in order, and the keyed side
 * effects exactly those of the uncrashed run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const workerFile = fileURLToPath(new URL('./worker.mjs', import.meta.url));
/** The built package and the flows shared with the workers (plain ESM, loaded as the workers load them). */
const load = (path: string): Promise<any> => import(new URL(path, import.meta.url).href);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const commitKinds = new Set(['checkpoint', 'parked', 'succeeded', 'failed', 'cancelled']);

export interface CrashOptions {
  readonly kind: 'sqlite' | 'postgres';
  /** The SQLite file or the Postgres URL. */
  readonly where: string;
  readonly runs: number;
  readonly kills: number;
  readonly workers: number;
  readonly leaseMs: number;
  readonly timeoutMs: number;
}

export interface CrashReport {
  readonly runs: number;
  readonly kills: number;
  readonly recoveries: number;
  readonly checkpoints: number;
  readonly effects: number;
  readonly bodyCalls: number;
  readonly ms: number;
}

export interface WorkerProc {
  readonly name: string;
  readonly child: ChildProcess;
  readonly lines: any[];
  readonly ready: Promise<void>;
}

let spawned = 0;
export function spawnWorker(o: Pick<CrashOptions, 'kind' | 'where' | 'leaseMs'>, name = `w${++spawned}`): WorkerProc {
  const child = spawn(process.execPath, [workerFile, o.kind, o.where, String(o.leaseMs), name], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: any[] = [];
  let buf = '';
  let ready!: () => void;
  const readyP = new Promise<void>((r) => (ready = r));
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      try {
        const o = JSON.parse(line);
        lines.push(o);
        if (o.ready === true) ready();
      } catch {
        lines.push({ text: line });
      }
    }
  });
  child.stderr!.on('data', (d: Buffer) => lines.push({ stderr: d.toString() }));
  child.on('exit', () => ready());
  return { name, child, lines, ready: readyP };
}

export function kill(w: WorkerProc, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (w.child.exitCode !== null || w.child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => {
    w.child.once('exit', () => r());
    w.child.kill(signal);
  });
}

/** Outputs and keyed effects of the runs uncrashed, in this process on an in-memory store. */
async function reference(runs: number): Promise<{ outputs: Map<string, unknown>; effects: Set<string> }> {
  const { createDurable, sqliteStore } = await load('../../../dist/durable.js');
  const flows = await load('./flows.mjs');
  const effects = new Set<string>();
  flows.setSink({ effect: (k: string) => void effects.add(k), call: () => {} });
  const engine = createDurable({ store: sqliteStore({ path: ':memory:' }), parkAfterMs: 10 });
  const worker = engine.worker({ flows: [flows.order], concurrency: 50, pollMs: 5 });
  const outputs = new Map<string, unknown>();
  try {
    const ids: string[] = [];
    for (let i = 0; i < runs; i++) {
      const id = await engine.start(flows.order, flows.inputOf(i), { id: `crash-${i}` });
      await engine.signal(id, 'approved', flows.approvalOf(i), { signalId: `approve-${i}` });
      ids.push(id);
    }
    for (const id of ids) outputs.set(id, await engine.result(id, { timeoutMs: 60_000 }));
  } finally {
    await worker.close();
    await engine.close();
  }
  return { outputs, effects };
}

export async function crashTest(o: CrashOptions): Promise<CrashReport> {
  const t0 = Date.now();
  const ref = await reference(o.runs);
  const { createDurable, sqliteStore, postgresStore } = await load('../../../dist/durable.js');
  const flows = await load('./flows.mjs');
  const { openSink } = await load('./sinks.mjs');
  const sink = await openSink(o.kind, o.where);
  const store = o.kind === 'sqlite' ? sqliteStore({ path: o.where, historyLimit: Infinity }) : postgresStore({ connectionString: o.where, max: 4, historyLimit: Infinity });
  const engine = createDurable({ store });
  const workers: WorkerProc[] = [];
  try {
    for (let k = 0; k < o.workers; k++) workers.push(spawnWorker(o));
    await Promise.all(workers.map((w) => w.ready));
    const ids: string[] = [];
    const signalAt: { i: number; at: number }[] = [];
    const span = Math.max(1_000, o.kills * 120);
    for (let i = 0; i < o.runs; i++) {
      const id = await engine.start(flows.order, flows.inputOf(i), { id: `crash-${i}` });
      ids.push(id);
      // A third of the approvals come before the run waits; the rest over the time the workers are being killed.
      if (i % 3 === 0) await engine.signal(id, 'approved', flows.approvalOf(i), { signalId: `approve-${i}` });
      else signalAt.push({ i, at: Date.now() + Math.random() * span });
    }
    const sendDue = async (all = false) => {
      for (const s of signalAt.splice(0)) {
        if (all || s.at <= Date.now()) {
          await engine.signal(`crash-${s.i}`, 'approved', flows.approvalOf(s.i), { signalId: `approve-${s.i}` });
          // A duplicate delivery of the same signal is dropped.
          if (s.i % 2 === 0) expect(await engine.signal(`crash-${s.i}`, 'approved', { by: 'duplicate' }, { signalId: `approve-${s.i}` })).toBe(false);
        } else signalAt.push(s);
      }
    };
    // The victim is a worker that holds a run at that moment, so a kill is a crash mid-run (waited for a
    // little while, as runs park between steps); only when none comes, a worker dies idle.
    const victimNow = async (): Promise<number> => {
      for (let tries = 0; tries < 30; tries++) {
        const owners = new Set((await store.list({ status: ['running'], limit: 1000 })).map((r: any) => r.owner));
        const holding = workers.flatMap((w, k) => (owners.has(w.name) ? [k] : []));
        if (holding.length > 0) return holding[Math.floor(Math.random() * holding.length)]!;
        await sleep(10);
        await sendDue();
      }
      return Math.floor(Math.random() * workers.length);
    };
    let kills = 0;
    while (kills < o.kills) {
      await sleep(20 + Math.random() * 160);
      await sendDue();
      const victim = await victimNow();
      await kill(workers[victim]!);
      kills++;
      workers[victim] = spawnWorker(o);
      if (Date.now() - t0 > o.timeoutMs) throw new Error(`the crash test ran out of time after ${kills} kills`);
    }
    await sendDue(true);
    const deadline = Date.now() + o.timeoutMs;
    for (;;) {
      const open = await store.list({ status: ['pending', 'running', 'waiting'], limit: 1 });
      if (open.length === 0) break;
      if (Date.now() > deadline) throw new Error(`runs still open after the kills: ${JSON.stringify(open.map((r: any) => [r.id, r.status, r.seq]))}`);
      await sleep(50);
    }
    // Every run finished once, as the uncrashed run did.
    let recoveries = 0;
    let checkpoints = 0;
    for (const id of ids) {
      const r = (await store.get(id))!;
      expect(r.status, `${id}: ${JSON.stringify(r.error)}`).toBe('succeeded');
      expect(r.result, id).toEqual(ref.outputs.get(id));
      const commits = r.history!.filter((h: any) => commitKinds.has(h.kind)).map((h: any) => h.seq);
      expect(commits, `${id}: checkpoints lost or stored twice`).toEqual(Array.from({ length: r.seq }, (_, k) => k + 1));
      expect(r.history!.filter((h: any) => h.kind === 'succeeded')).toHaveLength(1);
      recoveries += r.history!.filter((h: any) => h.kind === 'recovered').length;
      checkpoints += r.seq;
    }
    const effects = await sink.effects();
    expect(new Set(effects.map((e: { key: string }) => e.key))).toEqual(ref.effects);
    const bodyCalls = await sink.calls();
    expect(bodyCalls).toBeGreaterThanOrEqual(effects.length);
    return { runs: o.runs, kills, recoveries, checkpoints, effects: effects.length, bodyCalls, ms: Date.now() - t0 };
  } finally {
    await Promise.all(workers.map((w) => kill(w)));
    await engine.close();
    await sink.close();
  }
}
