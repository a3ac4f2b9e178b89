// The type errors users meet with templates read as sentences: compiled
// with the TypeScript compiler against the public barrel, and the
// diagnostics' text checked.
import { describe, it, expect } from 'vitest';
import ts from 'typescript';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/** Type-checks `source` as a module next to index.ts; the text of every diagnostic in it. */
function diagnostics(source: string): string[] {
  const file = path.join(root, 'test/types/__snippet__.ts');
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    exactOptionalPropertyTypes: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  host.readFile = (name) => (path.resolve(name) === file ? source : read(name));
  const exists = host.fileExists.bind(host);
  host.fileExists = (name) => path.resolve(name) === file || exists(name);
  const program = ts.createProgram([file], options, host);
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(file))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

const prelude = `
import { flow, run, slotType } from '../../index.js';
interface Notice { user: string }
interface Delivery { to: string }
const notify = flow<Notice>('notify').slot('send', slotType<Notice, Delivery>()).step('audit', (as, d) => d.to);
const email = flow<Notice>('email').step((as, n) => ({ to: n.user }));
`;

describe('type errors that read as sentences', { timeout: 60_000 }, () => {
  it('running an unfilled template names the slot and says what to do', () => {
    const messages = diagnostics(`${prelude}\nrun(notify, { user: 'ada' });\n`);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('this flow is a template: fill its slot `send` with .fill({ send: … }) before running or embedding it');
    expect(messages[0]).not.toContain('~unnamed slots');
  });

  it('a misspelt fill names the wrong key', () => {
    const literal = diagnostics(`${prelude}\nnotify.fill({ sned: email });\n`);
    expect(literal).toHaveLength(1);
    expect(literal[0]).toContain('`sned` is not an open slot of this template');
    const variable = diagnostics(`${prelude}\nconst fills = { sned: email };\nnotify.fill(fills);\n`);
    expect(variable).toHaveLength(1);
    expect(variable[0]).toContain('`sned` is not an open slot of this template');
  });

  it('a correct fill compiles and runs', () => {
    expect(diagnostics(`${prelude}\nvoid run(notify.fill({ send: email }), { user: 'ada' });\n`)).toEqual([]);
  });
});
