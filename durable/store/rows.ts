/**
 * What both SQL stores share: the row a run is kept in, read back as a
 * StoredRun; the checks every commit passes before it touches the
 * database; the error of a refused (fenced) commit.
 */
import { Errors, FlowError } from '../../runtime/errors.js';
import type { StoreLimits, StoredCheckpoint, StoredError, StoredHistoryEntry, StoredRun, StoredStatus } from './run-store.js';

export type { StoreLimits };

/** The code of a commit refused because its lease is not the run's current one. */
export const FENCED = 'Fenced';

/** The code of a run whose workers kept stopping without committing. */
export const DEAD = 'Dead';

/** A run's row, as both stores select it (JSON columns as text, or parsed by the driver). */
export interface RunRow {
  id: string;
  flow: string;
  graph_hash: string;
  status: string;
  input: unknown;
  result: unknown;
  error: unknown;
  seq: number | string;
  cursor: unknown;
  state: unknown;
  wake_at: number | string | null;
  waiting_for: unknown;
  owner: string | null;
  epoch: number | string;
  crashes: number | string;
  cancel_requested: number | boolean;
  created_at: number | string;
  updated_at: number | string;
}

/** A history row. */
export interface HistoryRow {
  seq: number | string;
  at: number | string;
  kind: string;
  step: string | null;
  patches: unknown;
  note: string | null;
}

const json = (v: unknown): any => (typeof v === 'string' ? JSON.parse(v) : v);

export function runOf(r: RunRow, history?: readonly HistoryRow[]): StoredRun {
  const out: { -readonly [K in keyof StoredRun]: StoredRun[K] } = {
    id: r.id,
    flow: r.flow,
    graphHash: r.graph_hash,
    status: r.status as StoredStatus,
    input: json(r.input),
    seq: Number(r.seq),
    cursor: r.cursor === null ? null : json(r.cursor),
    state: json(r.state),
    wakeAt: r.wake_at === null ? null : Number(r.wake_at),
    waitingFor: json(r.waiting_for) ?? [],
    owner: r.owner,
    epoch: Number(r.epoch),
    crashes: Number(r.crashes),
    cancelRequested: r.cancel_requested === true || r.cancel_requested === 1,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
  if (r.result !== null && r.result !== undefined) out.result = json(r.result);
  if (r.error !== null && r.error !== undefined) out.error = json(r.error) as StoredError;
  if (history !== undefined) out.history = history.map(historyOf);
  return out;
}

function historyOf(h: HistoryRow): StoredHistoryEntry {
  const out: { -readonly [K in keyof StoredHistoryEntry]: StoredHistoryEntry[K] } = { seq: Number(h.seq), at: Number(h.at), kind: h.kind };
  if (h.step !== null) out.step = h.step;
  if (h.patches !== null && h.patches !== undefined) out.patches = json(h.patches);
  if (h.note !== null) out.note = h.note;
  return out;
}

const ends = new Set(['succeeded', 'failed', 'cancelled']);

/** Refuses a malformed checkpoint before any write. */
export function checkCheckpoint(c: StoredCheckpoint): void {
  if (c === null || typeof c !== 'object') throw new TypeError('commit(): the checkpoint must be an object');
  if (!Number.isInteger(c.seq) || c.seq < 1) throw new TypeError(`commit(): checkpoint.seq must be a positive integer, got ${String(c.seq)}`);
  if (c.status !== 'running' && c.status !== 'waiting' && !ends.has(c.status)) throw new TypeError(`commit(): unknown checkpoint status ${String(c.status)}`);
  if (c.status === 'succeeded' && c.error !== undefined) throw new TypeError('commit(): a succeeded checkpoint has no error');
  if ((c.status === 'failed' || c.status === 'cancelled') && c.error === undefined) throw new TypeError(`commit(): a ${c.status} checkpoint needs its error`);
}

/** Whether a status is an end. */
export const isEnd = (s: string): boolean => ends.has(s) || s === 'dead';

export function fenced(id: string, why: string): FlowError {
  return new FlowError(FENCED, `the commit to run "${id}" was refused: ${why}`);
}

export function unknownRun(where: string, id: string): FlowError {
  return new FlowError(Errors.InvalidRequest, `${where}: there is no run with id "${id}"`);
}

/** The error a run goes dead with. */
export function deadError(crashes: number, lastStep: string | null): StoredError {
  const where = lastStep === null ? 'before its first checkpoint' : `after "${lastStep}"`;
  return { code: DEAD, message: `${DEAD}: the workers running it stopped ${crashes} times in a row without committing (last stop ${where})` };
}


export function limitsOf(where: string, o: StoreLimits): { historyLimit: number; maxCrashes: number } {
  const historyLimit = o.historyLimit ?? 100;
  const maxCrashes = o.maxCrashes ?? 5;
  if (!(historyLimit >= 0) || (historyLimit !== Infinity && !Number.isInteger(historyLimit))) throw new TypeError(`${where}: options.historyLimit must be a non-negative integer or Infinity, got ${String(historyLimit)}`);
  if (!Number.isInteger(maxCrashes) || maxCrashes < 1) throw new TypeError(`${where}: options.maxCrashes must be a positive integer, got ${String(maxCrashes)}`);
  return { historyLimit, maxCrashes };
}

/** JSON with object keys sorted: equal for equal values whatever the key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
