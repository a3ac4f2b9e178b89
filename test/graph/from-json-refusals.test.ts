// DESIGN: Graph tools, "Details the contract fixes: JSON" — every fromJSON refusal names its JSON path.
import { describe, expect, it } from 'vitest';
import { FLOW_JSON_LIMITS, FlowError, fromJSON } from '../../index.js';
import { handlers } from './fixtures.js';

const seq = (...steps: unknown[]) => ({ version: 1, root: { kind: 'sequence', steps } });

/** The problem lines of a refused document (fails when it is accepted). */
function problems(doc: unknown, record: unknown = handlers): string[] {
  try {
    fromJSON(doc, record as never);
  } catch (e) {
    expect(e).toBeInstanceOf(FlowError);
    const err = e as FlowError;
    expect(err.code).toBe('InvalidRequest');
    expect(err.message).toBe(`InvalidRequest: ${String(err.info)}`);
    return String(err.info).split('\n');
  }
  throw new Error('expected fromJSON to refuse the document');
}

function expectProblem(doc: unknown, path: string, message: RegExp, record?: unknown): void {
  const lines = problems(doc, record);
  const line = lines.find((l) => l.startsWith(`${path}: `));
  expect(line, `no problem at ${path} in:\n${lines.join('\n')}`).toBeDefined();
  expect(line).toMatch(message);
}

describe('fromJSON refuses bad documents with FlowError InvalidRequest, one `path: message` line per problem', () => {
  it('not an object / not JSON text', () => {
    expectProblem(42, '(document)', /object/);
    expectProblem('{ nope', '(document)', /not valid JSON/);
  });

  it('wrong or missing version', () => {
    expectProblem({ ...seq(), version: 2 }, 'version', /1/);
    expectProblem({ root: seq().root }, 'version', /./);
  });

  it('unknown node kind', () => {
    expectProblem(seq({ kind: 'teleport' }), 'root.steps[0].kind', /./);
  });

  it('a race with no branches (it would never settle)', () => {
    expectProblem(seq({ kind: 'parallel', mode: 'race', branches: [] }), 'root.steps[0].branches', /at least one branch/);
  });

  it('unknown property', () => {
    expectProblem(seq({ kind: 'step', handler: 'inc', onErorr: 'recover' }), 'root.steps[0].onErorr', /unknown property/);
  });

  it('wrong field types and out-of-range options', () => {
    expectProblem(seq({ kind: 'timeout', ms: 0, body: seq().root }), 'root.steps[0].ms', /./);
    expectProblem(seq({ kind: 'timeout', ms: 'soon', body: seq().root }), 'root.steps[0].ms', /number/);
    const backoff = { initialMs: 0, factor: 2, maxMs: 1, jitter: 'none' };
    expectProblem(seq({ kind: 'retry', attempts: 0, backoff, body: seq().root }), 'root.steps[0].attempts', /./);
    expectProblem(seq({ kind: 'retry', attempts: 1, backoff: { ...backoff, jitter: 'lots' }, body: seq().root }), 'root.steps[0].backoff.jitter', /./);
    expectProblem(seq({ kind: 'parallel', mode: 'all', branches: [], concurrency: 0 }), 'root.steps[0].concurrency', /./);
    expectProblem(seq({ kind: 'parallel', mode: 'some', branches: [] }), 'root.steps[0].mode', /./);
    expectProblem(seq({ kind: 'loop', loop: 'repeat', count: -1, body: seq().root }), 'root.steps[0].count', /./);
    expectProblem(seq({ kind: 'catch', handler: 'recover', codes: [], body: seq().root }), 'root.steps[0].codes', /./);
    expectProblem(seq({ kind: 'sync', primitive: 'lock', body: seq().root }), 'root.steps[0].primitive', /object/);
  });

  it('unknown handler names', () => {
    expectProblem(seq({ kind: 'step', handler: 'nope' }), 'root.steps[0].handler', /unknown name "nope"/);
    expectProblem(seq({ kind: 'step', name: 'unlisted' }), 'root.steps[0].name', /unknown name "unlisted"/);
    expectProblem(seq({ kind: 'step', handler: 'inc', onError: 'nope' }), 'root.steps[0].onError', /unknown name/);
    expectProblem(seq({ kind: 'finally', handler: 'nope', body: seq().root }), 'root.steps[0].handler', /unknown name/);
    expectProblem(seq({ kind: 'map', select: 'nope', body: seq().root }), 'root.steps[0].select', /unknown name/);
    expectProblem(seq({ kind: 'choose', selector: 'nope', cases: {} }), 'root.steps[0].selector', /unknown name/);
    expectProblem(seq({ kind: 'loop', loop: 'repeat', count: 'nope', body: seq().root }), 'root.steps[0].count', /unknown name/);
    const backoff = { initialMs: 0, factor: 2, maxMs: 1, jitter: 'none' };
    expectProblem(seq({ kind: 'retry', attempts: 2, backoff, retryOn: 'Timeout', body: seq().root }), 'root.steps[0].retryOn', /unknown name "Timeout"/);
  });

  it('deep paths through bodies, branches, cases and otherwise', () => {
    const bad = { kind: 'step', handler: 'nope' };
    expectProblem(seq({ kind: 'embed', name: 'x', body: { kind: 'sequence', steps: [bad] } }), 'root.steps[0].body.steps[0].handler', /unknown/);
    expectProblem(seq({ kind: 'parallel', mode: 'all', branches: [{ kind: 'step', handler: 'inc' }, bad] }), 'root.steps[0].branches[1].handler', /unknown/);
    expectProblem(seq({ kind: 'choose', selector: 'parity', cases: { 'odd one': bad } }), 'root.steps[0].cases["odd one"].handler', /unknown/);
    expectProblem(seq({ kind: 'choose', selector: 'parity', cases: {}, otherwise: bad }), 'root.steps[0].otherwise.handler', /unknown/);
  });

  it('names that resolve to the wrong kind of thing', () => {
    expectProblem(seq({ kind: 'step', handler: 'tenant' }), 'root.steps[0].handler', /not a function/);
    expectProblem(seq({ kind: 'sync', primitive: { ref: 'inc' }, body: seq().root }), 'root.steps[0].primitive.ref', /not a sync primitive/);
    expectProblem(seq({ kind: 'using', resource: { ref: 'lock' }, body: seq().root }), 'root.steps[0].resource.ref', /not a resource/);
    expectProblem(seq({ kind: 'context', variable: { ref: 'db' }, value: 1, body: seq().root }), 'root.steps[0].variable.ref', /not a context variable/);
    expectProblem(seq({ kind: 'context', variable: { ref: 'nope' }, value: 1, body: seq().root }), 'root.steps[0].variable.ref', /unknown name/);
  });

  it('cross-field rules', () => {
    expectProblem(seq({ kind: 'step' }), 'root.steps[0]', /needs a name or a handler/);
    expectProblem(seq({ kind: 'parallel', mode: 'all', branches: [], keys: ['a'] }), 'root.steps[0].keys', /1 keys for 0 branches/);
    const branch = { kind: 'step', handler: 'inc' };
    expectProblem(seq({ kind: 'parallel', mode: 'all', branches: [branch, branch], keys: ['a', 'a'] }), 'root.steps[0].keys[1]', /duplicate key "a"/);
    expectProblem(seq({ kind: 'loop', loop: 'repeat', body: seq().root }), 'root.steps[0].count', /required for a "repeat" loop/);
    expectProblem(seq({ kind: 'loop', loop: 'forEach', count: 2, select: 'pair', body: seq().root }), 'root.steps[0].count', /not allowed for a "forEach" loop/);
    expectProblem(seq({ kind: 'loop', loop: 'loop', select: 'pair', body: seq().root }), 'root.steps[0].select', /not allowed/);
    expectProblem(seq({ kind: 'context', variable: { ref: 'tenant' }, value: 1, compute: 'tenantOf', body: seq().root }), 'root.steps[0]', /either a value or compute/);
    expectProblem(seq({ kind: 'slot', name: 'pay' }, { kind: 'slot', name: 'pay' }), 'root.steps[1].name', /duplicate slot name "pay"/);
  });

  it('reports every problem, not just the first', () => {
    const lines = problems(seq({ kind: 'step', handler: 'nope1' }, { kind: 'step', handler: 'nope2' }, { kind: 'step', handler: 'tenant' }));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^root\.steps\[0\]\.handler: /);
    expect(lines[1]).toMatch(/^root\.steps\[1\]\.handler: /);
    expect(lines[2]).toMatch(/^root\.steps\[2\]\.handler: /);
  });

  it('a bad handlers record', () => {
    expectProblem(seq(), 'handlers', /record/, null);
    expectProblem(seq(), 'handlers', /record/, 'inc');
  });
});

describe('fromJSON limits', () => {
  const nest = (levels: number): unknown => {
    let node: unknown = { kind: 'step', handler: 'inc' };
    for (let i = 1; i < levels; i++) node = { kind: 'embed', body: node };
    return { version: 1, root: node };
  };

  it(`accepts ${FLOW_JSON_LIMITS.maxDepth} levels of nodes and refuses one more`, () => {
    expect(() => fromJSON(nest(FLOW_JSON_LIMITS.maxDepth), handlers)).not.toThrow();
    const lines = problems(nest(FLOW_JSON_LIMITS.maxDepth + 1));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^root\.body\.body[.\w]*…[.\w]*body: graph nodes nested deeper than 200 levels$/); // long paths keep start and end
  });

  it('refuses a very deep document without overflowing the stack', () => {
    const lines = problems(nest(100_000));
    expect(lines[0]).toMatch(/nested deeper than/);
  });

  it('refuses JSON nested too deeply inside values', () => {
    let value: unknown = 1;
    for (let i = 0; i < FLOW_JSON_LIMITS.maxNesting + 5; i++) value = [value];
    expect(problems(seq({ kind: 'value', args: [value] }))[0]).toMatch(/^root\.steps\[0\]\.args\[0\][[\]0]*…[[\]0]*: nested deeper than 1000 levels$/);
  });

  it(`refuses more than ${FLOW_JSON_LIMITS.maxNodes} nodes`, () => {
    const step = { kind: 'step', handler: 'inc' };
    expect(() => fromJSON(seq(...Array.from({ length: FLOW_JSON_LIMITS.maxNodes - 1 }, () => step)), handlers)).not.toThrow();
    expect(problems(seq(...Array.from({ length: FLOW_JSON_LIMITS.maxNodes }, () => step)))).toEqual(['(document): more than 10000 nodes']);
  });

  it('refuses documents over 1 MB, as text and as objects', () => {
    const big = seq({ kind: 'value', args: ['x'.repeat(FLOW_JSON_LIMITS.maxBytes)] });
    expect(problems(big)).toEqual(['(document): larger than 1000000 bytes']);
    expect(problems(JSON.stringify(big))).toEqual(['(document): larger than 1000000 bytes']);
  });

  it('refuses a circular object cleanly', () => {
    const root: any = { kind: 'sequence', steps: [] };
    root.steps.push(root);
    expect(problems({ version: 1, root })[0]).toMatch(/nested deeper than/);
  });
});
