/**
 * `createDurable()`: the durable run engine over a run store. It starts
 * runs (stored first, run by any worker), reads them, waits for results,
 * sends signals and cancels; `worker()` claims and runs due work in this
 * process. A run started here and taken by a worker here is told of
 * signals and cancels at once; across processes, through the store.
 */
import { randomUUID } from 'node:crypto';
import type { FlowDefinition, NoSlots } from '../../typings/flow-types.js';
import { checkJson } from '../../runtime/durable/plain-json.js';
import { Errors, FlowError } from '../../runtime/errors.js';
import { parseInput } from '../../runtime/input.js';
import type { RunStore, StoredRun } from '../store/run-store.js';
import { flowVersion, type CheckpointMode, type FlowVersion } from './flow-versions.js';
import type { DurableOptions, DurableRunInfo, DurableStartOptions, DurableStatus, DurableWorker, DurableWorkerOptions, RunId } from './types.js';
import { MIN_LEASE_MS, Worker, workerId } from './worker.js';
import { infoOf, resultOf } from './run-info.js';
import { checkStore, defaultStore } from './store-adapter.js';
import { checkKeys, checkListFilter, checkStartOptions, checkWorkerOptions, positiveMs } from './arguments.js';

/**
 * A durable run engine.
 * @example
 * ```ts
 * const engine = createDurable();
 * const worker = engine.worker({ flows: [checkout] });
 * const id = await engine.start(checkout, order, { id: `order-${order.id}` });
 * const receipt = await engine.result(id);
 * await worker.close();
 * await engine.close();
 * ```
 * @public
 */
export interface Durable {
  /** Stores a new run of `flow` (pending until a worker takes it) and gives its id. */
  start<TIn, TOut>(flow: FlowDefinition<TIn, TOut, NoSlots>, input: TIn, options?: DurableStartOptions): Promise<RunId<TOut>>;
  /** The run with its newest history, or undefined when there is none with that id. */
  get<TOut = unknown>(id: RunId<TOut>): Promise<DurableRunInfo<TOut> | undefined>;
  /** The run's output once it succeeded; rejects with its FlowError once it failed, was cancelled or went dead. */
  result<TOut = unknown>(id: RunId<TOut>, options?: { readonly timeoutMs?: number }): Promise<TOut>;
  /** Sends a signal to the run (buffered until a `waitFor(name)` takes it; a repeated `signalId` is dropped). Gives false for a duplicate. */
  signal(id: string, name: string, value?: unknown, options?: { readonly signalId?: string }): Promise<boolean>;
  /** Asks for the run to be cancelled: its cancel handlers and `finally` run where it is, then it is committed as cancelled. */
  cancel(id: string): Promise<void>;
  /** Runs by status and flow, oldest first, without history. */
  list(filter?: { readonly status?: DurableStatus | readonly DurableStatus[]; readonly flow?: string; readonly limit?: number; readonly after?: string }): Promise<DurableRunInfo[]>;
  /** Starts a worker taking the due runs of `flows` in this process. */
  worker(options: DurableWorkerOptions): DurableWorker;
  /** Closes the workers made here, then the store (when the engine opened it). */
  close(): Promise<void>;
}

/**
 * Creates a durable run engine over a store (default: SQLite in `./stepflow.db`).
 * @example
 * ```ts
 * const engine = createDurable({ store: sqliteStore({ path: './runs.db' }) });
 * ```
 * @public
 */
export function createDurable(options: DurableOptions = {}): Durable {
  checkKeys('createDurable()', 'options', options, ['store', 'leaseMs', 'parkAfterMs', 'checkpoints']);
  const leaseMs = positiveMs('leaseMs', options.leaseMs, 30_000, MIN_LEASE_MS, ' (a worker renews its leases every leaseMs / 3)');
  const parkAfterMs = positiveMs('parkAfterMs', options.parkAfterMs, 5_000);
  const mode: CheckpointMode = options.checkpoints ?? 'async';
  if (mode !== 'async' && mode !== 'every-step') throw new TypeError(`createDurable(): options.checkpoints must be 'async' or 'every-step', got ${String(mode)}`);
  const owned = options.store === undefined;
  const store: Promise<RunStore> = Promise.resolve(owned ? defaultStore() : checkStore(options.store));
  const versions = new WeakMap<object, FlowVersion>();
  const workers = new Set<Worker>();
  const waiters = new Map<string, Set<() => void>>();
  let closed = false;

  const versionOf = (flow: FlowDefinition, where: string): FlowVersion => {
    let v = versions.get(flow);
    if (v === undefined) {
      v = flowVersion(flow, mode, where);
      versions.set(flow, v);
    }
    return v;
  };
  const live = (where: string): void => {
    if (closed) throw new FlowError(Errors.InvalidRequest, `${where}: the engine is closed`);
  };
  const holding = (id: string) => {
    for (const w of workers) {
      const run = w.running.get(id);
      if (run !== undefined) return run;
    }
    return undefined;
  };
  const pokeAll = (): void => workers.forEach((w) => w.poke());

  const engine: Durable = {
    async start(flow, input, startOptions = {}) {
      checkStartOptions(startOptions);
      live('start()');
      const version = versionOf(flow, 'start()');
      let value: unknown = input;
      if (flow.inputSchema !== undefined) {
        const parsed = parseInput(flow.inputSchema, input);
        if (!parsed.ok) throw parsed.error;
        value = parsed.value;
      }
      checkJson(value ?? null, `start(): the input of "${version.name}"`);
      const state = startOptions.state ?? {};
      checkJson(state, `start(): options.state`);
      const id = startOptions.id ?? randomUUID();
      await (await store).create({ id, flow: version.name, graphHash: version.hash, input: (value ?? null) as never, state: state as never });
      pokeAll();
      return id as RunId<never>;
    },
    async get(id) {
      const r = await (await store).get(id);
      return r === undefined ? undefined : (infoOf(r) as never);
    },
    async result(id, resultOptions = {}) {
      checkKeys('result()', 'options', resultOptions, ['timeoutMs']);
      const t = resultOptions.timeoutMs;
      if (t !== undefined && (typeof t !== 'number' || !(t >= 0))) throw new TypeError(`result(): options.timeoutMs must be a non-negative number of ms, got ${String(t)}`);
      const s = await store;
      const deadline = resultOptions.timeoutMs === undefined ? Infinity : Date.now() + resultOptions.timeoutMs;
      let pause = 20;
      for (;;) {
        const r: StoredRun | undefined = await s.get(id);
        if (r === undefined) throw new FlowError(Errors.InvalidRequest, `result(): there is no run with id "${id}"`);
        const out = resultOf(r);
        if (out !== undefined) {
          if (out.ok) return out.value as never;
          throw out.error;
        }
        if (Date.now() >= deadline) throw new FlowError(Errors.Timeout, `result(): the run "${id}" did not finish in ${resultOptions.timeoutMs} ms`);
        // Wake early when a worker here ends the run; otherwise poll the store, slower over time.
        await new Promise<void>((resolve) => {
          const set = waiters.get(id) ?? new Set();
          waiters.set(id, set);
          const done = (): void => {
            clearTimeout(t);
            set.delete(done);
            if (set.size === 0) waiters.delete(id);
            resolve();
          };
          const t = setTimeout(done, Math.min(pause, Math.max(0, deadline - Date.now())));
          set.add(done);
        });
        pause = Math.min(1_000, pause * 2);
      }
    },
    async signal(id, name, value = null, signalOptions = {}) {
      live('signal()');
      if (typeof name !== 'string' || name === '') throw new TypeError('signal(): name must be a non-empty string');
      checkJson(value, `signal("${name}"): the value`);
      checkKeys('signal()', 'options', signalOptions, ['signalId']);
      if (signalOptions.signalId !== undefined && (typeof signalOptions.signalId !== 'string' || signalOptions.signalId === '')) {
        throw new TypeError(`signal(): options.signalId must be a non-empty string, got ${String(signalOptions.signalId)}`);
      }
      const signalId = signalOptions.signalId ?? randomUUID();
      const { accepted } = await (await store).signal(id, name, value as never, { signalId });
      if (accepted) {
        holding(id)?.deliver({ id: signalId, name, value });
        pokeAll();
      }
      return accepted;
    },
    async cancel(id) {
      live('cancel()');
      await (await store).requestCancel(id);
      holding(id)?.cancel('cancel requested');
      pokeAll();
    },
    async list(filter = {}) {
      checkListFilter(filter);
      const rows = await (await store).list(filter);
      return rows.map((r) => infoOf(r) as DurableRunInfo);
    },
    worker(workerOptions) {
      live('worker()');
      if (workerOptions === null || typeof workerOptions !== 'object' || !Array.isArray(workerOptions.flows) || workerOptions.flows.length === 0) {
        throw new TypeError('worker(): options.flows must be a non-empty array of flows');
      }
      const byHash = new Map<string, FlowVersion>();
      workerOptions.flows.forEach((f, i) => {
        const v = versionOf(f, `worker(): options.flows[${i}]`);
        byHash.set(v.hash, v);
      });
      checkWorkerOptions(workerOptions);
      const concurrency = workerOptions.concurrency ?? 16;
      if (!Number.isInteger(concurrency) || concurrency < 1) throw new TypeError(`worker(): options.concurrency must be a positive integer, got ${String(concurrency)}`);
      const id = workerOptions.id ?? workerId();
      let w: Worker | null = null;
      let shut = false;
      const facade: DurableWorker = {
        id,
        get running() {
          return w?.running.size ?? 0;
        },
        async close(closeOptions = {}) {
          shut = true;
          if (w === null) return;
          await w.close(closeOptions.drainMs ?? 5_000);
          workers.delete(w);
        },
      };
      void store.then((s) => {
        if (closed || shut) return;
        w = new Worker({
          store: s,
          versions: byHash,
          id,
          concurrency,
          pollMs: workerOptions.pollMs ?? 200,
          leaseMs,
          parkAfterMs,
          onEvent: workerOptions.onEvent,
          onError: workerOptions.onError,
          onEnd: (runId) => waiters.get(runId)?.forEach((wake) => wake()),
        });
        workers.add(w);
      });
      return facade;
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...workers].map((w) => w.close(5_000)));
      workers.clear();
      if (owned) await (await store).close();
    },
  };
  return engine;
}

