/**
 * The `RunStore` contract: what the durable engine needs from where runs
 * live. Both stores (`sqliteStore`, `postgresStore`) pass one conformance
 * suite against it; a store of your own implements the same methods with
 * the same guarantees (atomic claims, fenced commits, deduplicated
 * signals).
 */
/**
 * A JSON value, as stores keep it.
 * @example
 * ```ts
 * const v: StoredJson = { total: 42, items: ['a'] };
 * ```
 * @public
 */
export type StoredJson = null | boolean | number | string | readonly StoredJson[] | { readonly [key: string]: StoredJson };

/**
 * Where a stored run is (see `DurableStatus`).
 * @example
 * ```ts
 * const due: StoredStatus[] = ['pending', 'waiting'];
 * ```
 * @public
 */
export type StoredStatus = 'pending' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled' | 'dead';

/**
 * A stored error: a FlowError's code, message, info, data and step names.
 * @example
 * ```ts
 * const e: StoredError = { code: 'PaymentFailed', message: 'PaymentFailed: card declined' };
 * ```
 * @public
 */
export interface StoredError {
  readonly code: string;
  readonly message: string;
  readonly info?: StoredJson;
  readonly data?: StoredJson;
  readonly steps?: readonly string[];
}

/**
 * One entry of a run's history: a checkpoint, a park, the end, or a store
 * event (`claimed`, `recovered`, `dead`).
 * @example
 * ```ts
 * const h: StoredHistoryEntry = { seq: 3, at: Date.now(), kind: 'checkpoint', step: 'charge' };
 * ```
 * @public
 */
export interface StoredHistoryEntry {
  readonly seq: number;
  readonly at: number;
  readonly kind: string;
  readonly step?: string;
  readonly patches?: StoredJson;
  readonly note?: string;
}

/**
 * A run as the store has it (times in epoch ms).
 * @example
 * ```ts
 * const run = await store.get('order-17');
 * console.log(run?.status, run?.seq);
 * ```
 * @public
 */
export interface StoredRun {
  readonly id: string;
  readonly flow: string;
  readonly graphHash: string;
  readonly status: StoredStatus;
  readonly input: StoredJson;
  readonly result?: StoredJson;
  readonly error?: StoredError;
  /** Checkpoints committed. */
  readonly seq: number;
  readonly cursor: StoredJson | null;
  readonly state: StoredJson;
  readonly wakeAt: number | null;
  readonly waitingFor: readonly string[];
  readonly owner: string | null;
  readonly epoch: number;
  readonly crashes: number;
  readonly cancelRequested: boolean;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** The newest entries, oldest first (from `get`). */
  readonly history?: readonly StoredHistoryEntry[];
}

/**
 * Who may commit to a run: its owner and the epoch of the claim (the
 * fencing token: every claim raises it).
 * @example
 * ```ts
 * const ok = await store.heartbeat(claimed.lease, 30_000);
 * ```
 * @public
 */
export interface Lease {
  readonly id: string;
  readonly owner: string;
  readonly epoch: number;
}

/**
 * A signal stored for a run and not consumed yet.
 * @example
 * ```ts
 * const s: StoredSignal = { id: 'evt-1', name: 'approved', value: { by: 'ann' } };
 * ```
 * @public
 */
export interface StoredSignal {
  readonly id: string;
  readonly name: string;
  readonly value: StoredJson;
}

/**
 * A claimed run: the lease to commit under and the signals not consumed yet.
 * @example
 * ```ts
 * const [run] = await store.claim({ owner: 'w1', graphHashes: [hash], leaseMs: 30_000, limit: 1 });
 * ```
 * @public
 */
export interface ClaimedRun extends StoredRun {
  readonly lease: Lease;
  readonly signals: readonly StoredSignal[];
}

/**
 * One commit: exactly the stored `seq` + 1, under a live lease.
 * @example
 * ```ts
 * await store.commit(lease, { seq: run.seq + 1, status: 'running', cursor, state, history: { kind: 'checkpoint' } });
 * ```
 * @public
 */
export interface StoredCheckpoint {
  readonly seq: number;
  readonly status: 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled';
  readonly cursor: StoredJson | null;
  readonly state: StoredJson;
  readonly history: { readonly kind: string; readonly step?: string; readonly patches?: StoredJson; readonly note?: string };
  /** Waiting: when it is due (null: only a signal or a cancel makes it due). */
  readonly wakeAt?: number | null;
  /** Waiting: the signals whose arrival makes it due. */
  readonly waitingFor?: readonly string[];
  readonly result?: StoredJson;
  readonly error?: StoredError;
  /** Signals taken by the run since the last commit. */
  readonly consumedSignals?: readonly string[];
}

/**
 * The filter of `list`: by status and flow, oldest first, paged by id.
 * @example
 * ```ts
 * await store.list({ status: ['failed', 'dead'], limit: 50 });
 * ```
 * @public
 */
export interface StoredRunFilter {
  readonly status?: StoredStatus | readonly StoredStatus[];
  readonly flow?: string;
  readonly limit?: number;
  /** Only runs created after this run (paging). */
  readonly after?: string;
}

/**
 * What a heartbeat found: the lease is held, held with a cancel requested,
 * or lost (expired, or another worker claimed the run).
 * @example
 * ```ts
 * if ((await store.heartbeat(lease, 30_000)) === 'lost') drop(run);
 * ```
 * @public
 */
export type HeartbeatResult = 'held' | 'cancel' | 'lost';

/**
 * Where durable runs live. Guarantees every store gives:
 * `claim` hands a due run to one worker at a time and raises its epoch;
 * `commit` applies only under the current lease, unexpired, with the next
 * `seq` (else it throws a FlowError `Fenced`); `signal` keeps one signal
 * per id; a run whose lease expired `maxCrashes` times in a row (no commit
 * between) is `dead`.
 * @example
 * ```ts
 * const engine = createDurable({ store: sqliteStore({ path: 'runs.db' }) });
 * ```
 * @public
 */
export interface RunStore {
  /** Stores a new pending run; gives `created: false` when the id exists with the same flow and input (else throws `InvalidRequest`). */
  create(run: { readonly id: string; readonly flow: string; readonly graphHash: string; readonly input: StoredJson; readonly state: StoredJson }): Promise<{ readonly created: boolean }>;
  get(id: string): Promise<StoredRun | undefined>;
  list(filter: StoredRunFilter): Promise<readonly StoredRun[]>;
  /** Claims up to `limit` due runs of these versions: pending, waiting and due (time, signal or cancel), or running with an expired lease. */
  claim(options: { readonly owner: string; readonly graphHashes: readonly string[]; readonly leaseMs: number; readonly limit: number }): Promise<readonly ClaimedRun[]>;
  heartbeat(lease: Lease, leaseMs: number): Promise<HeartbeatResult>;
  commit(lease: Lease, checkpoint: StoredCheckpoint): Promise<void>;
  /** Gives a claimed run back while its lease holds (due at once, no crash counted); an expired lease gives nothing back. */
  release(lease: Lease): Promise<void>;
  /** Buffers a signal; `accepted: false` for a repeated signal id or an ended run. Throws `InvalidRequest` for an unknown run. */
  signal(id: string, name: string, value: StoredJson, options: { readonly signalId: string }): Promise<{ readonly accepted: boolean }>;
  /** The signals stored and not consumed yet for these runs (a worker passes them to the runs it holds in memory). */
  signalsOf(ids: readonly string[]): Promise<readonly (StoredSignal & { readonly runId: string })[]>;
  /** Asks for a cancel: a pending run ends cancelled at once, a waiting one becomes due. Throws `InvalidRequest` for an unknown run. */
  requestCancel(id: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Limits both SQL stores take.
 * @example
 * ```ts
 * const store = sqliteStore({ path: 'runs.db', historyLimit: 1_000, maxCrashes: 3 });
 * ```
 * @public
 */
export interface StoreLimits {
  /** History entries kept per run (default 100; the newest are kept; `Infinity` keeps all). */
  readonly historyLimit?: number;
  /** Expired leases in a row, with no commit between them, after which a run goes dead (default 5). */
  readonly maxCrashes?: number;
}
