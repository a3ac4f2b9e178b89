// DESIGN: Graph tools — the zod schema of flow documents and the JSON Schema generated from it.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FlowError as PublicFlowError, flowJsonSchema, graphJsonSchema, toJSON } from '../../index.js';
import { FlowError as GraphFlowError, Errors as GraphErrors } from '../../errors/flow-error.js';
import { Errors, FlowError } from '../../runtime/errors.js';
import { everything, names } from './fixtures.js';

describe('flow document schema', () => {
  it('accepts what toJSON writes', () => {
    const doc = JSON.parse(JSON.stringify(toJSON(everything(), { names })));
    expect(flowJsonSchema.safeParse(doc).success).toBe(true);
  });

  it('graphJsonSchema() is zod-generated JSON Schema with a recursive NodeJson definition per kind', () => {
    const schema = graphJsonSchema() as any;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.title).toBe('stepflow flow graph');
    expect(schema.required).toEqual(['version', 'root']);
    expect(schema.properties.version.const).toBe(1);
    expect(schema.properties.root).toEqual({ $ref: '#/$defs/NodeJson' });
    const kinds = schema.$defs.NodeJson.oneOf.map((s: any) => s.properties.kind.const).sort();
    expect(kinds).toEqual(['catch', 'choose', 'context', 'embed', 'finally', 'loop', 'map', 'parallel', 'retry', 'sequence', 'sleep', 'slot', 'step', 'sync', 'timeout', 'using', 'value', 'wait']);
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });

  it('the build ships it as dist/flow-graph.schema.json', () => {
    const file = new URL('../../dist/flow-graph.schema.json', import.meta.url);
    if (!existsSync(file)) return; // only after `npm run build`
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(graphJsonSchema());
  });
});

describe('FlowError lives in graph/ and is the same class everywhere', () => {
  it('runtime/errors.ts and the barrel re-export the graph class', () => {
    expect(FlowError).toBe(GraphFlowError);
    expect(PublicFlowError).toBe(GraphFlowError);
    expect(Errors).toBe(GraphErrors);
    expect(new FlowError('InvalidRequest', 'x')).toBeInstanceOf(PublicFlowError);
  });
});
