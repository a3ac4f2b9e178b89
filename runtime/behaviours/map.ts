/**
 * `map`: a branch per item of an Iterable or AsyncIterable, at most
 * `concurrency` at a time. Items are pulled only when a slot is free
 * (backpressure); on error or cancel the source is closed, and an async
 * source's `return()` is awaited before the outcome moves on.
 */
import type { MapNode } from '../../graph/nodes/map-node.js';
import { isHandlerBody } from '../../graph/nodes/step-node.js';
import type { Behaviour } from '../interpreter/behaviour.js';
import { Errors, reportStray, flowFailure } from '../errors.js';
import { raise, suspend } from '../interpreter/moves.js';
import { callUser, THREW, thrownUnwind } from '../interpreter/user-code.js';
import { BranchJoin } from './branch-join.js';
import { Source } from './source.js';

export const mapBehaviour: Behaviour<MapNode, BranchJoin> = {
  enter(f, node) {
    const items = callUser(f, node.select, f.args[0]);
    if (items === THREW) return;
    let source: Source | null;
    try {
      source = Source.open(items);
    } catch (e) {
      // An iterator getter or factory of the user's that throws.
      return raise(f, thrownUnwind(f, e));
    }
    if (source === null) {
      return raise(f, flowFailure(Errors.InternalError, `map: select() must return an Iterable or AsyncIterable, got ${items === null ? 'null' : typeof items}`));
    }
    const join = BranchJoin.ofItems(f, source, node.body, node.concurrency ?? Infinity, isHandlerBody(node.body));
    f.data = join;
    suspend(f);
    join.start();
  },
  cancel(f) {
    const closing = f.data?.stop();
    if (closing != null) f.thread.run.track(closing.then(undefined, reportStray), f);
  },
  position(_f, _node, child) {
    return `#${child.thread.index}`;
  },
};
