/**
 * The shape of a flow document (version 1): one plain JSON object per graph
 * node. Handlers are referenced by name (strings), objects that are not JSON
 * (sync primitives, context variables, resources) by `{ ref: name }`.
 */
import type { StepStyle } from '../nodes/handler.js';
import type { LoopKind } from '../nodes/loop-node.js';
import type { ParallelMode } from '../nodes/parallel-node.js';
import type { JsonMs, RetryJson, SleepJson, TimeoutJson, WaitJson } from './json-time-types.js';

export type { JsonMs, RetryJson, SleepJson, TimeoutJson, WaitJson };

/**
 * A JSON value: what value-node arguments and context values must be to be
 * stored in a flow document.
 * @example
 * ```ts
 * const args: JsonValue = [1, 'two', { three: [3] }, null];
 * ```
 * @public
 */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * A reference to a non-JSON object by name: a sync primitive, a context
 * variable or a resource, looked up in the `handlers` record of `fromJSON`.
 * @example
 * ```ts
 * const lock: ObjectRef = { ref: 'ordersLock' };
 * ```
 * @public
 */
export interface ObjectRef {
  /** The object's name in the `handlers` record. */
  readonly ref: string;
}

/**
 * The `body` field of the node documents that wrap one body.
 * @example
 * ```ts
 * const wrapped: BodyJson = { body: { kind: 'step', name: 'charge' } };
 * ```
 * @public
 */
export interface BodyJson {
  readonly body: NodeJson;
}

/**
 * `step`: `handler` names the handler; a named step may omit it (its name is the reference).
 * @example
 * ```ts
 * const step: StepJson = { kind: 'step', name: 'charge', onError: 'refund' };
 * ```
 * @public
 */
export interface StepJson {
  readonly kind: 'step';
  readonly name?: string | undefined;
  readonly handler?: string | undefined;
  readonly onError?: string | undefined;
  readonly style?: StepStyle | undefined;
}
/**
 * `sequence`: steps run one after the other.
 * @example
 * ```ts
 * const seq: SequenceJson = { kind: 'sequence', steps: [{ kind: 'step', name: 'validate' }] };
 * ```
 * @public
 */
export interface SequenceJson {
  readonly kind: 'sequence';
  readonly steps: readonly NodeJson[];
}
/**
 * `embed`: a (named) flow embedded as one step.
 * @example
 * ```ts
 * const sub: EmbedJson = { kind: 'embed', name: 'reserve', body: { kind: 'sequence', steps: [] } };
 * ```
 * @public
 */
export interface EmbedJson extends BodyJson {
  readonly kind: 'embed';
  readonly name?: string | undefined;
  /** The input schema of an embedded `flow(schema)`, a named object in the handlers record. */
  readonly input?: { readonly ref: string } | undefined;
}
/**
 * `value`: succeeds at once with fixed arguments.
 * @example
 * ```ts
 * const fixed: ValueJson = { kind: 'value', args: [42] };
 * ```
 * @public
 */
export interface ValueJson {
  readonly kind: 'value';
  readonly args: readonly JsonValue[];
}
/**
 * `catch`: error handler around the body, optionally for some codes only.
 * @example
 * ```ts
 * const recover: CatchJson = { kind: 'catch', codes: ['Timeout'], handler: 'fallback', body: { kind: 'step', name: 'call' } };
 * ```
 * @public
 */
export interface CatchJson extends BodyJson {
  readonly kind: 'catch';
  readonly handler: string;
  readonly codes?: readonly string[] | undefined;
  readonly style?: StepStyle | undefined;
}
/**
 * `finally`: runs once after the body, whatever the outcome.
 * @example
 * ```ts
 * const audit: FinallyJson = { kind: 'finally', handler: 'audit', body: { kind: 'step', name: 'charge' } };
 * ```
 * @public
 */
export interface FinallyJson extends BodyJson {
  readonly kind: 'finally';
  readonly handler: string;
}
/**
 * `parallel`: concurrent branches; `keys` when they were given as a record.
 * @example
 * ```ts
 * const both: ParallelJson = { kind: 'parallel', mode: 'all', keys: ['user', 'orders'], branches: [{ kind: 'step', name: 'loadUser' }, { kind: 'step', name: 'loadOrders' }] };
 * ```
 * @public
 */
export interface ParallelJson {
  readonly kind: 'parallel';
  readonly mode: ParallelMode;
  readonly branches: readonly NodeJson[];
  readonly keys?: readonly string[] | undefined;
  readonly concurrency?: number | undefined;
  readonly style?: StepStyle | undefined;
}
/**
 * `map`: the body per item of `select(input)`.
 * @example
 * ```ts
 * const each: MapJson = { kind: 'map', select: 'items', concurrency: 4, body: { kind: 'step', name: 'render' } };
 * ```
 * @public
 */
export interface MapJson extends BodyJson {
  readonly kind: 'map';
  readonly select: string;
  readonly concurrency?: number | undefined;
}
/**
 * `choose`: the case that `selector(input)` names, else `otherwise`.
 * @example
 * ```ts
 * const pick: ChooseJson = { kind: 'choose', selector: 'kindOf', cases: { digital: { kind: 'step', name: 'sendLink' } } };
 * ```
 * @public
 */
export interface ChooseJson {
  readonly kind: 'choose';
  readonly selector: string;
  readonly cases: { readonly [key: string]: NodeJson };
  readonly otherwise?: NodeJson | undefined;
}
/**
 * `loop`: `count` (a number, or a handler name) for `repeat`; `select` for `forEach`.
 * @example
 * ```ts
 * const again: LoopJson = { kind: 'loop', loop: 'repeat', count: 3, body: { kind: 'step', name: 'poll' } };
 * ```
 * @public
 */
export interface LoopJson extends BodyJson {
  readonly kind: 'loop';
  readonly loop: LoopKind;
  readonly label?: string | undefined;
  readonly count?: number | string | undefined;
  readonly select?: string | undefined;
  readonly style?: StepStyle | undefined;
}
/**
 * `sync`: the body inside a sync primitive's critical section.
 * @example
 * ```ts
 * const locked: SyncJson = { kind: 'sync', primitive: { ref: 'ordersLock' }, body: { kind: 'step', name: 'save' } };
 * ```
 * @public
 */
export interface SyncJson extends BodyJson {
  readonly kind: 'sync';
  readonly primitive: ObjectRef;
}
/**
 * `using`: the body with an acquired resource.
 * @example
 * ```ts
 * const scoped: UsingJson = { kind: 'using', resource: { ref: 'db' }, body: { kind: 'step', name: 'query' } };
 * ```
 * @public
 */
export interface UsingJson extends BodyJson {
  readonly kind: 'using';
  readonly resource: ObjectRef;
}
/**
 * `context`: the body with a context variable set to `value` or to `compute(input)`.
 * @example
 * ```ts
 * const tenanted: ContextJson = { kind: 'context', variable: { ref: 'tenant' }, value: 'acme', body: { kind: 'step', name: 'load' } };
 * ```
 * @public
 */
export interface ContextJson extends BodyJson {
  readonly kind: 'context';
  readonly variable: ObjectRef;
  readonly value?: JsonValue | undefined;
  readonly compute?: string | undefined;
}
/**
 * `slot`: a named template hole.
 * @example
 * ```ts
 * const hole: SlotJson = { kind: 'slot', name: 'pay' };
 * ```
 * @public
 */
export interface SlotJson {
  readonly kind: 'slot';
  readonly name: string;
}

/**
 * One graph node in a flow document, discriminated by `kind` like
 * `GraphNode`.
 * @example
 * ```ts
 * const node: NodeJson = { kind: 'timeout', ms: 5000, body: { kind: 'step', name: 'charge' } };
 * ```
 * @public
 */
export type NodeJson =
  | StepJson
  | SequenceJson
  | EmbedJson
  | ValueJson
  | CatchJson
  | FinallyJson
  | ParallelJson
  | MapJson
  | ChooseJson
  | LoopJson
  | SyncJson
  | TimeoutJson
  | RetryJson
  | UsingJson
  | ContextJson
  | SlotJson
  | SleepJson
  | WaitJson;

/**
 * A flow as a versioned JSON document: what `toJSON` returns and `fromJSON`
 * reads. `root` is the flow's body (a sequence); `name` the flow's name.
 * @example
 * ```ts
 * const doc: FlowJson = { version: 1, name: 'checkout', root: { kind: 'sequence', steps: [{ kind: 'step', name: 'validate' }] } };
 * ```
 * @public
 */
export interface FlowJson {
  /** The document format version. */
  readonly version: 1;
  /** The flow's name (a named flow's graph is its body inside an `embed` node). */
  readonly name?: string | undefined;
  /** The input schema of a `flow(schema)`, a named object in the handlers record. */
  readonly input?: { readonly ref: string } | undefined;
  /** The flow's body: a `sequence` of its steps. */
  readonly root: NodeJson;
}
