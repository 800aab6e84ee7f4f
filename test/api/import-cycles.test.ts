import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * No module of src imports itself through others at run time: a cycle makes evaluation order
 * decide whether a binding is initialised (a class used before its module ran), and bundlers
 * warn about it. Type-only imports are erased and do not count.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The relative modules `file` loads at run time (import and export ... from, less type-only ones). */
function runtimeImports(file: string, withTypes = false): string[] {
  const text = readFileSync(file, 'utf8');
  const targets: string[] = [];
  const statement = /^(?:import|export)\s+(type\s+)?([^;]*?)\s*from\s+'(\.[^']+)'/gms;
  for (const match of text.matchAll(statement)) {
    if (match[1] !== undefined && !withTypes) continue;
    const clause = match[2]!.trim();
    const braced = /^\{([^}]*)\}$/.exec(clause);
    if (braced !== null && !withTypes) {
      const names = braced[1]!.split(',').map((name) => name.trim()).filter((name) => name !== '');
      if (names.length > 0 && names.every((name) => name.startsWith('type '))) continue;
    }
    targets.push(resolve(dirname(file), match[3]!.replace(/\.js$/, '.ts')));
  }
  const bare = /^import\s+'(\.[^']+)'/gm;
  for (const match of text.matchAll(bare)) targets.push(resolve(dirname(file), match[1]!.replace(/\.js$/, '.ts')));
  return targets;
}

/** Strongly connected components of more than one module (Tarjan 1972). */
function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || graph.get(node)!.includes(node)) found.push(component.map((file) => relative(root, file)).sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe('import cycles', () => {
  it('src has none at run time', () => {
    const graph = new Map(sourceFiles(root).map((file) => [file, runtimeImports(file)]));
    expect(graph.size).toBeGreaterThan(300);
    expect(cycles(graph)).toEqual([]);
  });

  it('src/ad has none, type-only imports included (an op and the trace recording it)', () => {
    const graph = new Map(sourceFiles(join(root, 'ad')).map((file) => [file, runtimeImports(file, true)]));
    expect(graph.size).toBeGreaterThan(50);
    expect(cycles(graph)).toEqual([]);
  });

  it('finds a cycle where there is one (the check itself)', () => {
    const graph = new Map([
      [join(root, 'a.ts'), [join(root, 'b.ts')]],
      [join(root, 'b.ts'), [join(root, 'c.ts')]],
      [join(root, 'c.ts'), [join(root, 'a.ts')]],
      [join(root, 'd.ts'), [join(root, 'a.ts')]],
    ]);
    expect(cycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });
});
