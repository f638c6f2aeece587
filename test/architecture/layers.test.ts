import { describe, expect, it } from 'vitest';
import { folderCycles, folderGraph } from './folderGraph.ts';

/**
 * No import cycles between folders, on the server and in the browser app. (The rules of which layer may import
 * which are ESLint's: `import-x/no-restricted-paths` in eslint.config.js.) A cycle shows up as the folders it
 * joins and, for each edge between them, one file that makes it.
 */

const graph = folderGraph(process.cwd(), ['server', 'src'], { '@protocol/': 'server/protocol/' });

function explain(cycle: string[]): string {
  const edges = cycle.flatMap((a) => cycle.filter((b) => graph.get(a)?.has(b)).map((b) => `${a} -> ${b} (${graph.get(a)!.get(b)})`));
  return `${cycle.join(' <-> ')}:\n  ${edges.join('\n  ')}`;
}

describe('folder imports', () => {
  it('form no cycle', () => {
    expect(folderCycles(graph).map(explain)).toEqual([]);
  });
  it('the check finds a cycle when there is one', () => {
    const withCycle = new Map([
      ['server/a', new Map([['server/b', 'server/a/x.ts']])],
      ['server/b', new Map([['server/c', 'server/b/y.ts']])],
      ['server/c', new Map([['server/a', 'server/c/z.ts']])],
      ['server/d', new Map([['server/a', 'server/d/w.ts']])],
    ]);
    expect(folderCycles(withCycle)).toEqual([['server/a', 'server/b', 'server/c']]);
  });
  it('sees the engine, the protocol and the browser app', () => {
    expect([...graph.keys()]).toEqual(expect.arrayContaining(['server/session', 'server/live', 'src/net']));
    expect(graph.get('src/net')?.has('server/protocol')).toBe(true);
  });
});
