import { add, div, mul, neg, pow, sub } from '../../ad/ops/arithmetic.js';
import { dot, matmul, matvec, outer, transpose, vecmat } from '../../ad/ops/linalg.js';
import { solve } from '../../ad/ops/lu.js';
import { primal, shapeOf, type Value } from '../../ad/trace.js';
import type { BinaryOperator, Span } from './ast.js';
import type { Frame } from './scope.js';
import type { Limits } from '../../models/api/limits.js';
import { CheckError, checkValueSize, lowered, plainData, plainLike, type Folding, type Lowered } from './lowered.js';
import {
  INT,
  REAL,
  formatType,
  intArrayType,
  isScalar,
  matrixType,
  rowVectorType,
  sizesAgree,
  toReal,
  vectorType,
  withArticle,
  type Size,
  type SpecType,
} from './types.js';

// Stan's operator semantics (Stan reference manual, "Arithmetic and matrix operations"):
// `*` between a matrix and a vector is the matrix-vector product, between matrices the
// matrix product, row vector times vector the dot product, vector times row vector the
// outer product; `.*` and `./` are elementwise; scalars broadcast. Int arrays take part
// in elementwise arithmetic like vectors (an extension: Stan has no arithmetic on arrays).
// `.^` is elementwise power; `A \\ b` and `b / A` solve with a square matrix (by LU).

type Kernel = (a: Value, b: Value) => Value;

const both = (a: SpecType, b: SpecType, kind: SpecType['kind']): boolean => a.kind === kind && b.kind === kind;

/** Sizes that must agree, or a message naming them. */
function agree(a: Size, b: Size, what: string): string | undefined {
  return sizesAgree(a, b) ? undefined : `${what} differ: ${a} and ${b}`;
}

/** The common type of two operands of an elementwise operation, or a message. */
export function elementwiseType(op: string, a: SpecType, b: SpecType): SpecType | string {
  if (isScalar(a) && isScalar(b)) return both(a, b, 'int') ? INT : REAL;
  if (isScalar(a)) return a.kind === 'int' ? b : toReal(b);
  if (isScalar(b)) return b.kind === 'int' ? a : toReal(a);
  const oneAxis = (t: SpecType): boolean => t.kind === 'vector' || t.kind === 'int_array';
  if (oneAxis(a) && oneAxis(b)) {
    const sa = (a as { size: Size }).size;
    const sb = (b as { size: Size }).size;
    const problem = agree(sa, sb, 'their sizes');
    if (problem !== undefined) return `'${op}' needs operands of one shape, but ${problem} (${formatType(a)} ${op} ${formatType(b)})`;
    return both(a, b, 'int_array') ? intArrayType(sa ?? sb) : vectorType(sa ?? sb);
  }
  if (both(a, b, 'row_vector')) {
    const problem = agree((a as { size: Size }).size, (b as { size: Size }).size, 'their sizes');
    if (problem !== undefined) return `'${op}' needs operands of one shape, but ${problem}`;
    return a;
  }
  if (both(a, b, 'matrix')) {
    const [ma, mb] = [a as { rows: Size; cols: Size }, b as { rows: Size; cols: Size }];
    if (!sizesAgree(ma.rows, mb.rows) || !sizesAgree(ma.cols, mb.cols)) {
      return `'${op}' needs matrices of one shape, but got ${formatType(a)} and ${formatType(b)}`;
    }
    return matrixType(ma.rows ?? mb.rows, ma.cols ?? mb.cols);
  }
  const transposeHint =
    (a.kind === 'vector' && b.kind === 'row_vector') || (a.kind === 'row_vector' && b.kind === 'vector') ? " (transpose one of them with ')" : '';
  return `'${op}' is not defined between ${withArticle(a)} and ${withArticle(b)}${transposeHint}`;
}

/** Stan's `*`: scaling, or a product of linear algebra. */
function productType(a: SpecType, b: SpecType): { type: SpecType; kernel: Kernel } | string {
  if (isScalar(a) || isScalar(b)) {
    const t = elementwiseType('*', a, b);
    return typeof t === 'string' ? t : { type: t, kernel: mul };
  }
  const fit = (inner1: Size, inner2: Size, result: SpecType, kernel: Kernel, text: string): { type: SpecType; kernel: Kernel } | string =>
    sizesAgree(inner1, inner2) ? { type: result, kernel } : `${text}: the inner sizes differ (${inner1} and ${inner2}) in ${formatType(a)} * ${formatType(b)}`;
  if (a.kind === 'matrix' && (b.kind === 'vector' || b.kind === 'int_array')) return fit(a.cols, b.size, vectorType(a.rows), matvec, 'matrix * vector');
  if (a.kind === 'matrix' && b.kind === 'matrix') return fit(a.cols, b.rows, matrixType(a.rows, b.cols), matmul, 'matrix * matrix');
  if (a.kind === 'row_vector' && b.kind === 'matrix') return fit(a.size, b.rows, rowVectorType(b.cols), vecmat, 'row_vector * matrix');
  if (a.kind === 'row_vector' && (b.kind === 'vector' || b.kind === 'int_array')) return fit(a.size, b.size, REAL, dot, 'row_vector * vector');
  if ((a.kind === 'vector' || a.kind === 'int_array') && b.kind === 'row_vector') return { type: matrixType(a.size, b.size), kernel: outer };
  if ((a.kind === 'vector' || a.kind === 'int_array') && (b.kind === 'vector' || b.kind === 'int_array')) {
    return `'*' is not defined between two vectors: use '.*' for the elementwise product or dot_product(a, b) for the inner product`;
  }
  if (a.kind === 'vector' && b.kind === 'matrix') return `vector * matrix is not defined; did you mean ${"a' * B"} (row vector times matrix) or B * a?`;
  return `'*' is not defined between ${withArticle(a)} and ${withArticle(b)}`;
}

/** `A \\ b` = A⁻¹ b (Stan's mdivide_left) for a square matrix A and a vector or matrix b. */
function leftDivision(a: SpecType, b: SpecType): { type: SpecType; kernel: Kernel } | string {
  if (a.kind !== 'matrix' || !sizesAgree(a.rows, a.cols)) return `the left operand of '\\' must be a square matrix (A \\ b solves A x = b), but is ${withArticle(a)}`;
  if (b.kind !== 'vector' && b.kind !== 'matrix') return `the right operand of '\\' must be a vector or matrix, but is ${withArticle(b)}`;
  const rows = b.kind === 'matrix' ? b.rows : b.size;
  if (!sizesAgree(a.rows, rows)) return `'\\': the matrix is ${a.rows} × ${a.cols}, but the right operand has ${rows} rows`;
  return { type: b, kernel: solve };
}

/** `b / A` = b A⁻¹ (Stan's mdivide_right) for a row vector or matrix b and a square matrix A. */
function rightDivision(b: SpecType, a: Extract<SpecType, { kind: 'matrix' }>): { type: SpecType; kernel: Kernel } | string {
  if (!sizesAgree(a.rows, a.cols)) return `the divisor of '/' between matrices must be a square matrix (b / A = b A⁻¹), but is ${withArticle(a)}`;
  const cols = b.kind === 'matrix' ? b.cols : (b as { size: Size }).size;
  if (!sizesAgree(a.rows, cols)) return `'/': the left operand has ${cols} columns, but the matrix is ${a.rows} × ${a.cols}`;
  const kernel: Kernel = (x, m) => (shapeOf(x).length === 1 ? solve(transpose(m), x) : transpose(solve(transpose(m), transpose(x))));
  return { type: b, kernel };
}

/** Comparisons and logical operators on plain values: 1 or 0, elementwise for arrays. */
function logicalKernel(test: (x: number, y: number) => boolean): Kernel {
  return (a, b) => {
    const [sa, sb] = [shapeOf(a), shapeOf(b)];
    const [da, db] = [plainData(a), plainData(b)];
    const shape = sa.length > 0 ? sa : sb;
    const n = Math.max(da.length, db.length);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = test(da[da.length === 1 ? 0 : i]!, db[db.length === 1 ? 0 : i]!) ? 1 : 0;
    return plainLike(out, shape);
  };
}

const LOGICAL: Readonly<Record<string, (x: number, y: number) => boolean>> = {
  '==': (x, y) => x === y,
  '!=': (x, y) => x !== y,
  '<': (x, y) => x < y,
  '<=': (x, y) => x <= y,
  '>': (x, y) => x > y,
  '>=': (x, y) => x >= y,
  '&&': (x, y) => x !== 0 && y !== 0,
  '||': (x, y) => x !== 0 || y !== 0,
};

/** Integer operators: C++ semantics (truncation toward zero), as Stan's. */
function integerKernel(op: '%' | '%/%', span: Span): Kernel {
  return (a, b) => {
    const [x, y] = [primal(a) as number, primal(b) as number];
    if (y === 0) throw new CheckError(`integer ${op === '%' ? 'modulus' : 'division'} by zero`, span);
    return op === '%' ? x % y : Math.trunc(x / y);
  };
}

function typeAndKernel(op: BinaryOperator, a: SpecType, b: SpecType, span: Span): { type: SpecType; kernel: Kernel } | string {
  switch (op) {
    case '+':
    case '-':
    case '.*':
    case './': {
      if ((op === '.*' || op === './') && isScalar(a) && isScalar(b)) return { type: REAL, kernel: op === '.*' ? mul : div };
      const t = elementwiseType(op, a, b);
      if (typeof t === 'string') return t;
      const kernel = op === '+' ? add : op === '-' ? sub : op === '.*' ? mul : div;
      return { type: op === './' ? toReal(t) : t, kernel };
    }
    case '*':
      return productType(a, b);
    case '/': {
      if (a.kind === 'int' && b.kind === 'int') {
        return "both operands of '/' are int; Stan would truncate the quotient. Write 1.0 * a / b for real division, or a %/% b for integer division";
      }
      if (b.kind === 'matrix' && (a.kind === 'row_vector' || a.kind === 'matrix')) return rightDivision(a, b);
      if (!isScalar(b)) return `'/' needs a scalar divisor (or a square matrix after a row vector or matrix: b / A = b A⁻¹), but the right operand is ${withArticle(b)}; use './' for elementwise division`;
      return { type: toReal(a), kernel: div };
    }
    case '^': {
      if (!isScalar(b)) return `the exponent of '^' must be a scalar, got ${withArticle(b)}`;
      if (a.kind === 'matrix') return "'^' on a matrix is not elementwise in Stan; write A .^ b for elementwise powers, or matrix_power(A, n) for the matrix power";
      return { type: toReal(a), kernel: pow };
    }
    case '.^': {
      const t = elementwiseType(op, a, b);
      return typeof t === 'string' ? t : { type: toReal(t), kernel: pow };
    }
    case '\\':
      return leftDivision(a, b);
    case '%':
    case '%/%':
      if (a.kind !== 'int' || b.kind !== 'int') return `'${op}' needs two ints, got ${withArticle(a)} and ${withArticle(b)}`;
      return { type: INT, kernel: integerKernel(op, span) };
    case '==':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
    case '&&':
    case '||': {
      if (a.kind === 'matrix' || b.kind === 'matrix') return `'${op}' does not compare matrices`;
      const t = elementwiseType(op, a, b);
      if (typeof t === 'string') return t;
      return { type: isScalar(t) ? INT : intArrayType((t as { size: Size }).size), kernel: logicalKernel(LOGICAL[op]!) };
    }
  }
}

/** `left op right`, checked and lowered. */
export function lowerBinary(op: BinaryOperator, left: Lowered, right: Lowered, span: Span, folding: Folding): Lowered {
  const result = typeAndKernel(op, left.type, right.type, span);
  if (typeof result === 'string') throw new CheckError(result, span);
  const { type, kernel } = result;
  const [l, r] = [left.evaluate, right.evaluate];
  return lowered(type, (frame) => kernel(l(frame), r(frame)), [left, right], folding, span);
}

/** Chains up to this many operators nest as binary nodes (each folded and hoisted on its own). */
export const NESTED_CHAIN = 32;

/**
 * `first op1 r1 op2 r2 ...` evaluated left to right, ((first op1 r1) op2 r2) ..., as one
 * node whose links run in a loop: a generated sum of 10,000 terms neither lowers nor
 * evaluates by recursion once per term. Each link is type-checked at its own span.
 */
export class FlatChain {
  private type: SpecType;
  private readonly kernels: Kernel[] = [];
  private readonly rights: Lowered[] = [];

  constructor(private readonly first: Lowered) {
    this.type = first.type;
  }

  link(op: BinaryOperator, right: Lowered, span: Span, limits: Limits): void {
    const result = typeAndKernel(op, this.type, right.type, span);
    if (typeof result === 'string') throw new CheckError(result, span);
    checkValueSize(result.type, limits, span);
    this.type = result.type;
    this.kernels.push(result.kernel);
    this.rights.push(right);
  }

  lower(span: Span, folding: Folding): Lowered {
    const start = this.first.evaluate;
    const kernels = [...this.kernels];
    const rights = this.rights.map((r) => r.evaluate);
    const evaluate = (frame: Frame): Value => {
      let value = start(frame);
      for (let k = 0; k < kernels.length; k++) value = kernels[k]!(value, rights[k]!(frame));
      return value;
    };
    return lowered(this.type, evaluate, [this.first, ...this.rights], folding, span);
  }
}

export function lowerNegate(operand: Lowered, span: Span, folding: Folding): Lowered {
  const f = operand.evaluate;
  return lowered(operand.type, (frame) => neg(f(frame)), [operand], folding, span);
}

export function lowerNot(operand: Lowered, span: Span, folding: Folding): Lowered {
  if (!isScalar(operand.type) && operand.type.kind !== 'int_array') throw new CheckError(`'!' needs an int, got ${withArticle(operand.type)}`, span);
  const f = operand.evaluate;
  const kernel = logicalKernel((x) => x === 0);
  return lowered(isScalar(operand.type) ? INT : operand.type, (frame) => kernel(f(frame), 0), [operand], folding, span);
}

export function lowerTranspose(operand: Lowered, span: Span, folding: Folding): Lowered {
  const t = operand.type;
  const f = operand.evaluate;
  // A vector's transpose is the same values: only its static type changes.
  if (t.kind === 'vector') return { ...operand, type: rowVectorType(t.size) };
  if (t.kind === 'row_vector') return { ...operand, type: vectorType(t.size) };
  if (t.kind === 'matrix') return lowered(matrixType(t.cols, t.rows), (frame) => transpose(f(frame)), [operand], folding, span);
  throw new CheckError(`' (transpose) needs a vector, row vector or matrix, got ${withArticle(t)}`, span);
}

/** A condition's truth: an int scalar is true when non-zero (Stan's rule). */
export function isTrue(v: Value): boolean {
  return (primal(v) as number) !== 0;
}
