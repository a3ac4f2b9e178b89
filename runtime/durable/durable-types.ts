/**
 * What a durable run tells the engine that runs it: the checkpoints it
 * commits (cursor, state, the state changes by step, parked waits, signals
 * taken), how it left this process, and what starts or resumes it.
 */
import type { Patch } from 'immer';
import type { GraphNode } from '../../graph/nodes/node.js';
import type { FlowEvent } from '../../typings/events.js';
import type { FlowError } from '../errors.js';
import type { Cursor, Json, SavedUnwind } from './cursor.js';
import type { ParkedWait } from './parking.js';
import type { RunSignal } from './signal-box.js';

/** The state changes one step made. */
export interface StateChange {
  readonly step: string;
  readonly patches: readonly Patch[];
}

/** What a durable run commits. */
export interface DurableCheckpoint {
  readonly status: 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled';
  /** Where the run is (null once it ended). */
  readonly cursor: Cursor | null;
  readonly state: Json;
  /** State changes since the last checkpoint. */
  readonly changes: readonly StateChange[];
  /** Steps whose completion this checkpoint stores. */
  readonly steps: readonly string[];
  readonly result?: Json;
  readonly error?: SavedUnwind;
  /** Parked: when it is due (null: only a signal wakes it) and the signals it waits for. */
  readonly wait?: ParkedWait;
  /** Ids of the signals taken since the last checkpoint. */
  readonly consumed: readonly string[];
}

/** How a durable run left this process. */
export type DurableEnd =
  | { readonly status: 'succeeded'; readonly result: unknown }
  | { readonly status: 'failed'; readonly error: FlowError }
  | { readonly status: 'cancelled'; readonly error: FlowError }
  | { readonly status: 'parked'; readonly wait: ParkedWait }
  /** Its commit was refused or failed: another process owns it now, or will after the lease. */
  | { readonly status: 'abandoned'; readonly reason: unknown };

/** What starts (or resumes) a durable run. */
export interface DurableRunOptions {
  readonly id: string;
  /** The graph to run (the flow's, as this process has it). */
  readonly graph: GraphNode;
  /** Where to go on from, or null for a fresh start with `input`. */
  readonly cursor: Cursor | null;
  readonly input: unknown;
  readonly state: Json;
  /** Signals stored for the run and not consumed yet. */
  readonly signals: readonly RunSignal[];
  /** Commits a checkpoint; a throw (a fenced commit, a lost database) abandons the run here. */
  commit(checkpoint: DurableCheckpoint): Promise<void> | void;
  /** Park only when the run waits at least this long (ms); a wait for a signal always parks. */
  readonly parkAfterMs: number;
  readonly onEvent?: (event: FlowEvent) => void;
}
