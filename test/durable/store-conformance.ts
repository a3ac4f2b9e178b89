/**
 * The RunStore conformance suite: every store passes the same tests
 * (claims, fencing, leases, crashes and dead runs, waiting and signals,
 * cancel, list, history cap, concurrent claims from two connections).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunStore, StoredCheckpoint } from '../../durable.js';
import type { StoreLimits } from '../../durable/store/rows.js';

export interface StoreMaker {
  /** A fresh, empty store (same database for every call within one test file is fine: ids are unique). */
  open(limits?: StoreLimits): Promise<RunStore>;
  /** A second store on the same database as the last one opened. */
  second(limits?: StoreLimits): Promise<RunStore>;
  done(): Promise<void> | void;
}

let n = 0;
const uid = (p: string): string => `${p}-${process.pid}-${++n}-${Math.random().toString(36).slice(2, 8)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const running = (seq: number, extra: Partial<StoredCheckpoint> = {}): StoredCheckpoint => ({ seq, status: 'running', cursor: { at: seq }, state: { seq }, history: { kind: 'checkpoint', step: `s${seq}` }, ...extra });

export function storeConformance(name: string, setup: () => Promise<StoreMaker>): void {
  describe(`RunStore conformance: ${name}`, () => {
    let maker: StoreMaker;
    let store: RunStore;
    const opened: RunStore[] = [];
    beforeAll(async () => {
      maker = await setup();
      store = await maker.open();
      opened.push(store);
    }, 60_000);
    afterAll(async () => {
      for (const s of opened) await s.close();
      await maker?.done();
    });
    const fresh = async (flow = 'f', hash = uid('h')) => {
      const id = uid('run');
      await store.create({ id, flow, graphHash: hash, input: { n: 1 }, state: {} });
      return { id, hash };
    };
    const claimOne = async (hash: string, owner = 'w1', leaseMs = 10_000) => {
      const got = await store.claim({ owner, graphHashes: [hash], leaseMs, limit: 10 });
      expect(got).toHaveLength(1);
      return got[0]!;
    };

    it('creates a run once; the same id with another input is refused', async () => {
      const id = uid('run');
      expect(await store.create({ id, flow: 'f', graphHash: 'h', input: { a: [1, 'x'] }, state: { s: 1 } })).toEqual({ created: true });
      expect(await store.create({ id, flow: 'f', graphHash: 'h', input: { a: [1, 'x'] }, state: { s: 1 } })).toEqual({ created: false });
      await expect(store.create({ id, flow: 'f', graphHash: 'h', input: { a: [2] }, state: {} })).rejects.toMatchObject({ code: 'InvalidRequest' });
      const r = await store.get(id);
      expect(r).toMatchObject({ id, flow: 'f', graphHash: 'h', status: 'pending', input: { a: [1, 'x'] }, state: { s: 1 }, seq: 0, cursor: null, owner: null, crashes: 0, cancelRequested: false });
      // The same input with its keys in another order is the same input.
      const id2 = uid('run');
      await store.create({ id: id2, flow: 'f', graphHash: 'h', input: { a: 1, b: { c: 2, d: 3 } }, state: {} });
      expect(await store.create({ id: id2, flow: 'f', graphHash: 'h', input: { b: { d: 3, c: 2 }, a: 1 }, state: {} })).toEqual({ created: false });
      expect(await store.get(uid('none'))).toBeUndefined();
    });

    it('a claim takes only the versions asked for, once, and raises the epoch', async () => {
      const { id, hash } = await fresh();
      expect(await store.claim({ owner: 'w1', graphHashes: [uid('other')], leaseMs: 10_000, limit: 10 })).toEqual([]);
      const c = await claimOne(hash);
      expect(c).toMatchObject({ id, status: 'running', owner: 'w1', lease: { id, owner: 'w1', epoch: 1 }, signals: [] });
      expect(await store.claim({ owner: 'w2', graphHashes: [hash], leaseMs: 10_000, limit: 10 })).toEqual([]);
      expect((await store.get(id))?.history?.map((h) => h.kind)).toEqual(['claimed']);
    });

    it('commits are fenced: next seq only, current epoch only, live lease only', async () => {
      const { id, hash } = await fresh();
      const c = await claimOne(hash, 'w1', 150);
      await store.commit(c.lease, running(1));
      await expect(store.commit(c.lease, running(1))).rejects.toMatchObject({ code: 'Fenced' });
      await expect(store.commit(c.lease, running(3))).rejects.toMatchObject({ code: 'Fenced' });
      await expect(store.commit({ ...c.lease, owner: 'intruder' }, running(2))).rejects.toMatchObject({ code: 'Fenced' });
      await store.commit(c.lease, running(2));
      await sleep(250);
      // The lease ran out: nobody took the run over yet, and still the stale worker cannot commit.
      await expect(store.commit(c.lease, running(3))).rejects.toMatchObject({ code: 'Fenced', message: expect.stringContaining('expired') });
      const taken = await claimOne(hash, 'w2');
      expect(taken.lease.epoch).toBe(2);
      expect(taken).toMatchObject({ seq: 2, cursor: { at: 2 }, state: { seq: 2 }, crashes: 1 });
      await expect(store.commit(c.lease, running(3))).rejects.toMatchObject({ code: 'Fenced' });
      await store.commit(taken.lease, running(3));
      const r = await store.get(id);
      expect(r?.seq).toBe(3);
      expect(r?.history?.map((h) => `${h.seq}:${h.kind}`)).toEqual(['0:claimed', '1:checkpoint', '2:checkpoint', '2:recovered', '3:checkpoint']);
    });

    it('heartbeats keep the lease, report a requested cancel, and fail once it is lost', async () => {
      const { id, hash } = await fresh();
      const c = await claimOne(hash, 'w1', 150);
      for (let i = 0; i < 3; i++) {
        await sleep(80);
        expect(await store.heartbeat(c.lease, 150)).toBe('held');
      }
      await store.commit(c.lease, running(1));
      await store.requestCancel(id);
      expect(await store.heartbeat(c.lease, 150)).toBe('cancel');
      await sleep(250);
      expect(await store.heartbeat(c.lease, 150)).toBe('lost');
    });

    it('a run whose leases keep expiring goes dead with the step it stopped after', async () => {
      const limited = await maker.second({ maxCrashes: 2 });
      opened.push(limited);
      const { id, hash } = await fresh();
      const c1 = (await limited.claim({ owner: 'w1', graphHashes: [hash], leaseMs: 50, limit: 1 }))[0]!;
      await limited.commit(c1.lease, running(1));
      await sleep(100);
      const c2 = (await limited.claim({ owner: 'w2', graphHashes: [hash], leaseMs: 50, limit: 1 }))[0]!;
      expect(c2.crashes).toBe(1);
      // Progress between two crashes: not a run that keeps crashing.
      await limited.commit(c2.lease, running(2));
      await sleep(100);
      const c3 = await limited.claim({ owner: 'w3', graphHashes: [hash], leaseMs: 50, limit: 1 });
      expect(c3[0]?.crashes).toBe(2);
      await sleep(100);
      expect(await limited.claim({ owner: 'w4', graphHashes: [hash], leaseMs: 50, limit: 1 })).toEqual([]);
      const r = await limited.get(id);
      expect(r).toMatchObject({ status: 'dead', crashes: 3, error: { code: 'Dead' } });
      expect(r?.error?.message).toContain('"s2"');
      expect(r?.history?.at(-1)?.kind).toBe('dead');
    });

    it('release gives a run back without counting a crash', async () => {
      const { id, hash } = await fresh();
      const c = await claimOne(hash);
      await store.release(c.lease);
      const again = await claimOne(hash, 'w2');
      expect(again).toMatchObject({ crashes: 0, lease: { epoch: 2 } });
      await expect(store.commit(c.lease, running(1))).rejects.toMatchObject({ code: 'Fenced' });
      expect((await store.get(id))?.crashes).toBe(0);
    });

    it('release under an expired lease gives nothing back: the next claim counts the crash', async () => {
      const { hash } = await fresh();
      const c = await claimOne(hash, 'w1', 50);
      await sleep(100);
      await store.release(c.lease);
      expect((await claimOne(hash, 'w2')).crashes).toBe(1);
    });

    it('signalsOf lists the unconsumed signals of the runs asked for', async () => {
      const a = await fresh();
      const b = await fresh();
      await store.signal(a.id, 'go', 1, { signalId: 'a1' });
      await store.signal(b.id, 'go', 2, { signalId: 'b1' });
      await store.signal(b.id, 'stop', 3, { signalId: 'b2' });
      const c = await claimOne(b.hash);
      await store.commit(c.lease, running(1, { consumedSignals: ['b1'] }));
      expect(await store.signalsOf([a.id, b.id])).toEqual([
        { runId: a.id, id: 'a1', name: 'go', value: 1 },
        { runId: b.id, id: 'b2', name: 'stop', value: 3 },
      ]);
      expect(await store.signalsOf([])).toEqual([]);
    });

    it('a waiting run is due at its wake time, not before', async () => {
      const { hash } = await fresh();
      const c = await claimOne(hash);
      await store.commit(c.lease, { ...running(1), status: 'waiting', wakeAt: Date.now() + 200, waitingFor: [] });
      expect(await store.claim({ owner: 'w1', graphHashes: [hash], leaseMs: 10_000, limit: 10 })).toEqual([]);
      await sleep(300);
      expect((await claimOne(hash)).seq).toBe(1);
    });

    it('signals: buffered before the wait, waking a waiting run, deduplicated by id, consumed once', async () => {
      const { id, hash } = await fresh();
      const c = await claimOne(hash);
      expect(await store.signal(id, 'early', { v: 1 }, { signalId: 's1' })).toEqual({ accepted: true });
      expect(await store.signal(id, 'early', { v: 2 }, { signalId: 's1' })).toEqual({ accepted: false });
      // Waiting for a signal already buffered: due at once.
      await store.commit(c.lease, { ...running(1), status: 'waiting', wakeAt: null, waitingFor: ['early'] });
      const c2 = await claimOne(hash);
      expect(c2.signals).toEqual([{ id: 's1', name: 'early', value: { v: 1 } }]);
      await store.commit(c2.lease, { ...running(2), status: 'waiting', wakeAt: null, waitingFor: ['late'], consumedSignals: ['s1'] });
      expect(await store.claim({ owner: 'w1', graphHashes: [hash], leaseMs: 10_000, limit: 10 })).toEqual([]);
      expect(await store.signal(id, 'other', 1, { signalId: 's2' })).toEqual({ accepted: true });
      expect(await store.claim({ owner: 'w1', graphHashes: [hash], leaseMs: 10_000, limit: 10 })).toEqual([]);
      expect(await store.signal(id, 'late', 'go', { signalId: 's3' })).toEqual({ accepted: true });
      const c3 = await claimOne(hash);
      expect(c3.signals.map((s) => s.id)).toEqual(['s2', 's3']);
      expect(await store.signal(id, 'late', 'again', { signalId: 's1' })).toEqual({ accepted: false });
      await store.commit(c3.lease, { seq: 3, status: 'succeeded', cursor: null, state: {}, result: { ok: true }, history: { kind: 'succeeded' }, consumedSignals: ['s3'] });
      expect(await store.signal(id, 'late', 'after the end', { signalId: 's9' })).toEqual({ accepted: false });
      await expect(store.signal(uid('none'), 'x', 1, { signalId: 'a' })).rejects.toMatchObject({ code: 'InvalidRequest' });
      const r = await store.get(id);
      expect(r).toMatchObject({ status: 'succeeded', result: { ok: true }, cursor: null, owner: null, seq: 3 });
      await expect(store.commit(c3.lease, running(4))).rejects.toMatchObject({ code: 'Fenced' });
    });

    it('cancel: a pending run ends at once, a waiting one becomes due with the request', async () => {
      const a = await fresh();
      await store.requestCancel(a.id);
      expect(await store.get(a.id)).toMatchObject({ status: 'cancelled', error: { code: 'Cancelled' }, cancelRequested: true });
      expect(await store.claim({ owner: 'w1', graphHashes: [a.hash], leaseMs: 10_000, limit: 10 })).toEqual([]);
      const b = await fresh();
      const c = await claimOne(b.hash);
      await store.commit(c.lease, { ...running(1), status: 'waiting', wakeAt: null, waitingFor: ['never'] });
      await store.requestCancel(b.id);
      expect((await claimOne(b.hash)).cancelRequested).toBe(true);
      await expect(store.requestCancel(uid('none'))).rejects.toMatchObject({ code: 'InvalidRequest' });
    });

    it('a failed end keeps its error', async () => {
      const { id, hash } = await fresh();
      const c = await claimOne(hash);
      const error = { code: 'PaymentFailed', message: 'PaymentFailed: declined', info: { card: 'x' }, data: { amount: 5 }, steps: ['order', 'charge'] };
      await expect(store.commit(c.lease, { seq: 1, status: 'failed', cursor: null, state: {}, history: { kind: 'failed' } })).rejects.toThrow(/needs its error/);
      await store.commit(c.lease, { seq: 1, status: 'failed', cursor: null, state: { s: 1 }, error, history: { kind: 'failed' } });
      expect(await store.get(id)).toMatchObject({ status: 'failed', error, state: { s: 1 } });
    });

    it('lists by status and flow, oldest first, paged', async () => {
      const flow = uid('flow');
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await fresh(flow)).id);
      await store.requestCancel(ids[1]!);
      expect((await store.list({ flow })).map((r) => r.id)).toEqual(ids);
      expect((await store.list({ flow, status: 'cancelled' })).map((r) => r.id)).toEqual([ids[1]]);
      expect((await store.list({ flow, status: ['pending'], limit: 2 })).map((r) => r.id)).toEqual([ids[0], ids[2]]);
      expect((await store.list({ flow, after: ids[2]! })).map((r) => r.id)).toEqual([ids[3], ids[4]]);
    });

    it('keeps only the newest history entries', async () => {
      const capped = await maker.second({ historyLimit: 10 });
      opened.push(capped);
      const id = uid('run');
      const hash = uid('h');
      await capped.create({ id, flow: 'f', graphHash: hash, input: null, state: {} });
      const c = (await capped.claim({ owner: 'w', graphHashes: [hash], leaseMs: 10_000, limit: 1 }))[0]!;
      for (let s = 1; s <= 30; s++) await capped.commit(c.lease, running(s));
      const h = (await capped.get(id))!.history!;
      expect(h.map((e) => e.seq)).toEqual([21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
    });

    it('two connections claiming at once never take the same run', async () => {
      const other = await maker.second();
      opened.push(other);
      const hash = uid('h');
      const ids = new Set<string>();
      for (let i = 0; i < 40; i++) {
        const id = uid('run');
        ids.add(id);
        await store.create({ id, flow: 'f', graphHash: hash, input: i, state: {} });
      }
      const seen: string[] = [];
      const claimer = async (s: RunStore, owner: string) => {
        for (;;) {
          const got = await s.claim({ owner, graphHashes: [hash], leaseMs: 10_000, limit: 3 });
          if (got.length === 0) return;
          for (const g of got) {
            seen.push(g.id);
            await s.commit(g.lease, { seq: 1, status: 'succeeded', cursor: null, state: {}, result: owner, history: { kind: 'succeeded' } });
          }
        }
      };
      await Promise.all([claimer(store, 'a'), claimer(other, 'b'), claimer(store, 'c'), claimer(other, 'd')]);
      expect(seen.length).toBe(40);
      expect(new Set(seen)).toEqual(ids);
    });
  });
}
