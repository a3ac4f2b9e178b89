/** A stored run as the engine's users see it: dates, a live FlowError, the history with its changes. */
import { loadUnwind } from '../../runtime/durable/unwinds.js';
import { valueOf } from '../../runtime/durable/checkpoint-values.js';
import { Errors, FlowError } from '../../runtime/errors.js';
import type { StoredError, StoredRun } from '../store/run-store.js';
import type { DurableHistoryEntry, DurableRunInfo, RunId } from './types.js';

/** A stored error as the FlowError it was. */
export function errorOf(e: StoredError): FlowError {
  const u = loadUnwind(e as never);
  return u instanceof FlowError ? u : new FlowError(Errors.InternalError, `the run ended with a loop signal outside its loop`);
}

function historyOf(r: StoredRun): DurableHistoryEntry[] {
  return (r.history ?? []).map((h) => {
    const out: { -readonly [K in keyof DurableHistoryEntry]: DurableHistoryEntry[K] } = { seq: h.seq, at: new Date(h.at), kind: h.kind };
    if (h.step !== undefined) out.step = h.step;
    if (h.patches !== undefined) out.changes = h.patches as never;
    if (h.note !== undefined) out.note = h.note;
    return out;
  });
}

/** The engine's view of a stored run. */
export function infoOf(r: StoredRun): DurableRunInfo {
  const out: { -readonly [K in keyof DurableRunInfo]: DurableRunInfo[K] } = {
    id: r.id as RunId,
    flow: r.flow,
    version: r.graphHash,
    status: r.status,
    input: r.input,
    state: r.state as Record<string, unknown>,
    checkpoints: r.seq,
    wakeAt: r.wakeAt === null ? null : new Date(r.wakeAt),
    waitingFor: r.waitingFor,
    owner: r.owner,
    crashes: r.crashes,
    cancelRequested: r.cancelRequested,
    createdAt: new Date(r.createdAt),
    updatedAt: new Date(r.updatedAt),
    history: historyOf(r),
  };
  if (r.status === 'succeeded') out.output = valueOf(r.result);
  if (r.error !== undefined) out.error = errorOf(r.error);
  return out;
}

/** The run's outcome once it ended, or undefined while it goes on. */
export function resultOf(r: StoredRun): { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: FlowError } | undefined {
  switch (r.status) {
    case 'succeeded':
      return { ok: true, value: valueOf(r.result ?? null) };
    case 'failed':
    case 'cancelled':
    case 'dead':
      return { ok: false, error: errorOf(r.error ?? { code: r.status === 'cancelled' ? Errors.Cancelled : Errors.InternalError, message: `the run is ${r.status}` }) };
    default:
      return undefined;
  }
}
