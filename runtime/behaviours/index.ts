/** The behaviour of every node kind: the interpreter's dispatch table. */
import type { BehaviourTable } from '../interpreter/behaviour.js';
import { loopBehaviour } from './loop.js';
import { mapBehaviour } from './map.js';
import { parallelBehaviour } from './parallel.js';
import { retryBehaviour } from './retry.js';
import { usingBehaviour } from './using.js';
import { runBehaviour } from './sub-flow.js';
import { sleepBehaviour } from './sleep.js';
import { waitBehaviour } from './wait.js';
import { stepBehaviour } from './step.js';
import { embedBehaviour, sequenceBehaviour, slotBehaviour, valueBehaviour } from './structure.js';
import { syncBehaviour } from './sync.js';
import { catchBehaviour } from './catch.js';
import { chooseBehaviour } from './choose.js';
import { contextBehaviour } from './context.js';
import { finallyBehaviour } from './finally.js';
import { timeoutBehaviour } from './timeout.js';

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
  sleep: sleepBehaviour,
  wait: waitBehaviour,
};
