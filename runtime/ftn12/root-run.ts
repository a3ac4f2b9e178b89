/**
 * A run of an FTN12 root: the root's state object and state variables, new
 * roots on the same scheduler, and the settling of `promise()`. The
 * interpreter sees only its run hooks.
 */
import { runFailure, type Unwind } from '../errors.js';
import type { FTN12Note, Run, RunHooks } from '../interpreter/run.js';
import type { StepStyle } from '../../graph/nodes/handler.js';
import { StepRun } from '../step-api/step-run.js';
import type { AsyncSteps } from './async-steps.js';

/** What a run reports back to its root. */
export interface RootOfRun {
  readonly scheduler: Run['scheduler'];
  readonly state: object;
  _note(key: FTN12Note, value: unknown): void;
  _finish(run: RootRun, ok: boolean, value: unknown): void;
  newInstance(): AsyncSteps;
}

/** One execution of an FTN12 root; it is its own run hooks. */
export class RootRun extends StepRun implements RunHooks {
  declare readonly root: RootOfRun;

  constructor(root: RootOfRun) {
    super(root.scheduler);
    this.root = root;
  }

  get style(): StepStyle {
    return 'ftn12';
  }

  done(value: unknown): void {
    this.root._finish(this, true, value);
  }

  failed(error: Unwind): void {
    this.root._finish(this, false, runFailure(error));
  }

  makeState(): object {
    return this.root.state;
  }

  setVariable(key: FTN12Note, value: unknown): void {
    this.root._note(key, value);
  }

  newInstance(): AsyncSteps {
    return this.root.newInstance();
  }
}
