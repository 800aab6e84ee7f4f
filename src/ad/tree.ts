import { Tensor } from './tensor';
import { Box, type Value } from './trace';

/**
 * Arguments and gradients may be structured: a value, or arrays and records of them
 * (`{ mu: 0, theta: tensor([...]) }`); the gradient has the same structure.
 */
export type Tree = Value | readonly Tree[] | { readonly [key: string]: Tree };

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (ArrayBuffer.isView(x)) return x.constructor.name;
  return typeof x;
}

/** Maps every leaf of a tree, keeping its structure; `where` names the argument for errors. */
export function mapTree(tree: Tree, fn: (leaf: Value, path: string) => Value, where: string): Tree {
  const visit = (node: unknown, path: string): Tree => {
    if (typeof node === 'number' || node instanceof Tensor || node instanceof Box) return fn(node, path);
    if (node instanceof Int32Array || node instanceof Uint32Array || node instanceof Int16Array || node instanceof Uint8Array) {
      throw new Error(
        `${path} is an integer index array (${describe(node)}): indices are not differentiable. ` +
          'Pass it as another argument and differentiate with respect to the real-valued one (grad(f, argIndex)).',
      );
    }
    if (node instanceof Float64Array || node instanceof Float32Array) {
      throw new Error(`${path} is a ${describe(node)}: wrap it as a tensor first (tensor(data, shape))`);
    }
    if (Array.isArray(node)) return node.map((child, i) => visit(child, `${path}[${i}]`));
    if (typeof node === 'object' && node !== null && Object.getPrototypeOf(node) === Object.prototype) {
      const out: Record<string, Tree> = {};
      for (const [key, child] of Object.entries(node)) out[key] = visit(child, `${path}.${key}`);
      return out;
    }
    throw new Error(`${path} is ${describe(node)}, but must be a number, a tensor, or an array or record of them`);
  };
  return visit(tree, where);
}

/** The leaves of a tree in a fixed order (depth first, record keys in insertion order). */
export function leaves(tree: Tree): Value[] {
  const out: Value[] = [];
  mapTree(tree, (leaf) => {
    out.push(leaf);
    return leaf;
  }, 'value');
  return out;
}

/** Rebuilds a tree of the same structure from replacement leaves in `leaves` order. */
export function withLeaves(tree: Tree, replacements: readonly Value[]): Tree {
  let k = 0;
  return mapTree(tree, () => replacements[k++]!, 'value');
}
