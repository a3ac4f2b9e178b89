/** The public shapes of durable runs: ids, run records, options. */
import type { FlowError } from '../../errors/flow-error.js';
import type { FlowDefinition, NoSlots } from '../../typings/flow-types.js';
import type { FlowEvent } from '../../typings/events.js';
import type { CheckpointMode } from './flow-versions.js';
import type { RunStore } from '../store/run-store.js';

declare const runOutput: unique symbol;

/**
 * A durable run's id: a string that remembers the flow's output type, so
 * `engine.result(id)` is typed. Any string id works too (then the output is
 * `unknown`).
 * @example
 * ```ts
 * const id: RunId<Receipt> = await engine.start(checkout, order);
 * const receipt = await engine.result(id); // Receipt
 * ```
 * @public
 */
export type RunId<TOut = unknown> = string & { readonly [runOutput]?: TOut };

/**
 * Where a durable run is: `pending` (not started yet), `running` (claimed by
 * a worker), `waiting` (parked until a time or a signal), or finished:
 * `succeeded`, `failed`, `cancelled`, or `dead` (its workers kept crashing).
 * @example
 * ```ts
 * const open: DurableStatus[] = ['pending', 'running', 'waiting'];
 * ```
 * @public
 */
export type DurableStatus = 'pending' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled' | 'dead';

/**
 * One entry of a run's history: a checkpoint (with the steps it stored and
 * the state changes they made, as immer patches by step), a park, the end.
 * @example
 * ```ts
 * for (const h of (await engine.get(id))!.history) console.log(h.seq, h.kind, h.step, h.changes);
 * ```
 * @public
 */
export interface DurableHistoryEntry {
  readonly seq: number;
  readonly at: Date;
  /** `checkpoint`, `parked`, `succeeded`, `failed`, `cancelled`, or a store event such as `claimed` or `dead`. */
  readonly kind: string;
  /** The steps whose completion it stored. */
  readonly step?: string;
  /** The state changes, by the step that made them. */
  readonly changes?: readonly { readonly step: string; readonly patches: readonly { readonly op: string; readonly path: readonly (string | number)[]; readonly value?: unknown }[] }[];
  readonly note?: string;
}

/**
 * A durable run as the store has it.
 * @example
 * ```ts
 * const info = await engine.get(id);
 * if (info?.status === 'failed') console.error(info.error?.code, info.error?.message);
 * ```
 * @public
 */
export interface DurableRunInfo<TOut = unknown> {
  readonly id: RunId<TOut>;
  /** The flow's name. */
  readonly flow: string;
  /** The flow version (graph hash) the run started on and resumes on. */
  readonly version: string;
  readonly status: DurableStatus;
  readonly input: unknown;
  /** The output, once succeeded. */
  readonly output?: TOut;
  /** The error, once failed, cancelled or dead. */
  readonly error?: FlowError;
  /** The run state (`as.state`) at the last checkpoint. */
  readonly state: Record<string, unknown>;
  /** Checkpoints committed. */
  readonly checkpoints: number;
  /** Parked: when it wakes (null: only a signal wakes it). */
  readonly wakeAt: Date | null;
  /** Parked: the signals it waits for. */
  readonly waitingFor: readonly string[];
  /** The worker holding it now, if any. */
  readonly owner: string | null;
  /** Times a worker holding it stopped without committing (after the lease ran out). */
  readonly crashes: number;
  readonly cancelRequested: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** The newest history entries (from `get`; `list` leaves them out). */
  readonly history: readonly DurableHistoryEntry[];
}

/**
 * Options of `engine.start`.
 * @example
 * ```ts
 * await engine.start(checkout, order, { id: `order-${order.id}`, state: { attempts: 0 } });
 * ```
 * @public
 */
export interface DurableStartOptions {
  /** The run's id (default: a random UUID). Starting again with the same id, flow and input changes nothing. */
  readonly id?: string;
  /** The initial run state (JSON). */
  readonly state?: Record<string, unknown>;
}

/**
 * Options of `engine.worker`.
 * @example
 * ```ts
 * const worker = engine.worker({ flows: [checkout, refund], concurrency: 20 });
 * ```
 * @public
 */
export interface DurableWorkerOptions {
  /** The flows (all their versions this process has) whose runs it takes. */
  readonly flows: readonly FlowDefinition<any, any, NoSlots>[];
  /** Runs held in memory at once (default 16). */
  readonly concurrency?: number;
  /** How often it looks for due runs when idle, in ms (default 200). */
  readonly pollMs?: number;
  /** Its id in leases (default: host, pid and a random part). */
  readonly id?: string;
  /** Receives the events of its runs, with the run's id. */
  readonly onEvent?: (event: FlowEvent & { readonly runId: string }) => void;
  /** A store call failed, or a run left this worker unfinished (its commit was refused or its lease lost: another worker carries it on). Default: a process warning. */
  readonly onError?: (error: unknown, runId: string | undefined) => void;
}

/**
 * A worker taking the due runs of its flows until closed.
 * @example
 * ```ts
 * const worker = engine.worker({ flows: [checkout] });
 * process.on('SIGTERM', () => void worker.close());
 * ```
 * @public
 */
export interface DurableWorker {
  readonly id: string;
  /** Runs it holds in memory now. */
  readonly running: number;
  /** Stops taking runs, lets those in memory reach a checkpoint for up to `drainMs` (default 5,000), and leaves the rest to their leases. */
  close(options?: { readonly drainMs?: number }): Promise<void>;
}

/**
 * Options of {@link createDurable}.
 * @example
 * ```ts
 * const engine = createDurable({ store: postgresStore({ connectionString }), leaseMs: 15_000 });
 * ```
 * @public
 */
export interface DurableOptions {
  /** Where runs live (default: the SQLite file `./stepflow.db`). */
  readonly store?: RunStore;
  /** How long a claim lasts without a heartbeat, in ms (default 30,000). */
  readonly leaseMs?: number;
  /** A run whose every branch waits for a signal, or for a time at least this far away, leaves memory (parks) (default 5,000). */
  readonly parkAfterMs?: number;
  /** `async` (default): commit when an async step completes, grouping the synchronous steps that follow; `every-step`: commit after every step. */
  readonly checkpoints?: CheckpointMode;
}
