import { Box, primal, Tensor, type Tree } from '../../src/ad/index.js';

/** Inputs printed in full in failure messages (stdlib's habit: a failure shows every input). */
export function describeTree(x: Tree): string {
  const visit = (node: unknown): string => {
    if (node instanceof Box) return visit(primal(node));
    if (node instanceof Tensor) return node.toString();
    if (Array.isArray(node)) return `[${node.map(visit).join(', ')}]`;
    if (typeof node === 'object' && node !== null) {
      return `{ ${Object.entries(node).map(([k, v]) => `${k}: ${visit(v)}`).join(', ')} }`;
    }
    return String(node);
  };
  return visit(x);
}
