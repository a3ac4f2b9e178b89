/**
 * The native critical-section protocol of stepflow's own primitives. The
 * `sync` behaviour asks the primitive directly, by frame: one frame per
 * entry, and a release hands the slot straight to the next waiting frame.
 * Foreign primitives keep using the FTN12 `sync(as, step, onerror)` protocol.
 */
import { runStepNode } from '../../graph/nodes/step-node.js';
import type { GraphNode } from '../../graph/nodes/node.js';
import { runSyncNode, type SyncNode } from '../../graph/nodes/sync-node.js';
import { Errors, FlowError, withCodeMessage, flowFailure } from '../errors.js';
import type { Frame } from '../interpreter/frame.js';
import type { ErrorCallback, ExecuteCallback } from '../ftn12/step-api.js';
import type { SyncTarget } from './isync.js';
import type { StepTarget } from '../step-api/adders.js';

/** Symbol keys keep the protocol off the primitives' public surface. */
export const enterSection: unique symbol = Symbol('stepflow.enterSection');
export const leaveSection: unique symbol = Symbol('stepflow.leaveSection');

/** A primitive that admits sync frames natively. */
export interface NativeSection {
  /** Lets the frame in (true), queues it (false; the primitive resumes it later) or throws `DefenseRejected`. */
  [enterSection](frame: Frame): boolean;
  /** The frame leaves the section or its queue (success, error, break or cancel). */
  [leaveSection](frame: Frame): void;
}

/** How a primitive class admits frames natively (installed with {@link installNativeSection}). */
export interface SectionProtocol<TPrimitive> {
  enter(primitive: TPrimitive, frame: Frame): boolean;
  leave(primitive: TPrimitive, frame: Frame): void;
}

/**
 * Gives a primitive class the native protocol, on its prototype and off its
 * public type (the protocol takes interpreter frames, which users never see).
 */
export function installNativeSection<TPrimitive extends object>(cls: { readonly prototype: TPrimitive }, protocol: SectionProtocol<TPrimitive>): void {
  Object.defineProperties(cls.prototype, {
    [enterSection]: {
      value(this: TPrimitive, frame: Frame): boolean {
        return protocol.enter(this, frame);
      },
    },
    [leaveSection]: {
      value(this: TPrimitive, frame: Frame): void {
        protocol.leave(this, frame);
      },
    },
  });
}

/** Does the primitive speak the native protocol? */
export function isNativeSection(p: unknown): p is NativeSection {
  return p !== null && typeof p === 'object' && typeof (p as Partial<NativeSection>)[enterSection] === 'function';
}

/** The body a waiting sync frame enters once admitted. */
export function sectionBody(frame: Frame): GraphNode {
  return (frame.node as SyncNode).body;
}

/** A `DefenseRejected` error, noted in the FTN12 state as `as.error` would. */
export function rejected(frame: Frame, info: string, data?: unknown): FlowError {
  const error = flowFailure(Errors.DefenseRejected, info, data === undefined ? undefined : { data });
  const run = frame.thread.run;
  if (run.style === 'ftn12') withCodeMessage(error);
  run.noteError(info, error);
  return error;
}

/** FTN12 `sync(as, step, onerror)` for a native primitive: adds one native sync node (a run's own, like every step added while it runs). */
export function addNativeSync(primitive: object, as: SyncTarget, step: ExecuteCallback, onerror?: ErrorCallback): void {
  const target = as as Partial<StepTarget>;
  if (typeof target._push !== 'function') throw new TypeError('sync(): the target must be a stepflow step API or root');
  target._push(runSyncNode(primitive as never, runStepNode(step, onerror ?? undefined)));
}
