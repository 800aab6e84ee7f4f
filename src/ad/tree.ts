import { Tensor } from './tensor.js';
import { Box, type Value } from './trace.js';

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
  return visitTree(tree, where, fn);
}

// A module-level function rather than a closure made per call: gradients of a model's
// parameters go through here on every evaluation.
function visitTree(node: unknown, path: string, fn: (leaf: Value, path: string) => Value): Tree {
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
  if (Array.isArray(node)) {
    // A leaf's path is built only for an `fn` that reads it (errors about deeper nodes need theirs).
    const wantsPath = fn.length >= 2;
    const out = new Array<Tree>(node.length);
    for (let i = 0; i < node.length; i++) {
      const child: unknown = node[i];
      const leaf = typeof child === 'number' || child instanceof Tensor || child instanceof Box;
      out[i] = leaf && !wantsPath ? fn(child, path) : visitTree(child, `${path}[${i}]`, fn);
    }
    return out;
  }
  if (typeof node === 'object' && node !== null && Object.getPrototypeOf(node) === Object.prototype) {
    const out: Record<string, Tree> = {};
    for (const [key, child] of Object.entries(node)) out[key] = visitTree(child, `${path}.${key}`, fn);
    return out;
  }
  throw new Error(`${path} is ${describe(node)}, but must be a number, a tensor, or an array or record of them`);
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
