/** Validating a flow's input with its schema (`flow(schema)`): at the start of a run, and where a flow with a schema is embedded. */
import type { InputSchema } from '../typings/flow-types.js';
import { Errors, flowFailure, type FlowError } from './errors.js';
import { describe } from '../errors/describe.js';

/** Validates run input with the flow's schema: the parsed input, or the error the run fails with. */
export function parseInput(schema: InputSchema, input: unknown): { ok: true; value: unknown } | { ok: false; error: FlowError } {
  let parsed: ReturnType<InputSchema['safeParse']>;
  try {
    parsed = schema.safeParse(input);
  } catch (e) {
    return { ok: false, error: flowFailure(Errors.InternalError, `the input schema threw: ${describe(e instanceof Error ? e.message : e)}`, { cause: e }) };
  }
  if (parsed.success) return { ok: true, value: parsed.data };
  const info = parsed.error.issues.map((i) => `${i.path.length ? i.path.map((p) => describe(p)).join('.') : '(input)'}: ${i.message}`).join('\n');
  return { ok: false, error: flowFailure(Errors.InvalidRequest, info, { data: parsed.error.issues }) };
}
