/**
 * Many runs watching one AbortSignal (a request's, a shutdown signal shared
 * by a service's runs): the signal gets one listener, whatever the number
 * of runs, so sharing it never trips Node's listener-leak warning (11
 * listeners) and nothing stays on it once the last run stopped watching.
 */
import { reportStray } from './errors.js';

/** What watches a signal: told once, when it aborts. */
export interface AbortWatcher {
  handleEvent(): void;
}

interface Watch {
  readonly watchers: Set<AbortWatcher>;
  readonly onAbort: () => void;
}

const watches = new WeakMap<AbortSignal, Watch>();

/** `watcher.handleEvent()` is called when `signal` aborts (once), unless {@link unwatchAbort} came first. */
export function watchAbort(signal: AbortSignal, watcher: AbortWatcher): void {
  let w = watches.get(signal);
  if (w === undefined) {
    const watchers = new Set<AbortWatcher>();
    const onAbort = (): void => {
      watches.delete(signal);
      for (const x of [...watchers]) {
        try {
          x.handleEvent();
        } catch (e) {
          // One watcher that throws must not keep the others from being told.
          reportStray(e, 'a run cancelled by its signal');
        }
      }
    };
    w = { watchers, onAbort };
    watches.set(signal, w);
    signal.addEventListener('abort', onAbort, { once: true });
  }
  w.watchers.add(watcher);
}

/** Stops `watcher` watching `signal`; the signal's listener goes with its last watcher. */
export function unwatchAbort(signal: AbortSignal, watcher: AbortWatcher): void {
  const w = watches.get(signal);
  if (w === undefined || !w.watchers.delete(watcher) || w.watchers.size > 0) return;
  watches.delete(signal);
  signal.removeEventListener('abort', w.onAbort);
}
