/** The durable engine API over the SQLite store: start, get, result, signal, cancel, list, workers, versions, refusals. */
import { afterEach, describe, expect, it } from 'vitest';
import { flow, FlowError, Mutex, resource } from '../../index.js';
import { createDurable, sqliteStore, type Durable, type RunStore } from '../../durable.js';
import { tempDb } from './tmp-db.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const later = <T>(v: T, ms = 1): Promise<T> => new Promise((r) => setTimeout(() => r(v), ms));

function engineOn(path?: string, options: { leaseMs?: number; parkAfterMs?: number } = {}): { engine: Durable; path: string } {
  let p = path;
  if (p === undefined) {
    const db = tempDb();
    cleanups.push(db.remove);
    p = db.path;
  }
  const engine = createDurable({ store: sqliteStore({ path: p }), ...options });
  cleanups.push(() => engine.close());
  return { engine, path: p };
}

describe('durable engine', () => {
  it('runs a flow through the store: state patches by step in the history, a parked wait woken by a signal', async () => {
    const { engine } = engineOn();
    const order = flow<{ n: number }>('order')
      .step('a', async (as, o) => o.n + 1)
      .step('b', (as, n) => {
        as.update((d: any) => {
          d.seen = n;
        });
        return n * 2;
      })
      .sleep(30)
      .waitFor<number>('bonus', { timeout: 5_000 })
      .step('c', async (as, bonus) => bonus + 1);
    const worker = engine.worker({ flows: [order], pollMs: 20 });
    const id = await engine.start(order, { n: 1 });
    for (let i = 0; (await engine.get(id))?.status !== 'waiting'; i++) {
      if (i > 300) throw new Error('the run never parked');
      await later(0, 10);
    }
    const parked = (await engine.get(id))!;
    expect(parked).toMatchObject({ status: 'waiting', waitingFor: ['bonus'], owner: null, wakeAt: expect.any(Date) });
    expect(worker.running).toBe(0);
    expect(await engine.signal(id, 'bonus', 41, { signalId: 'b-1' })).toBe(true);
    expect(await engine.signal(id, 'bonus', 99, { signalId: 'b-1' })).toBe(false);
    expect(await engine.result(id, { timeoutMs: 5_000 })).toBe(42);
    const info = (await engine.get(id))!;
    expect(info).toMatchObject({ status: 'succeeded', output: 42, state: { seen: 2 }, crashes: 0 });
    const kinds = info.history.map((h) => h.kind);
    expect(kinds[0]).toBe('claimed');
    expect(kinds).toContain('parked');
    expect(kinds.at(-1)).toBe('succeeded');
    expect(info.history.flatMap((h) => h.changes ?? [])).toEqual([{ step: 'order > b', patches: [{ op: 'add', path: ['seen'], value: 2 }] }]);
    await worker.close();
  });

  it('start with the same id is idempotent; another input under that id is refused', async () => {
    const { engine } = engineOn();
    const f = flow<number>('double').step('x2', async (as, n) => n * 2);
    const worker = engine.worker({ flows: [f], pollMs: 10 });
    const a = await engine.start(f, 4, { id: 'job-1' });
    const b = await engine.start(f, 4, { id: 'job-1' });
    expect(b).toBe(a);
    await expect(engine.start(f, 5, { id: 'job-1' })).rejects.toMatchObject({ code: 'InvalidRequest', message: expect.stringContaining('job-1') });
    expect(await engine.result(a)).toBe(8);
    expect((await engine.list({ flow: 'double' })).map((r) => r.id)).toEqual(['job-1']);
    await worker.close();
  });

  it('a failed run rejects result() with its FlowError (code, info, data, steps)', async () => {
    const { engine } = engineOn();
    const f = flow<number>('pay').step('charge', async () => {
      await later(0);
      throw new FlowError('PaymentFailed', 'declined', { data: { amount: 5 } });
    });
    const worker = engine.worker({ flows: [f], pollMs: 10 });
    const id = await engine.start(f, 1);
    const e = await engine.result(id).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FlowError);
    expect(e).toMatchObject({ code: 'PaymentFailed', info: 'declined', data: { amount: 5 } });
    expect((e as FlowError).steps).toContain('charge');
    expect((await engine.list({ status: 'failed' })).map((r) => r.id)).toEqual([id]);
    await worker.close();
  });

  it('cancel: a parked run is woken, its finally runs, and it ends cancelled', async () => {
    const { engine } = engineOn();
    const cleaned: string[] = [];
    const f = flow<number>('hold')
      .waitFor('never')
      .finally(async () => {
        cleaned.push('finally');
        await later(0);
      });
    const worker = engine.worker({ flows: [f], pollMs: 10 });
    const id = await engine.start(f, 1);
    for (let i = 0; (await engine.get(id))?.status !== 'waiting'; i++) {
      if (i > 300) throw new Error('never parked');
      await later(0, 10);
    }
    await engine.cancel(id);
    await expect(engine.result(id, { timeoutMs: 5_000 })).rejects.toMatchObject({ code: 'Cancelled' });
    expect(cleaned).toEqual(['finally']);
    expect((await engine.get(id))?.status).toBe('cancelled');
    await worker.close();
  });

  it('cancel reaches a run running in another engine (through the heartbeat)', async () => {
    const { engine, path } = engineOn(undefined, { leaseMs: 150 });
    const { engine: other } = engineOn(path, { leaseMs: 150 });
    let cancelled = false;
    const f = flow<number>('long').step('wait', (as) => {
      as.setCancel(() => void (cancelled = true));
      as.waitExternal();
    });
    const worker = engine.worker({ flows: [f], pollMs: 10 });
    const id = await engine.start(f, 1);
    for (let i = 0; (await engine.get(id))?.status !== 'running'; i++) await later(0, 10);
    await other.cancel(id);
    await expect(engine.result(id, { timeoutMs: 5_000 })).rejects.toMatchObject({ code: 'Cancelled' });
    expect(cancelled).toBe(true);
    await worker.close();
  });

  it('versions: a worker takes only runs of the graphs it has; old and new run side by side', async () => {
    const { engine } = engineOn();
    const v1 = flow<number>('greet').step('hello', async (as, n) => `v1:${n}`);
    const v2 = flow<number>('greet').step('hello', async (as, n) => `v2:${n}`).step('shout', (as, s) => s.toUpperCase());
    const sameShape = flow<number>('greet').step('hello', async (as, n) => `v1-fixed:${n}`);
    const old = await engine.start(v1, 1);
    const fresh = await engine.start(v2, 2);
    const w2 = engine.worker({ flows: [v2], pollMs: 10 });
    expect(await engine.result(fresh)).toBe('V2:2');
    await later(0, 50);
    expect((await engine.get(old))?.status).toBe('pending');
    expect((await engine.get(old))?.version).not.toBe((await engine.get(fresh))?.version);
    // A handler's body is not part of the version: the fixed v1 resumes v1's runs.
    const w1 = engine.worker({ flows: [sameShape], pollMs: 10 });
    expect(await engine.result(old)).toBe('v1-fixed:1');
    await w1.close();
    await w2.close();
  });

  it('refuses at start what a checkpoint cannot hold, naming the place', async () => {
    const { engine } = engineOn();
    const guarded = flow<number>('guarded').sync(new Mutex(), flow<number>().step('inside', (as, n) => n));
    await expect(engine.start(guarded, 1)).rejects.toThrow(/"guarded" cannot run durably[\s\S]*Mutex/);
    const unnamed = flow<number>().step((as, n) => n);
    await expect(engine.start(unnamed, 1)).rejects.toThrow(/needs a name/);
    const template = flow<number>('tpl').slot<number, number, 'fill-me'>('fill-me');
    await expect(engine.start(template as never, 1)).rejects.toThrow(/fill-me/);
    await expect(engine.start(flow<{ when: Date }>('dated').step((as, x) => x), { when: new Date() })).rejects.toThrow(/input.*Date|Date.*input/);
    await expect(engine.start(flow<{ when: Date }>('dated2').step((as, x) => x), { when: new Date() })).rejects.toMatchObject({ code: 'InvalidRequest' });
    await expect(engine.start(flow<{ when: Date }>('dated3').step((as, x) => x), { when: new Date() })).rejects.toBeInstanceOf(FlowError);
    expect(() => engine.worker({ flows: [] })).toThrow(/flows/);
    expect(() => createDurable({ store: {} as never })).toThrow(/RunStore.*create\(\)/);
    expect(() => createDurable({ leaseMs: -1 })).toThrow(/leaseMs/);
  });

  it('a map or forEach over an async iterable fails the run naming the step (it cannot be checkpointed), never parks it forever', async () => {
    const { engine } = engineOn();
    const items = async function* () {
      yield 1;
      yield 2;
    };
    const mapped = flow<number>('mapped').map(items, async (as, i) => later(i * 2));
    const looped = flow<number>('looped').forEach(items, async () => later(0));
    const worker = engine.worker({ flows: [mapped, looped], pollMs: 10 });
    cleanups.push(() => worker.close());
    const m = await engine.start(mapped, 1);
    await expect(engine.result(m, { timeoutMs: 5_000 })).rejects.toThrow(/mapped > map: a map over an async iterable cannot be checkpointed/);
    const l = await engine.start(looped, 1);
    await expect(engine.result(l, { timeoutMs: 5_000 })).rejects.toThrow(/looped > forEach: a loop over an async iterable cannot be checkpointed/);
  });

  it('allSettled results and AllFailed data carry FlowErrors across checkpoints, live again on the other side', async () => {
    const { engine } = engineOn();
    const fails = async (): Promise<number> => {
      await later(0);
      throw new Error('nope');
    };
    const settled = flow<number>('settled')
      .allSettled([fails, async () => later(2)])
      .step('statuses', async (as, r) => later(r.map((s) => (s.status === 'rejected' ? `${s.status}:${s.error.code}:${s.error instanceof FlowError}` : s.status))));
    const settledOut = flow<number>('settledOut').allSettled([fails, async () => later(2)]);
    const allFail = flow<number>('allFail')
      .any([fails, fails])
      .catch('AllFailed', async (as, e) => later((e.data as FlowError[]).map((x) => `${x.code}:${x instanceof FlowError}`).join(',')));
    const worker = engine.worker({ flows: [settled, settledOut, allFail], pollMs: 10 });
    cleanups.push(() => worker.close());
    expect(await engine.result(await engine.start(settled, 1), { timeoutMs: 5_000 })).toEqual(['rejected:InternalError:true', 'fulfilled']);
    const out = (await engine.result(await engine.start(settledOut, 1), { timeoutMs: 5_000 })) as Array<{ status: string; error?: FlowError }>;
    expect(out[0]!.error).toBeInstanceOf(FlowError);
    expect([out[0]!.error!.code, out[0]!.error!.info]).toEqual(['InternalError', 'nope']);
    expect(out[1]).toEqual({ status: 'fulfilled', value: 2 });
    expect(await engine.result(await engine.start(allFail, 1), { timeoutMs: 5_000 })).toBe('InternalError:true,InternalError:true');
  });

  it('signal and cancel name an unknown run; get gives undefined', async () => {
    const { engine } = engineOn();
    await expect(engine.signal('nope', 'x', 1)).rejects.toMatchObject({ code: 'InvalidRequest', message: expect.stringContaining('nope') });
    await expect(engine.cancel('nope')).rejects.toMatchObject({ code: 'InvalidRequest' });
    await expect(engine.result('nope')).rejects.toMatchObject({ code: 'InvalidRequest' });
    expect(await engine.get('nope')).toBeUndefined();
  });

  it('a closed worker gives its runs back at once: another worker carries on with no crash counted', async () => {
    const { engine } = engineOn(undefined, { leaseMs: 60_000 });
    let step = 0;
    const f = flow<number>('handover').repeat(50, async () => {
      step++;
      await later(0, 5);
    });
    const w1 = engine.worker({ flows: [f], pollMs: 10 });
    const id = await engine.start(f, 0);
    while (step < 5) await later(0, 5);
    await w1.close({ drainMs: 0 });
    const w2 = engine.worker({ flows: [f], pollMs: 10 });
    const t = Date.now();
    await engine.result(id, { timeoutMs: 10_000 });
    expect(Date.now() - t).toBeLessThan(5_000);
    expect((await engine.get(id))?.crashes).toBe(0);
    await w2.close();
  });
});

describe('packaging of the drivers', () => {
  it('createDurable() with no store keeps runs in ./stepflow.db', async () => {
    const db = tempDb();
    cleanups.push(db.remove);
    const dir = db.path.slice(0, db.path.lastIndexOf('/'));
    const was = process.cwd();
    process.chdir(dir);
    cleanups.push(() => process.chdir(was));
    const engine = createDurable();
    cleanups.push(() => engine.close());
    const f = flow<number>('default-store').step('inc', async (as, n) => n + 1);
    const worker = engine.worker({ flows: [f], pollMs: 10 });
    expect(await engine.result(await engine.start(f, 1))).toBe(2);
    await worker.close();
    const { existsSync } = await import('node:fs');
    expect(existsSync(`${dir}/stepflow.db`)).toBe(true);
  });

  it('neither stepflow nor stepflow/durable imports a database driver statically', async () => {
    const { readFileSync } = await import('node:fs');
    const { dirname, resolve } = await import('node:path');
    const seen = new Set<string>();
    const bare = new Set<string>();
    const walk = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/gm)) {
        const spec = m[1]!;
        if (spec.startsWith('.')) walk(resolve(dirname(file), spec));
        else bare.add(spec);
      }
    };
    walk(resolve('dist/index.js'));
    walk(resolve('dist/durable.js'));
    expect(seen.size).toBeGreaterThan(50);
    expect([...bare].filter((s) => s === 'pg' || s === 'better-sqlite3')).toEqual([]);
  });
});

describe('durable workers under failure', () => {
  const wrap = (inner: RunStore, override: Partial<RunStore>): RunStore => {
    const out: any = {};
    for (const k of Object.keys(inner)) out[k] = (inner as any)[k].bind(inner);
    return Object.assign(out, override);
  };

  it('a run whose worker keeps dying in one step goes dead after maxCrashes (a resume commits nothing until it progresses)', async () => {
    const db = tempDb();
    cleanups.push(db.remove);
    const inner = sqliteStore({ path: db.path, maxCrashes: 2, historyLimit: Infinity });
    cleanups.push(() => inner.close());
    // Heartbeats never reach the store: every worker looks dead once its lease runs out.
    const engine = createDurable({ store: wrap(inner, { heartbeat: async () => 'held' }), leaseMs: 150 });
    cleanups.push(() => engine.close());
    const f = flow<number>('poison')
      .step('a', async (as, n: number) => later(n + 1))
      .step('b', async () => new Promise<number>(() => {}));
    const id = await engine.start(f, 1);
    for (let i = 0; i < 8 && (await engine.get(id))?.status !== 'dead'; i++) {
      const w = engine.worker({ flows: [f], pollMs: 10, concurrency: 1, onError: () => {} });
      await later(0, 300);
      await w.close({ drainMs: 0 });
    }
    const info = (await engine.get(id))!;
    expect(info.status).toBe('dead');
    expect(info.error?.message).toContain('"poison > a"');
    const seqs = info.history.filter((h) => h.kind === 'checkpoint').map((h) => h.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
  }, 20_000);

  it('a heartbeat reply about an old lease does not touch a newer claim of the run', async () => {
    const db = tempDb();
    cleanups.push(db.remove);
    const inner = sqliteStore({ path: db.path });
    cleanups.push(() => inner.close());
    const slowBeat: RunStore['heartbeat'] = async (l, ms) => {
      await later(0, 40);
      const r = await inner.heartbeat(l, ms);
      await later(0, 40);
      return r;
    };
    const engine = createDurable({ store: wrap(inner, { heartbeat: slowBeat }), leaseMs: 300 });
    cleanups.push(() => engine.close());
    const errors: unknown[] = [];
    let bRuns = 0;
    const f = flow<number>('hb')
      .step('a', async (as, n: number) => later(n, 120))
      .waitFor<number>('go')
      .step('b', async (as, n: number) => {
        bRuns++;
        return later(n + 1, 400);
      });
    const w = engine.worker({ flows: [f], pollMs: 10, onError: (e) => errors.push(e) });
    const id = await engine.start(f, 1);
    await engine.signal(id, 'go', 5, { signalId: 'g1' });
    expect(await engine.result(id, { timeoutMs: 10_000 })).toBe(6);
    expect(errors).toEqual([]);
    expect(bRuns).toBe(1);
    expect((await engine.get(id))!.crashes).toBe(0);
    await w.close();
  }, 20_000);

  it('a signal sent from another process reaches a run held in memory', async () => {
    const { engine: workerSide, path } = engineOn(undefined, { leaseMs: 1_000 });
    const { engine: apiSide } = engineOn(path);
    let started = false;
    const f = flow<number>('approval').race({
      approved: flow<number>().waitFor<string>('approve'),
      work: flow<number>().step('poll', async (as) => {
        started = true;
        await new Promise((r) => {
          const t = setTimeout(r, 5_000);
          as.signal.addEventListener('abort', () => (clearTimeout(t), r(undefined)));
        });
        return 'worked';
      }),
    });
    const w = workerSide.worker({ flows: [f], pollMs: 10 });
    const id = await apiSide.start(f, 1);
    while (!started) await later(0, 10);
    await apiSide.signal(id, 'approve', 'yes');
    const t = Date.now();
    expect(await apiSide.result(id, { timeoutMs: 10_000 })).toBe('yes');
    expect(Date.now() - t).toBeLessThan(2_000);
    await w.close();
  }, 20_000);

  it('a cancel while the run is being committed as waiting runs its finally once', async () => {
    const db = tempDb();
    cleanups.push(db.remove);
    const inner = sqliteStore({ path: db.path });
    cleanups.push(() => inner.close());
    const parking: { go: (() => void) | null } = { go: null };
    const slowPark: RunStore['commit'] = async (lease, cp) => {
      if (cp.status === 'waiting') await new Promise<void>((r) => (parking.go = r));
      return inner.commit(lease, cp);
    };
    const engine = createDurable({ store: wrap(inner, { commit: slowPark }) });
    cleanups.push(() => engine.close());
    let finals = 0;
    const f = flow<number>('park-cancel')
      .waitFor('never')
      .finally(() => void finals++);
    const w = engine.worker({ flows: [f], pollMs: 10 });
    const id = await engine.start(f, 1);
    while (parking.go === null) await later(0, 5);
    await engine.cancel(id);
    parking.go();
    await expect(engine.result(id, { timeoutMs: 5_000 })).rejects.toMatchObject({ code: 'Cancelled' });
    expect(finals).toBe(1);
    await w.close();
  });

  it('a run left by its worker (close, lost lease) releases what its using scopes hold', async () => {
    const { engine } = engineOn();
    let acquired = 0;
    let released = 0;
    let inBody = false;
    const conn = resource('conn', async () => later(++acquired), async () => void released++);
    const f = flow<number>('leak').using(
      conn,
      flow<number>().step('slow', async (as, n: number) => {
        inBody = true;
        return later(n, 60_000);
      }),
    );
    const w = engine.worker({ flows: [f], pollMs: 10 });
    await engine.start(f, 1);
    while (!inBody) await later(0, 10);
    await w.close({ drainMs: 0 });
    await later(0, 20);
    expect({ acquired, released }).toEqual({ acquired: 1, released: 1 });
  });

  it('a run re-acquiring a slow resource holds up no other run, and a cancel meanwhile applies', async () => {
    const { engine } = engineOn(undefined, { leaseMs: 2_000 });
    let calls = 0;
    let inBody = false;
    const conn = resource('conn', async () => (++calls === 1 ? 1 : later(2, 1_500)), async () => {});
    const f = flow<number>('slowacq').using(
      conn,
      flow<number>().step('slow', async (as, n: number) => {
        inBody = true;
        return later(n, 60_000);
      }),
    );
    const quick = flow<number>('quick').step('q', async (as, n: number) => later(n + 1));
    const w1 = engine.worker({ flows: [f], pollMs: 10 });
    const id = await engine.start(f, 1);
    while (!inBody) await later(0, 10);
    await w1.close({ drainMs: 0 });
    const w2 = engine.worker({ flows: [f, quick], pollMs: 10 });
    while (calls < 2) await later(0, 10);
    const t = Date.now();
    const q = await engine.start(quick, 1);
    await engine.cancel(id);
    expect(await engine.result(q)).toBe(2);
    expect(Date.now() - t).toBeLessThan(1_000);
    await expect(engine.result(id, { timeoutMs: 10_000 })).rejects.toMatchObject({ code: 'Cancelled' });
    await w2.close();
  }, 20_000);
});
