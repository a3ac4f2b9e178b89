/**
 * `stepflow/durable`: runs that survive a crash, a deploy and a restart.
 * A run's continuation is committed at step boundaries to a run store
 * (SQLite by default, PostgreSQL for many workers) and any worker with the
 * flow's version carries on from the last checkpoint, running no completed
 * step again.
 * @packageDocumentation
 */
export { createDurable, type Durable } from './durable/engine/create-durable.js';
export type { CheckpointMode } from './durable/engine/flow-versions.js';
export type {
  DurableHistoryEntry,
  DurableOptions,
  DurableRunInfo,
  DurableStartOptions,
  DurableStatus,
  DurableWorker,
  DurableWorkerOptions,
  RunId,
} from './durable/engine/types.js';
export type {
  ClaimedRun,
  HeartbeatResult,
  Lease,
  RunStore,
  StoredCheckpoint,
  StoredError,
  StoredHistoryEntry,
  StoredJson,
  StoredRun,
  StoredRunFilter,
  StoredSignal,
  StoredStatus,
  StoreLimits,
} from './durable/store/run-store.js';
export { FlowError, Errors } from './runtime/errors.js';
export type { FlowErrorOptions } from './runtime/errors.js';
export { sqliteStore, type SqliteStoreOptions } from './durable/store/sqlite-store.js';
export { postgresStore, type PostgresPool, type PostgresQuery, type PostgresStoreOptions } from './durable/store/postgres-store.js';
