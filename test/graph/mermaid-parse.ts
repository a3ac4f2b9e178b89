// Reads back the Mermaid text toMermaid writes, for snapshot-free assertions.

export interface ParsedDiagram {
  header: string;
  /** Node id → decoded label. */
  nodes: Map<string, string>;
  /** Subgraph id → decoded title. */
  subgraphs: Map<string, string>;
  edges: Array<{ from: string; to: string; label: string | undefined; dashed: boolean }>;
  classDefs: Map<string, string>;
  /** Node or subgraph id → class. */
  classes: Map<string, string>;
  /** Edge index → linkStyle css. */
  linkStyles: Map<number, string>;
  /** Lines nothing above matched. */
  unknown: string[];
}

export const decode = (text: string): string => text.replace(/#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));

export function parseDiagram(text: string): ParsedDiagram {
  const [header = '', ...lines] = text.trimEnd().split('\n');
  const out: ParsedDiagram = { header, nodes: new Map(), subgraphs: new Map(), edges: [], classDefs: new Map(), classes: new Map(), linkStyles: new Map(), unknown: [] };
  for (const raw of lines) {
    const line = raw.trim();
    let m: RegExpMatchArray | null;
    if (line === 'end') continue;
    if ((m = line.match(/^subgraph (\w+) \["([^"]*)"\]$/))) out.subgraphs.set(m[1]!, decode(m[2]!));
    else if ((m = line.match(/^(\w+) (-->|-\.->)(?:\|"([^"]*)"\|)? (\w+)$/))) {
      out.edges.push({ from: m[1]!, to: m[4]!, label: m[3] === undefined ? undefined : decode(m[3]), dashed: m[2] === '-.->' });
    } else if ((m = line.match(/^classDef (\w+) (.+)$/))) out.classDefs.set(m[1]!, m[2]!);
    else if ((m = line.match(/^class ([\w,]+) (\w+)$/))) for (const id of m[1]!.split(',')) out.classes.set(id, m[2]!);
    else if ((m = line.match(/^linkStyle ([\d,]+) (.+)$/))) for (const i of m[1]!.split(',')) out.linkStyles.set(Number(i), m[2]!);
    else if ((m = line.match(/^(\w+)(?:\[|\(|\{|>)[[({/\\]?"([^"]*)"[\])}/\\]{1,2}\]?$/))) out.nodes.set(m[1]!, decode(m[2]!));
    else out.unknown.push(line);
  }
  return out;
}

/** The id of the node or subgraph with this label (fails when there is none or several). */
export function idOf(d: ParsedDiagram, label: string): string {
  const ids = [...d.nodes, ...d.subgraphs].filter(([, l]) => l === label).map(([id]) => id);
  if (ids.length !== 1) throw new Error(`expected one element labelled ${JSON.stringify(label)}, found ${ids.length}`);
  return ids[0]!;
}

/** Labels of the targets of edges leaving `from`, with the edge labels. */
export function edgesFrom(d: ParsedDiagram, from: string): Array<{ to: string; label: string | undefined; dashed: boolean }> {
  return d.edges.filter((e) => e.from === from).map((e) => ({ to: d.nodes.get(e.to) ?? d.subgraphs.get(e.to) ?? e.to, label: e.label, dashed: e.dashed }));
}
