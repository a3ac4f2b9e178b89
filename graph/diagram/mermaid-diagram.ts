/**
 * A small writer of Mermaid `flowchart` text: node shapes, subgraphs, edges
 * and classes, with every label escaped. Node declarations nest inside their
 * subgraphs; edges are written after all of them so that an edge never
 * pulls a node into the wrong subgraph.
 */

/** Mermaid node shapes used by the diagrams. */
export type Shape = 'rect' | 'round' | 'stadium' | 'subroutine' | 'circle' | 'rhombus' | 'hexagon' | 'fork' | 'join' | 'flag';

const SHAPES: Readonly<Record<Shape, readonly [string, string]>> = {
  rect: ['[', ']'],
  round: ['(', ')'],
  stadium: ['([', '])'],
  subroutine: ['[[', ']]'],
  circle: ['((', '))'],
  rhombus: ['{', '}'],
  hexagon: ['{{', '}}'],
  fork: ['[/', '\\]'],
  join: ['[\\', '/]'],
  flag: ['>', ']'],
};

/**
 * Escapes text for a quoted Mermaid label: quotes, brackets, pipes, `#`,
 * `<`, `>`, `&` and backticks become `#code;` entities; whitespace runs
 * become one space.
 */
export function escapeLabel(text: string): string {
  return text.replace(/[#"'<>`&[\](){}|\\]/g, (c) => `#${c.charCodeAt(0)};`).replace(/\s+/g, ' ');
}

/** Options of an edge. */
export interface EdgeStyle {
  readonly label?: string | undefined;
  readonly dashed?: boolean;
}

/** Collects a diagram's lines. */
export class MermaidDiagram {
  readonly #nodes: string[] = [];
  readonly #edges: string[] = [];
  readonly #classes: string[] = [];
  readonly #targets: string[] = [];
  #indent = 1;

  #push(line: string): void {
    this.#nodes.push('  '.repeat(this.#indent) + line);
  }

  /** Declares a node. */
  node(id: string, shape: Shape, label: string): string {
    const [open, close] = SHAPES[shape];
    this.#push(`${id}${open}"${escapeLabel(label)}"${close}`);
    return id;
  }

  /** Declares a subgraph; nodes declared by `fill` belong to it. */
  subgraph<T>(id: string, title: string, fill: () => T): T {
    this.#push(`subgraph ${id} ["${escapeLabel(title)}"]`);
    this.#indent++;
    try {
      return fill();
    } finally {
      this.#indent--;
      this.#push('end');
    }
  }

  /** Adds an edge (solid, or dashed for error paths), optionally labelled; returns its index (for `linkStyle`). */
  edge(from: string, to: string, style: EdgeStyle = {}): number {
    const arrow = style.dashed ? '-.->' : '-->';
    this.#edges.push(`  ${from} ${arrow}${style.label ? `|"${escapeLabel(style.label)}"|` : ''} ${to}`);
    this.#targets.push(to);
    return this.#edges.length - 1;
  }

  /** The target of every edge so far, by edge index. */
  get targets(): readonly string[] {
    return this.#targets;
  }

  /** Styles edges by index (`linkStyle 1,4 css`). */
  linkStyle(indices: readonly number[], css: string): void {
    if (indices.length > 0) this.#classes.push(`  linkStyle ${indices.join(',')} ${css}`);
  }

  /** Defines a class (`classDef name css`). */
  classDef(name: string, css: string): void {
    this.#classes.push(`  classDef ${name} ${css}`);
  }

  /** Assigns a class to nodes and subgraphs. */
  assign(ids: readonly string[], className: string): void {
    if (ids.length > 0) this.#classes.push(`  class ${ids.join(',')} ${className}`);
  }

  /** The diagram text. */
  toString(): string {
    return ['flowchart TD', ...this.#nodes, ...this.#edges, ...this.#classes].join('\n') + '\n';
  }
}
