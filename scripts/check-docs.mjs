// Every export of the public entry points must carry TSDoc with a summary,
// an @example and a release tag. Reads the emitted .d.ts files of dist/.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import ts from 'typescript';

const entries = ['dist/index.d.ts', 'dist/ftn12.d.ts', 'dist/testing.d.ts', 'dist/otel.d.ts', 'dist/durable.d.ts', 'dist/host.d.ts', 'dist/worker.d.ts'];
const problems = [];
const seen = new Set();

function declsOf(file) {
  const program = ts.createProgram([file], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  return checker.getExportsOfModule(moduleSymbol).map((sym) => {
    const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
    return { name: sym.getName(), decls: target.getDeclarations() ?? [] };
  });
}

for (const entry of entries) {
  if (!existsSync(entry)) {
    problems.push(`${entry}: missing (run the build first)`);
    continue;
  }
  for (const { name, decls } of declsOf(resolve(entry))) {
    const key = `${name}@${decls[0]?.getSourceFile().fileName}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const docs = decls.flatMap((d) => ts.getJSDocCommentsAndTags(d)).map((d) => d.getText());
    const text = docs.join('\n');
    const where = `${entry}: ${name}`;
    if (!text) problems.push(`${where}: no TSDoc`);
    else {
      if (!/@(public|beta|alpha|internal)\b/.test(text)) problems.push(`${where}: no release tag`);
      if (!/@example\b/.test(text)) problems.push(`${where}: no @example`);
    }
  }
}
for (const p of problems) console.log(p);
console.log(`check-docs: ${seen.size} exports, ${problems.length} problems`);
process.exit(problems.length ? 1 : 0);
