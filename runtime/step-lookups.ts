/** What `as.error` and `as.get` look up: typed errors, context variables, acquired resources. */
import type { ContextVar } from '../typings/context-types.js';
import type { ErrorType } from '../typings/errors.js';
import { lookupContext, NOT_FOUND } from './context-vars.js';
import { Errors, FlowError } from './errors.js';
import type { Frame } from './frame.js';


/** An error from `as.error(code, info)` or `as.error(ErrorType, data)`. */
export function typedError(code: unknown, info: unknown): FlowError {
  if (code instanceof FlowError) return code;
  if (code !== null && typeof code === 'object' && typeof (code as ErrorType).parse === 'function') {
    const type = code as ErrorType;
    const parsed = type.parse(info);
    if (parsed.ok) return new FlowError(type.code, undefined, { data: parsed.data });
    return new FlowError(Errors.InternalError, `invalid data for error ${type.code}: ${JSON.stringify(parsed.issues)}`, { data: parsed.issues });
  }
  return new FlowError(String(code), info);
}

export function lookupContextVar(f: Frame, variable: { name: string }): unknown {
  const v = lookupContext(f, variable);
  return v === NOT_FOUND ? (variable as ContextVar<unknown>).get() : v;
}

export function acquiredResource(f: Frame, res: { name: string }): unknown {
  for (let g: Frame | null = f; g !== null; g = g.parent) {
    const n = g.node;
    if (n.kind === 'using' && (n.resource as unknown) === res && g.data !== undefined) return (g.data as { value: unknown }).value;
  }
  throw new TypeError(`as.get(): resource "${res.name}" is not acquired here (use it inside flow.using())`);
}
