import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';

/**
 * The import graph between folders: `server/sim`, `server/live`, `src/scene`... (files at the top of `server/` or
 * `src/` form a folder of their own). Read with TypeScript's own import scanner, so type-only imports count too:
 * a cycle of types still ties two folders together.
 */

/** Folder of a file, e.g. `server/sim/model/unit.ts` -> `server/sim`, `server/cli.ts` -> `server/.`. */
function folderOf(file: string): string {
  const parts = file.split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : `${parts[0]}/.`;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx|mts)$/.test(name)) out.push(path);
  }
  return out;
}

/** Edges `from folder -> to folder`, each with one file that makes it, for every import of our own code. */
export function folderGraph(
  root: string,
  dirs: readonly string[],
  aliases: Readonly<Record<string, string>>,
): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const dir of dirs) {
    for (const abs of sourceFiles(join(root, dir))) {
      const file = relative(root, abs);
      const { importedFiles } = ts.preProcessFile(readFileSync(abs, 'utf8'), true, true);
      for (const { fileName } of importedFiles) {
        const alias = Object.keys(aliases).find((a) => fileName.startsWith(a));
        const target =
          alias !== undefined
            ? normalize(aliases[alias]! + fileName.slice(alias.length))
            : fileName.startsWith('.')
              ? normalize(join(dirname(file), fileName))
              : null;
        if (target === null) continue; // a package
        const [from, to] = [folderOf(file), folderOf(target)];
        if (from === to) continue;
        if (!graph.has(from)) graph.set(from, new Map());
        if (!graph.get(from)!.has(to)) graph.get(from)!.set(to, file);
      }
    }
  }
  return graph;
}

/** Every cycle's folders (one per strongly connected component of more than one folder), found with Tarjan's algorithm. */
export function folderCycles(graph: ReadonlyMap<string, ReadonlyMap<string, string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>(),
    low = new Map<string, number>(),
    stack: string[] = [],
    onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    for (let w = stack.pop()!; ; w = stack.pop()!) {
      onStack.delete(w);
      component.push(w);
      if (w === v) break;
    }
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}
