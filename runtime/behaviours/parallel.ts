/**
 * Parallel blocks (`parallel`, `allSettled`, `race`, `any`, and FTN12's
 * `as.parallel()`): each branch is its own thread below the waiting frame;
 * the frame's join settles it by mode, cancelling the losers synchronously
 * first.
 */
import type { ParallelNode } from '../../graph/nodes/parallel-node.js';
import type { Behaviour } from '../interpreter/behaviour.js';
import { Errors, flowFailure } from '../errors.js';
import { EMPTY } from '../interpreter/frame.js';
import { complete, raise, suspend } from '../interpreter/moves.js';
import { BranchJoin } from './branch-join.js';

export const parallelBehaviour: Behaviour<ParallelNode, BranchJoin> = {
  enter(f, node) {
    const branches = node.branches;
    const ftn12 = node.style === 'ftn12';
    if (branches.length === 0) {
      if (node.mode === 'any') return raise(f, flowFailure(Errors.AllFailed, 'no branches', { data: [] }));
      return complete(f, ftn12 ? EMPTY : [node.keys ? {} : []]);
    }
    const join = BranchJoin.ofBranches(f, node.mode, branches, ftn12 ? EMPTY : f.args, { limit: node.concurrency ?? branches.length, keys: node.keys, ftn12 });
    f.data = join;
    suspend(f);
    join.start();
  },
  cancel(f) {
    f.data?.stop();
  },
  position(_f, node, child) {
    const i = child.thread.index;
    return node.keys === undefined ? `[${i}]` : `.${node.keys[i]!}`;
  },
};
