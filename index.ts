/**
 * stepflow: typed, immutable, reusable step graphs for asynchronous business
 * flows, executed with FutoIn AsyncSteps (FTN12) semantics.
 * @packageDocumentation
 */
export { flow } from './dsl/flow.js';
export type { Flow, FlowSchema, inferSchemaInput, inferSchemaOutput } from './dsl/flow.js';
export type { StepMethods } from './dsl/step-methods.js';
export type { CombinatorMethods, BranchesOf, ParallelOptions, MapBody } from './dsl/combinator-methods.js';
export type { LoopMethods, LoopOptions } from './dsl/loop-methods.js';
export type { WaitMethods, WaitForOptions } from './dsl/wait-methods.js';
export type { ScopeMethods, SlotFills, RemainingSlots, AddSlot, NotOpenSlots, SlotInputCheck } from './dsl/scope-methods.js';
export { slotType } from './dsl/slot-type.js';
export type { SlotTypeSpec } from './dsl/slot-type.js';
export type {
  StepHandler,
  CatchHandler,
  FinallyHandler,
  Body,
  CatchSelector,
  inferCaught,
  ValueOrFn,
  RetryPolicy,
  SyncLike,
  inferItem,
  inferKey,
  TypeErrorMessage,
} from './dsl/handler-types.js';
export { resource } from './dsl/resource.js';
export { run } from './runtime/typed/run.js';
export type { Execution, ExecutionStatus, RunOptions } from './runtime/typed/run.js';
export type { FlowEvent, CapturedValue } from './typings/events.js';
export type { CaptureOptions } from './runtime/capture.js';
export type { DebugOptions } from './runtime/debug.js';
export { createTrace, spansOf } from './runtime/trace.js';
export type { Trace } from './runtime/trace.js';
export type { TraceSpan } from './typings/trace.js';
export { toGantt } from './graph/diagram/to-gantt.js';
export { FlowError, Errors } from './runtime/errors.js';
export type { FlowErrorOptions } from './runtime/errors.js';
export { defineError } from './runtime/typed-error.js';
export type { DataSchema, inferDataOutput } from './runtime/typed-error.js';
export type { inferStandardInput } from './typings/schema.js';
export { contextVar, continuationVar } from './runtime/context-vars.js';
export type { ContinuationVarOptions } from './runtime/context-vars.js';
export { Mutex } from './runtime/sync/mutex.js';
export { Throttle } from './runtime/sync/throttle.js';
export { Limiter } from './runtime/sync/limiter.js';
export type { LimiterOptions } from './runtime/sync/limiter.js';
export { CircuitBreaker } from './runtime/sync/circuit-breaker.js';
export type { CircuitBreakerOptions, CircuitState } from './runtime/sync/circuit-breaker.js';
export { ISync } from './runtime/sync/isync.js';
export type { SyncTarget } from './runtime/sync/isync.js';
export type { Scheduler } from './runtime/scheduler.js';
export type { FlowDefinition, NoSlots, SlotMap, SlotType, UnfilledSlots, InputSchema, SchemaIssue, inferFlowInput, inferFlowOutput } from './typings/flow-types.js';
export type { FlowStepApi, SubStep, SubStepErrorHandler, ParallelSteps, SuccessArgs, NotSet, SubFlowRun } from './typings/step-api.js';
export type { ContextVar, ContinuationVar, MergePolicy, Resource } from './typings/context-types.js';
export type { ErrorType, FlowFailure, Outcome, inferErrorData, inferErrorInput } from './typings/errors.js';
export type { HandlerReturn, StepOutput, RecoveredOutput, inferBodyOutput, inferHandlerOutput, ParallelOutput, SettledOutput, FirstOutput, Settled, Branches } from './typings/results.js';
export type { GraphNode, NodeKind, NodeOfKind } from './graph/nodes/node.js';
export type { AnyHandler, StepStyle } from './graph/nodes/handler.js';
export type { StepNode } from './graph/nodes/step-node.js';
export type { SequenceNode } from './graph/nodes/sequence-node.js';
export type { EmbedNode } from './graph/nodes/embed-node.js';
export type { ValueNode } from './graph/nodes/value-node.js';
export type { CatchNode } from './graph/nodes/catch-node.js';
export type { FinallyNode } from './graph/nodes/finally-node.js';
export type { ParallelNode, ParallelMode } from './graph/nodes/parallel-node.js';
export type { MapNode } from './graph/nodes/map-node.js';
export type { ChooseNode } from './graph/nodes/choose-node.js';
export type { LoopNode, LoopKind } from './graph/nodes/loop-node.js';
export type { SyncNode, SyncPrimitive } from './graph/nodes/sync-node.js';
export type { TimeoutNode } from './graph/nodes/timeout-node.js';
export type { RetryNode, Backoff, Jitter } from './graph/nodes/retry-node.js';
export type { UsingNode, ResourceDef } from './graph/nodes/using-node.js';
export type { ContextNode, ContextKey } from './graph/nodes/context-node.js';
export type { SlotNode } from './graph/nodes/slot-node.js';
export type { RunNode } from './graph/nodes/run-node.js';
export type { SleepNode } from './graph/nodes/sleep-node.js';
export type { WaitNode } from './graph/nodes/wait-node.js';
export type { ExecuteCallback, ErrorCallback, StepApi, ParallelBuilder } from './runtime/ftn12/step-api.js';
export type { AsyncSteps } from './runtime/ftn12/async-steps.js';
export type { FTN12State } from './runtime/ftn12/state.js';
export { toJSON } from './graph/json/to-json.js';
export type { ToJsonOptions } from './graph/json/json-names.js';
export { fromJSON } from './dsl/from-json.js';
export type { FlowHandlers } from './graph/json/json-refs.js';
export { toMermaid } from './graph/diagram/to-mermaid.js';
export { toHtml } from './graph/inspect/to-html.js';
export type { TraceEvent } from './graph/diagram/trace-status.js';
export { flowJsonSchema, graphJsonSchema } from './graph/json/json-schema.js';
export { FLOW_JSON_LIMITS } from './graph/json/json-guard.js';
export type {
  FlowJson,
  NodeJson,
  JsonValue,
  JsonMs,
  BodyJson,
  ObjectRef,
  StepJson,
  SequenceJson,
  EmbedJson,
  ValueJson,
  CatchJson,
  FinallyJson,
  ParallelJson,
  MapJson,
  ChooseJson,
  LoopJson,
  SyncJson,
  TimeoutJson,
  RetryJson,
  UsingJson,
  ContextJson,
  SlotJson,
  SleepJson,
  WaitJson,
} from './graph/json/json-types.js';
