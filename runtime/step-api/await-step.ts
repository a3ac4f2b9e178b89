/** FTN12 `as.await(promise)`: a promise as a step (spec §1.13, FTN12.md #3). */
import type { AnyHandler } from '../../graph/nodes/handler.js';
import type { StepNode } from '../../graph/nodes/step-node.js';
import { runStepNode } from '../../graph/nodes/step-node.js';
import { Errors, FlowError, flowFailure } from '../errors.js';
import type { Frame } from '../interpreter/frame.js';
import { isWaiting, resumeDone, resumeFail } from '../interpreter/moves.js';
import { inReaction } from '../interpreter/driver.js';
import type { Run } from '../interpreter/run.js';

/** The error a rejection becomes; notes it in the FTN12 state variables. */
export function rejectionError(run: Run, reason: unknown): FlowError {
  let error: FlowError;
  let exception: unknown;
  if (reason instanceof FlowError) {
    error = reason;
    exception = reason;
  } else if (reason instanceof Error) {
    error = flowFailure(Errors.PromiseReject, undefined, { cause: reason });
    exception = reason;
  } else {
    const code = typeof reason === 'string' && reason !== '' ? reason : Errors.PromiseReject;
    error = flowFailure(code, undefined, reason === undefined ? {} : { cause: reason });
    exception = error;
  }
  run.noteError(undefined, exception);
  return error;
}

const PENDING = 0;
const RESOLVED = 1;
const REJECTED = 2;

// Resumes from the promise's reaction (always a native one here), on its own stack (see inReaction).
function awaitedValue(f: Frame, value: unknown): void {
  if (isWaiting(f)) resumeDone(f, [value]);
}

function awaitedReason(f: Frame, reason: unknown): void {
  if (isWaiting(f)) resumeFail(f, rejectionError(f.thread.run, reason));
}

/** A step that waits for `promise`; handlers are attached at once, so no rejection goes unhandled. */
export function awaitStep(promise: PromiseLike<unknown>, onerror: AnyHandler | undefined): StepNode {
  let status = PENDING;
  let outcome: unknown;
  let waiting: Frame | null = null;
  Promise.resolve(promise).then(
    (value) => {
      if (waiting === null) {
        status = RESOLVED;
        outcome = value;
      } else inReaction(waiting, value, undefined, awaitedValue);
    },
    (reason: unknown) => {
      if (waiting === null) {
        status = REJECTED;
        outcome = reason;
      } else inReaction(waiting, reason, undefined, awaitedReason);
    },
  );
  return runStepNode(
    (as: any) => {
      if (status === RESOLVED) as.success(outcome);
      else if (status === REJECTED) as._deliver(rejectionError(as.thread.run, outcome));
      else {
        waiting = as;
        // A cancellable promise is cancelled with its step (spec §1.13: setCancel() must be used for it).
        const cancel = (promise as { cancel?: unknown }).cancel;
        if (typeof cancel === 'function') as.setCancel(() => cancel.call(promise));
        else as.waitExternal();
      }
    },
    onerror,
  );
}
