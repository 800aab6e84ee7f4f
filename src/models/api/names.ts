import type { Shape } from '../../ad/tensor.js';
import type { Bound, Declaration } from './declarations.js';

/**
 * Names of the scalars of a quantity in Stan's style, 1-based, in row-major order (the
 * order of leapfrog's tensors): `mu`, `theta[1]`, ..., `L[1,1]`, `L[1,2]`, `L[2,1]`, ...
 * (Stan's own CSV lists the elements of matrix types column-major and of arrays row-major;
 * leapfrog lists everything row-major.)
 */
export function elementNames(name: string, shape: Shape): string[] {
  if (shape.length === 0) return [name];
  const size = shape.reduce((a, b) => a * b, 1);
  const names = new Array<string>(size);
  const index = new Array<number>(shape.length).fill(1);
  for (let k = 0; k < size; k++) {
    names[k] = `${name}[${index.join(',')}]`;
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      if (index[axis]! < shape[axis]!) {
        index[axis]!++;
        break;
      }
      index[axis] = 1;
    }
  }
  return names;
}

/** The element at a flat row-major offset as a 1-based index text: `[2,1]` (empty for scalars). */
export function indexText(shape: Shape, offset: number): string {
  if (shape.length === 0) return '';
  const index = new Array<number>(shape.length);
  let rest = offset;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    index[axis] = (rest % shape[axis]!) + 1;
    rest = Math.floor(rest / shape[axis]!);
  }
  return `[${index.join(',')}]`;
}

/** How a declared bound reads in a name: its number or data field, else `lower`/`upper`. */
function boundText(bound: Bound | undefined, side: string): string | undefined {
  if (bound === undefined) return undefined;
  return typeof bound === 'number' || typeof bound === 'string' ? String(bound) : side;
}

function boundedName(element: string, lower: string | undefined, upper: string | undefined): string {
  if (lower === undefined && upper === undefined) return element;
  if (upper === undefined) return lower === '0' ? `log(${element})` : `log(${element} - ${lower})`;
  if (lower === undefined) return `log(${upper} - ${element})`;
  if (lower === '0') return upper === '1' ? `logit(${element})` : `logit(${element} / ${upper})`;
  const [a, b] = [Number(lower), Number(upper)];
  if (Number.isFinite(a) && Number.isFinite(b)) {
    return `logit((${element} ${a < 0 ? `+ ${-a}` : `- ${a}`}) / ${b - a})`;
  }
  return `logit((${element} - ${lower}) / (${upper} - ${lower}))`;
}

/** The cells of a rows×columns lower trapezoid (strictly below the diagonal, or with it), row by row, 1-based. */
function lowerCells(rows: number, columns: number, withDiagonal: boolean): [number, number][] {
  const cells: [number, number][] = [];
  for (let i = 1; i <= rows; i++) for (let j = 1; j <= Math.min(withDiagonal ? i : i - 1, columns); j++) cells.push([i, j]);
  return cells;
}

/** `(x - mu) / tau`: an affinely transformed element in the sampler's coordinates. */
function affineName(element: string, offset: string | undefined, multiplier: string | undefined): string {
  const shifted = offset === undefined || offset === '0' ? element : `${element} - ${offset}`;
  if (multiplier === undefined || multiplier === '1') return shifted === element ? element : `(${shifted})`;
  return `(${shifted}) / ${multiplier}`;
}

/** Names of one element's (or a whole non-array value's) unconstrained coordinates. */
function valueNames(name: string, declaration: Declaration, shape: Shape, size: number): string[] {
  const elements = elementNames(name, shape);
  switch (declaration.kind) {
    case 'simplex':
      return elementNames(`stick(${name})`, [size]);
    case 'unitVector':
      return elementNames(`ray(${name})`, [size]);
    case 'sumToZeroVector':
      return elementNames(`helmert(${name})`, [size]);
    case 'ordered':
      return elements.map((e, i) => (i === 0 ? e : `log(${e} - ${elements[i - 1]})`));
    case 'positiveOrdered':
      return elements.map((e, i) => (i === 0 ? `log(${e})` : `log(${e} - ${elements[i - 1]})`));
    case 'choleskyCorr':
    case 'corrMatrix':
      return lowerCells(shape[0]!, shape[0]!, false).map(([i, j]) => `atanh(cpc(${name})[${i},${j}])`);
    case 'choleskyCov':
      return lowerCells(shape[0]!, shape[1]!, true).map(([i, j]) => (i === j ? `log(${name}[${i},${j}])` : `${name}[${i},${j}]`));
    case 'covMatrix':
      return lowerCells(shape[0]!, shape[1]!, true).map(([i, j]) => (i === j ? `log(chol(${name})[${i},${j}])` : `chol(${name})[${i},${j}]`));
    case 'rowStochasticMatrix':
      return Array.from({ length: shape[0]! }, (_, i) => elementNames(`stick(${name}[${i + 1}])`, [shape[1]! - 1])).flat();
    case 'columnStochasticMatrix':
      return Array.from({ length: shape[1]! }, (_, j) => elementNames(`stick(${name}[:,${j + 1}])`, [shape[0]! - 1])).flat();
    default: {
      if (declaration.offset !== undefined || declaration.multiplier !== undefined) {
        const [offset, multiplier] = [boundText(declaration.offset, 'offset'), boundText(declaration.multiplier, 'multiplier')];
        return elements.map((e) => affineName(e, offset, multiplier));
      }
      const lower = boundText(declaration.lower, 'lower');
      const upper = boundText(declaration.upper, 'upper');
      return elements.map((e) => boundedName(e, lower, upper));
    }
  }
}

/** Kinds whose coordinates are elementwise: an array of them is named over its whole shape. */
const ELEMENTWISE_KINDS: ReadonlySet<string> = new Set(['real', 'vector', 'rowVector', 'matrix']);

/**
 * Names of a parameter's unconstrained coordinates, saying what each is in terms of the
 * constrained value (Stan's transforms): `log(tau)`, `logit(alpha1)`, `log(mu[2] - mu[1])`,
 * `stick(theta1)[1]` (stick-breaking logits), `atanh(cpc(L)[2,1])` (canonical partial
 * correlations), `log(L[1,1])`, `(x - mu) / tau`; an array's elements in turn
 * (`stick(theta[2])[1]`). For diagnostics in the space the sampler moves in.
 */
export function unconstrainedNames(name: string, declaration: Declaration, shape: Shape, size: number): string[] {
  const arrayRank = declaration.array?.length ?? 0;
  if (arrayRank === 0 || ELEMENTWISE_KINDS.has(declaration.kind)) return valueNames(name, declaration, shape, size);
  const arrayShape = shape.slice(0, arrayRank);
  const count = arrayShape.reduce((a, b) => a * b, 1);
  const element = { ...declaration, array: undefined };
  return elementNames(name, arrayShape).flatMap((elementName) => valueNames(elementName, element, shape.slice(arrayRank), count === 0 ? 0 : size / count));
}
