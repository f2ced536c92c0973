import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { importsOf } from '../../src/engine/module-graph.ts';

/** Every .ts module under the folders, with the project modules it imports (project-relative paths). */
export async function importGraph(root: string, folders: string[]): Promise<Map<string, string[]>> {
  const graph = new Map<string, string[]>();
  for (const folder of folders) {
    const entries = await readdir(path.join(root, folder), { withFileTypes: true, recursive: true });
    for (const e of entries) {
      if (!e.isFile() || !e.name.endsWith('.ts')) continue;
      const file = path.join(e.parentPath, e.name);
      const { modules: imports } = await importsOf(file);
      graph.set(
        path.relative(root, file),
        imports.map((i) => path.relative(root, i)),
      );
    }
  }
  return graph;
}

/** The import cycles: strongly connected components of more than one module, or a module importing itself (Tarjan). */
export function importCycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return cycles;
}
