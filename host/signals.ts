/**
 * `host.handleSignals()`: the first SIGTERM or SIGINT starts `close()`, a
 * second one skips the rest of the drain and cancels the runs at once. The
 * listeners go when `close()` has finished, or when the caller removes them.
 */
import { constants } from 'node:os';
import type { CloseReport } from './close-report.js';

/** Signals no process can catch. */
const UNCATCHABLE: readonly string[] = ['SIGKILL', 'SIGSTOP'];

/**
 * Options of `host.handleSignals()`.
 * @example
 * ```ts
 * host.handleSignals({ signals: ['SIGTERM'], onClosed: (report) => log.info('closed', report.status) });
 * ```
 * @public
 */
export interface SignalOptions {
  /** The signals to handle (default `['SIGTERM', 'SIGINT']`). */
  readonly signals?: readonly `SIG${string}`[];
  /** Called with the close report once `close()` has finished (a throw is reported as a warning). */
  readonly onClosed?: (report: CloseReport) => void;
}

/** What handling signals needs of a host. */
export interface Closable {
  close(): Promise<CloseReport>;
  hurry(): Promise<CloseReport>;
}

export function handleSignals(host: Closable, options: SignalOptions = {}): () => void {
  if (options === null || typeof options !== 'object') throw new TypeError('host.handleSignals(): options must be an object');
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  if (!Array.isArray(signals) || signals.some((s) => typeof s !== 'string')) throw new TypeError('host.handleSignals(): options.signals must be an array of signal names');
  for (const s of signals) {
    if (!(s in constants.signals)) throw new TypeError(`host.handleSignals(): options.signals names ${JSON.stringify(s)}, which is not a signal of this platform`);
    if (UNCATCHABLE.includes(s)) throw new TypeError(`host.handleSignals(): options.signals names ${s}, which a process cannot catch`);
  }
  if (options.onClosed !== undefined && typeof options.onClosed !== 'function') throw new TypeError('host.handleSignals(): options.onClosed must be a function');
  let received = 0;
  let removed = false;
  const remove = (): void => {
    if (removed) return;
    removed = true;
    for (const s of signals) process.removeListener(s as NodeJS.Signals, onSignal);
  };
  function onSignal(): void {
    received++;
    const closed = received === 1 ? host.close() : host.hurry();
    if (received > 1) return;
    void closed.then((report) => {
      remove();
      if (options.onClosed === undefined) return;
      try {
        options.onClosed(report);
      } catch (e) {
        process.emitWarning(`stepflow host: the onClosed callback threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
    });
  }
  try {
    for (const s of signals) process.on(s as NodeJS.Signals, onSignal);
  } catch (e) {
    // The platform refused one (its listeners cannot be installed): none is left behind.
    remove();
    throw e;
  }
  return remove;
}
