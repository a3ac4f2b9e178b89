/**
 * A durable worker: claims due runs of the flow versions it has, runs them
 * with a lease it heartbeats, and commits every checkpoint fenced by that
 * lease. A run whose commit is refused (another worker took it over after
 * this one stalled) or whose heartbeat fails is dropped here at once.
 * Closing stops claiming, lets the runs in memory reach their next
 * checkpoint (up to `drainMs`), and leaves the rest to the lease.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { FlowEvent } from '../../typings/events.js';
import { DurableRun, type DurableCheckpoint, type DurableEnd } from '../../runtime/durable/durable-run.js';
import type { Cursor, Json } from '../../runtime/durable/cursor.js';
import { describeError } from '../../errors/describe.js';
import type { ClaimedRun, HeartbeatResult, RunStore, StoredCheckpoint, StoredError } from '../store/run-store.js';
import type { FlowVersion } from './flow-versions.js';

/** What a worker is told by the engine that made it. */
export interface WorkerSettings {
  readonly store: RunStore;
  readonly versions: ReadonlyMap<string, FlowVersion>;
  readonly id: string;
  readonly concurrency: number;
  readonly pollMs: number;
  readonly leaseMs: number;
  readonly parkAfterMs: number;
  readonly onEvent?: ((event: FlowEvent & { readonly runId: string }) => void) | undefined;
  /** A run left this worker. */
  readonly onEnd: (id: string, end: DurableEnd) => void;
  /** A store call failed, or a run left unfinished (its commit refused, its lease lost). */
  readonly onError?: ((error: unknown, runId: string | undefined) => void) | undefined;
}

/** A worker id: host, process and a random part. */
/** The shortest lease: a worker renews its leases every leaseMs / 3 (at most every 10 ms), so a shorter one would run out between the heartbeats of a healthy worker. */
export const MIN_LEASE_MS = 30;

/** How often a worker renews its leases. */
function heartbeatMs(leaseMs: number): number {
  return Math.max(10, Math.floor(leaseMs / 3));
}

export function workerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

function storedCheckpoint(c: DurableCheckpoint, seq: number): StoredCheckpoint {
  const kind = c.status === 'running' ? 'checkpoint' : c.status === 'waiting' ? 'parked' : c.status;
  const history: { kind: string; step?: string; patches?: Json } = { kind };
  if (c.steps.length > 0) history.step = c.steps.join(', ');
  if (c.changes.length > 0) history.patches = c.changes as unknown as Json;
  const out: { -readonly [K in keyof StoredCheckpoint]: StoredCheckpoint[K] } = { seq, status: c.status, cursor: c.cursor as unknown as Json, state: c.state, history };
  if (c.wait !== undefined) {
    out.wakeAt = c.wait.wakeAt;
    out.waitingFor = c.wait.signals;
  }
  if (c.result !== undefined) out.result = c.result;
  if (c.error !== undefined) out.error = c.error as StoredError;
  if (c.consumed.length > 0) out.consumedSignals = c.consumed;
  return out;
}

/** One worker's loop. */
export class Worker {
  readonly running = new Map<string, DurableRun>();
  /** Runs claimed and being rebuilt (a resource acquired again), with a cancel that came meanwhile. */
  private readonly starting = new Map<string, { cancel: boolean }>();
  private open = true;
  private wake: (() => void) | null = null;
  private readonly beat: ReturnType<typeof setInterval>;
  private readonly leases = new Map<string, ClaimedRun['lease']>();
  private readonly loop: Promise<void>;

  private readonly report: (error: unknown, runId: string | undefined) => void;

  constructor(private readonly s: WorkerSettings) {
    this.report =
      s.onError ??
      ((error, runId) => process.emitWarning(`stepflow/durable worker ${s.id}${runId === undefined ? '' : `, run ${runId}`}: ${describeError(error)}`));
    this.beat = setInterval(() => void this.heartbeat(), heartbeatMs(s.leaseMs));
    this.loop = this.claimLoop();
  }

  /** Claims at once (a run was started or signalled in this process). */
  poke(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private async claimLoop(): Promise<void> {
    const hashes = [...this.s.versions.keys()];
    while (this.open) {
      const room = this.s.concurrency - this.running.size - this.starting.size;
      let claimed: readonly ClaimedRun[] = [];
      if (room > 0) {
        try {
          claimed = await this.s.store.claim({ owner: this.s.id, graphHashes: hashes, leaseMs: this.s.leaseMs, limit: room });
        } catch (e) {
          if (!this.open) return;
          this.report(e, undefined);
        }
      }
      // Runs start side by side: one that re-acquires a slow resource holds up no other.
      for (const r of claimed) this.begin(r);
      await this.pollSignals();
      if (claimed.length === 0 || room <= claimed.length) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(() => {
            this.wake = null;
            resolve();
          }, this.s.pollMs);
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
      }
    }
  }

  private begin(r: ClaimedRun): void {
    const pending = { cancel: r.cancelRequested };
    this.starting.set(r.id, pending);
    this.leases.set(r.id, r.lease);
    this.open_(r, pending).catch((e: unknown) => {
      // A run this worker cannot start is reported and left to its lease: taken again, it counts
      // as a crash, so a run that can never start ends dead instead of looping.
      this.starting.delete(r.id);
      if (this.leases.get(r.id) === r.lease) this.leases.delete(r.id);
      this.report(e, r.id);
    });
  }

  private async open_(r: ClaimedRun, pending: { cancel: boolean }): Promise<void> {
    const version = this.s.versions.get(r.graphHash)!;
    let seq = r.seq;
    const lease = r.lease;
    const listener = this.s.onEvent;
    const run = await DurableRun.start({
      id: r.id,
      graph: version.graph,
      cursor: r.cursor as unknown as Cursor | null,
      input: r.input,
      state: r.state,
      signals: r.signals,
      parkAfterMs: this.s.parkAfterMs,
      commit: (c) => this.s.store.commit(lease, storedCheckpoint(c, ++seq)),
      ...(listener === undefined ? {} : { onEvent: (e: FlowEvent) => listener({ ...e, runId: r.id }) }),
    });
    this.starting.delete(r.id);
    this.running.set(r.id, run);
    // A cancel that came while it was being rebuilt (or before it was claimed) applies now.
    if (pending.cancel) run.cancel('cancel requested');
    if (!this.open) run.abandon(new Error('the worker closed'));
    void run.ended.then((end) => {
      if (end.status === 'abandoned' && this.open) this.report(end.reason, r.id);
      this.running.delete(r.id);
      this.leases.delete(r.id);
      this.s.onEnd(r.id, end);
      this.poke();
    });
  }

  /** Signals sent from other processes to the runs held here (a signal sent here is delivered at once). */
  private async pollSignals(): Promise<void> {
    if (this.running.size === 0) return;
    let got: Awaited<ReturnType<RunStore['signalsOf']>>;
    try {
      got = await this.s.store.signalsOf([...this.running.keys()]);
    } catch (e) {
      if (this.open) this.report(e, undefined);
      return;
    }
    for (const g of got) this.running.get(g.runId)?.deliver({ id: g.id, name: g.name, value: g.value });
  }

  private async heartbeat(): Promise<void> {
    for (const [id, lease] of this.leases) {
      let beat: HeartbeatResult;
      try {
        beat = await this.s.store.heartbeat(lease, this.s.leaseMs);
      } catch (e) {
        this.report(e, id);
        continue;
      }
      // The reply is about this lease only: the run may have parked and been claimed again meanwhile.
      if (this.leases.get(id) !== lease) continue;
      const run = this.running.get(id);
      if (beat === 'lost') run?.abandon(new Error(`the lease of run ${id} was lost`));
      else if (beat === 'cancel') {
        if (run !== undefined) run.cancel('cancel requested');
        else {
          const p = this.starting.get(id);
          if (p !== undefined) p.cancel = true;
        }
      }
    }
  }

  /** Stops claiming; waits up to `drainMs` for the runs in memory to end or park, then drops the rest (their leases expire). */
  async close(drainMs: number): Promise<void> {
    if (!this.open) return this.loop;
    this.open = false;
    this.poke();
    await this.loop;
    const left = [...this.running.values()].map((r) => r.ended);
    if (left.length > 0 && drainMs > 0) {
      let t: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([Promise.allSettled(left), new Promise<void>((resolve) => (t = setTimeout(resolve, drainMs)))]);
      clearTimeout(t);
    }
    clearInterval(this.beat);
    const leases = [...this.leases.values()];
    for (const run of this.running.values()) run.abandon(new Error('the worker closed'));
    // Given back, the runs left are due at once for another worker, with no crash counted.
    await Promise.allSettled(leases.map((l) => this.s.store.release(l)));
  }
}
