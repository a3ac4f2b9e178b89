/** The behaviour of every node kind: the interpreter's dispatch table. */
import type { BehaviourTable } from '../interpreter/behaviour.js';
import { loopBehaviour } from './loop.js';
import { mapBehaviour } from './map.js';
import { parallelBehaviour } from './parallel.js';
import { retryBehaviour, usingBehaviour } from './resilience.js';
import { runBehaviour } from './run.js';
import { stepBehaviour } from './step.js';
import { embedBehaviour, sequenceBehaviour, slotBehaviour, valueBehaviour } from './structure.js';
import { syncBehaviour } from './sync.js';
import { catchBehaviour, chooseBehaviour, contextBehaviour, finallyBehaviour, timeoutBehaviour } from './wrappers.js';

export const behaviours: BehaviourTable = {
  step: stepBehaviour,
  sequence: sequenceBehaviour,
  embed: embedBehaviour,
  value: valueBehaviour,
  slot: slotBehaviour,
  catch: catchBehaviour,
  finally: finallyBehaviour,
  timeout: timeoutBehaviour,
  choose: chooseBehaviour,
  context: contextBehaviour,
  retry: retryBehaviour,
  using: usingBehaviour,
  loop: loopBehaviour,
  parallel: parallelBehaviour,
  map: mapBehaviour,
  sync: syncBehaviour,
  run: runBehaviour as BehaviourTable['run'],
};
