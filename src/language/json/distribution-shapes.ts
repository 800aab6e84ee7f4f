import type { DistributionFamily } from '../../models/distributions/distribution.js';
import { liftArrayArguments, scalarArrayProblem } from './distribution-arrays.js';
import {
  INT,
  REAL,
  arrayDims,
  arrayType,
  formatType,
  intArrayType,
  isInteger,
  isScalar,
  matrixType,
  shapeOfType,
  shapesAgree,
  sizesAgree,
  toReal,
  vectorType,
  withArticle,
  type Size,
  type SpecType,
} from './types.js';

// Static shape rules for distribution arguments. Scalar families (normal, poisson, ...)
// are vectorised as Stan's: the outcome and every parameter are scalars or containers of
// one shape. Multivariate families have their own signatures, listed here by Stan name.

/** What a rule needs: the outcome (absent for `_rng`) and the parameters. */
export interface DistributionArguments {
  readonly outcome: SpecType | undefined;
  readonly params: readonly SpecType[];
}

interface MultivariateRule {
  /** A message for arguments that do not fit, or undefined. */
  readonly check: (args: DistributionArguments, family: DistributionFamily) => string | undefined;
  /** The type of one draw. */
  readonly draw: (params: readonly SpecType[]) => SpecType;
}

const sizeOfVector = (t: SpecType): Size | undefined => (t.kind === 'vector' || t.kind === 'row_vector' || t.kind === 'int_array' ? t.size : undefined);

function expectVector(family: string, what: string, t: SpecType, size: Size): string | undefined {
  const n = sizeOfVector(t);
  if (n === undefined || t.kind === 'int_array') return `${family}: ${what} must be a vector, but is ${withArticle(t)}`;
  return sizesAgree(n, size) ? undefined : `${family}: ${what} has ${n} elements, but ${size} are needed here`;
}

function expectSquare(family: string, what: string, t: SpecType, size: Size): string | undefined {
  if (t.kind !== 'matrix') return `${family}: ${what} must be a square matrix, but is ${withArticle(t)}`;
  if (!sizesAgree(t.rows, t.cols)) return `${family}: ${what} must be square, but is ${formatType(t)}`;
  return sizesAgree(t.rows, size) ? undefined : `${family}: ${what} is ${formatType(t)}, but the outcome has ${size} elements`;
}

/** multi_normal(y | mu, Sigma), multi_normal_cholesky(y | mu, L): y and mu vectors of size K, a K × K matrix. */
const multiNormal: MultivariateRule = {
  check: ({ outcome, params }, family) => {
    const [mu, matrix] = params as [SpecType, SpecType];
    const k = sizeOfVector(mu) ?? null;
    return (
      expectVector(family.name, 'the mean (argument 1)', mu, k) ??
      expectSquare(family.name, 'the covariance (argument 2)', matrix, k) ??
      (outcome === undefined ? undefined : expectVector(family.name, 'the outcome', outcome, k))
    );
  },
  draw: ([mu]) => vectorType(sizeOfVector(mu!) ?? null),
};

const categorical: MultivariateRule = {
  check: ({ outcome, params }, family) => {
    const theta = params[0]!;
    if (sizeOfVector(theta) === undefined || theta.kind === 'int_array') return `${family.name}: theta must be a vector, but is ${withArticle(theta)}`;
    if (outcome !== undefined && !isInteger(outcome)) return `${family.name}: the outcome must be an int or an int array, but is ${withArticle(outcome)}`;
    return undefined;
  },
  draw: () => INT,
};

/** The one-per-observation arguments of a GLM: scalars or vectors of N. */
function expectPerObservation(family: string, what: string, t: SpecType, n: Size): string | undefined {
  if (isScalar(t)) return undefined;
  return expectVector(family, `${what} (a scalar or one per row of x)`, t, n);
}

/** normal_id_glm(y | x, alpha, beta, sigma): x an N × K matrix with beta a K-vector, or an N-vector with a scalar beta. */
const normalIdGlm: MultivariateRule = {
  check: ({ outcome, params }, family) => {
    const [x, alpha, beta, sigma] = params as [SpecType, SpecType, SpecType, SpecType];
    let n: Size;
    if (x.kind === 'matrix') {
      n = x.rows;
      const problem = expectVector(family.name, 'beta (argument 3)', beta, x.cols);
      if (problem !== undefined) return `${problem} (x is ${formatType(x)})`;
    } else if (x.kind === 'vector') {
      n = x.size;
      if (!isScalar(beta)) return `${family.name}: x is a vector, so beta (argument 3) must be a scalar, but is ${withArticle(beta)}`;
    } else {
      return `${family.name}: x (argument 1) must be a matrix [N, K] or a vector [N], but is ${withArticle(x)}`;
    }
    return (
      expectPerObservation(family.name, 'alpha (argument 2)', alpha, n) ??
      expectPerObservation(family.name, 'sigma (argument 4)', sigma, n) ??
      (outcome === undefined ? undefined : expectVector(family.name, 'the outcome', outcome, n))
    );
  },
  draw: ([x]) => vectorType(x!.kind === 'matrix' ? x!.rows : x!.kind === 'vector' ? x!.size : null),
};

/** poisson_log_glm / bernoulli_logit_glm(y | x, alpha, beta): normal_id_glm's shapes, integer outcomes. */
const countGlm: MultivariateRule = {
  check: ({ outcome, params }, family) => {
    if (outcome !== undefined && outcome.kind !== 'int_array') return `${family.name}: the outcome must be an int array (one per row of x), but is ${withArticle(outcome)}`;
    const [x, alpha, beta] = params as [SpecType, SpecType, SpecType];
    let n: Size;
    if (x.kind === 'matrix') {
      n = x.rows;
      const problem = expectVector(family.name, 'beta (argument 3)', beta, x.cols);
      if (problem !== undefined) return `${problem} (x is ${formatType(x)})`;
    } else if (x.kind === 'vector') {
      n = x.size;
      if (!isScalar(beta)) return `${family.name}: x is a vector, so beta (argument 3) must be a scalar, but is ${withArticle(beta)}`;
    } else {
      return `${family.name}: x (argument 1) must be a matrix [N, K] or a vector [N], but is ${withArticle(x)}`;
    }
    const problem = expectPerObservation(family.name, 'alpha (argument 2)', alpha, n);
    if (problem !== undefined || outcome === undefined) return problem;
    return sizesAgree(sizeOfVector(outcome)!, n) ? undefined : `${family.name}: the outcome has ${sizeOfVector(outcome)} elements, but x has ${n} rows`;
  },
  draw: ([x]) => intArrayType(x!.kind === 'matrix' ? x!.rows : x!.kind === 'vector' ? x!.size : null),
};

/** ordered_logistic / ordered_probit(y | eta, c): y int or int array, eta a scalar or one per outcome, c a vector of cut-points. */
const orderedRule: MultivariateRule = {
  check: ({ outcome, params }, family) => {
    const [eta, c] = params as [SpecType, SpecType];
    if (sizeOfVector(c) === undefined || c.kind === 'int_array') return `${family.name}: c (argument 2) must be a vector of cut-points, but is ${withArticle(c)}`;
    if (!isScalar(eta) && eta.kind !== 'vector') return `${family.name}: eta (argument 1) must be a real or a vector, but is ${withArticle(eta)}`;
    if (outcome === undefined) return undefined;
    if (!isInteger(outcome)) return `${family.name}: the outcome must be an int or an int array of categories, but is ${withArticle(outcome)}`;
    if (eta.kind === 'vector' && !(outcome.kind === 'int_array' && sizesAgree(outcome.size, eta.size))) {
      return `${family.name}: eta is ${withArticle(eta)}, so the outcome must be an int array of the same size, but is ${withArticle(outcome)}`;
    }
    return undefined;
  },
  draw: ([eta]) => (eta!.kind === 'vector' ? intArrayType(eta!.size) : INT),
};

/** multi_student_t(y | nu, mu, Sigma) and its Cholesky form: multi_normal's shapes after a scalar nu. */
const multiStudentT: MultivariateRule = {
  check: (args, family) => {
    const nu = args.params[0]!;
    if (!isScalar(nu)) return `${family.name}: nu (argument 1) must be a real, but is ${withArticle(nu)}`;
    return multiNormal.check({ outcome: args.outcome, params: args.params.slice(1) }, family);
  },
  draw: (params) => multiNormal.draw(params.slice(1)),
};

/** wishart(W | nu, S) and its relatives: a scalar nu and a K×K scale; the outcome K×K. */
const wishartRule: MultivariateRule = {
  check: ({ outcome, params }, family) => {
    const [nu, scale] = params as [SpecType, SpecType];
    if (!isScalar(nu)) return `${family.name}: nu (argument 1) must be a real, but is ${withArticle(nu)}`;
    const k = scale.kind === 'matrix' ? scale.rows : null;
    return expectSquare(family.name, 'the scale (argument 2)', scale, k) ?? (outcome === undefined ? undefined : expectSquare(family.name, 'the outcome', outcome, k));
  },
  draw: ([, scale]) => matrixType(scale!.kind === 'matrix' ? scale!.rows : null, scale!.kind === 'matrix' ? scale!.rows : null),
};

const MULTIVARIATE: Readonly<Record<string, MultivariateRule>> = {
  multi_normal_prec: multiNormal,
  multi_student_t: multiStudentT,
  multi_student_t_cholesky: multiStudentT,
  wishart: wishartRule,
  inv_wishart: wishartRule,
  wishart_cholesky: wishartRule,
  inv_wishart_cholesky: wishartRule,
  lkj_corr: {
    check: ({ outcome, params }, family) => {
      if (!isScalar(params[0]!)) return `${family.name}: eta must be a scalar, but is ${withArticle(params[0]!)}`;
      return outcome === undefined ? undefined : expectSquare(family.name, 'the outcome', outcome, outcome.kind === 'matrix' ? outcome.rows : null);
    },
    draw: () => REAL,
  },
  poisson_log_glm: countGlm,
  bernoulli_logit_glm: countGlm,
  ordered_logistic: orderedRule,
  ordered_probit: orderedRule,
  dirichlet_multinomial: {
    check: ({ outcome, params }, family) => {
      const alpha = params[0]!;
      const k = sizeOfVector(alpha) ?? null;
      const problem = expectVector(family.name, 'alpha', alpha, k);
      if (problem !== undefined || outcome === undefined) return problem;
      if (outcome.kind !== 'int_array') return `${family.name}: the outcome must be an int array of counts, but is ${withArticle(outcome)}`;
      return sizesAgree(outcome.size, k) ? undefined : `${family.name}: the outcome has ${outcome.size} counts, but alpha has ${k} elements`;
    },
    draw: ([alpha]) => intArrayType(sizeOfVector(alpha!) ?? null),
  },
  normal_id_glm: normalIdGlm,
  multi_normal: multiNormal,
  multi_normal_cholesky: multiNormal,
  dirichlet: {
    check: ({ outcome, params }, family) => {
      const alpha = params[0]!;
      const k = sizeOfVector(alpha) ?? null;
      return expectVector(family.name, 'alpha', alpha, k) ?? (outcome === undefined ? undefined : expectVector(family.name, 'the outcome', outcome, k));
    },
    draw: ([alpha]) => vectorType(sizeOfVector(alpha!) ?? null),
  },
  lkj_corr_cholesky: {
    check: ({ outcome, params }, family) => {
      if (!isScalar(params[0]!)) return `${family.name}: eta must be a scalar, but is ${withArticle(params[0]!)}`;
      return outcome === undefined ? undefined : expectSquare(family.name, 'the outcome', outcome, outcome.kind === 'matrix' ? outcome.rows : null);
    },
    draw: () => REAL,
  },
  categorical,
  categorical_logit: categorical,
  multinomial: {
    check: ({ outcome, params }, family) => {
      const theta = params[0]!;
      const k = sizeOfVector(theta) ?? null;
      const problem = expectVector(family.name, 'theta', theta, k);
      if (problem !== undefined || outcome === undefined) return problem;
      if (outcome.kind !== 'int_array') return `${family.name}: the outcome must be an int array of counts, but is ${withArticle(outcome)}`;
      return sizesAgree(outcome.size, k) ? undefined : `${family.name}: the outcome has ${outcome.size} counts, but theta has ${k} elements`;
    },
    draw: ([theta]) => intArrayType(sizeOfVector(theta!) ?? null),
  },
};

/** Whether a family is vectorised elementwise (a scalar family). */
function isElementwise(family: DistributionFamily): boolean {
  const elementwiseKind = (kind: string): boolean => ['real', 'lower', 'upper', 'interval', 'integer'].includes(kind);
  return elementwiseKind(family.support.kind) && family.params.every((p) => elementwiseKind(p.constraint.kind));
}

/** The shape of one of several elementwise arguments, agreeing with the others (arrays of reals by their shape: array[N] real and vector[N] agree). */
function commonShape(family: string, named: readonly (readonly [string, SpecType])[]): SpecType | string {
  let shape: [string, SpecType] | undefined;
  for (const [name, t] of named) {
    if (isScalar(t)) continue;
    if (shape === undefined) {
      shape = [name, t];
      continue;
    }
    const s = shape[1];
    if (!shapesAgree(shapeOfType(s), shapeOfType(t))) {
      return `${family}: ${name} is ${withArticle(t)}, but ${shape[0]} is ${withArticle(s)}; vectorised arguments must have one shape (or be scalars)`;
    }
  }
  return shape?.[1] ?? REAL;
}

/** Checks a distribution's arguments; returns a message or undefined. */
export function checkDistributionArguments(family: DistributionFamily, given: DistributionArguments): string | undefined {
  const lifted = liftArrayArguments(family, given);
  if (typeof lifted === 'string') return lifted;
  const args = lifted?.args ?? given;
  const rule = MULTIVARIATE[family.name];
  if (rule !== undefined) return rule.check(args, family);
  if (!isElementwise(family)) return undefined;
  if (args.outcome !== undefined && family.discrete && !isInteger(args.outcome)) {
    return `${family.name} is a distribution of integers, but the outcome is ${withArticle(args.outcome)}; declare it as int or int_array`;
  }
  for (let k = 0; k < args.params.length; k++) {
    if (family.params[k]!.constraint.kind === 'integer' && !isInteger(args.params[k]!)) {
      return `${family.name}: ${family.params[k]!.name} (argument ${k + 1}) must be an int or int array, but is ${withArticle(args.params[k]!)}`;
    }
  }
  const named: [string, SpecType][] = args.params.map((t, k) => [family.params[k]!.name, t]);
  if (args.outcome !== undefined) named.unshift(['the outcome', args.outcome]);
  const shape = scalarArrayProblem(family, named) ?? commonShape(family.name, named);
  return typeof shape === 'string' ? shape : undefined;
}

/** Whether `family_rng` is vectorised as a scalar family's (an array of draws from containers), not by a signature of its own. */
export function hasVectorisedDraw(family: DistributionFamily): boolean {
  return MULTIVARIATE[family.name] === undefined;
}

/** The type of one draw of `family_rng(params)`. */
export function drawType(family: DistributionFamily, given: readonly SpecType[]): SpecType {
  const lifted = liftArrayArguments(family, { outcome: undefined, params: given });
  if (lifted !== undefined && typeof lifted !== 'string') return arrayType(lifted.dims, drawType(family, lifted.args.params));
  const params = given;
  const rule = MULTIVARIATE[family.name];
  if (rule !== undefined) return rule.draw(params);
  const named: [string, SpecType][] = params.map((t, k) => [family.params[k]?.name ?? `argument ${k + 1}`, t]);
  const shape = commonShape(family.name, named);
  const t = typeof shape === 'string' ? REAL : shape;
  if (isScalar(t)) return family.discrete ? INT : REAL;
  if (t.kind === 'matrix') return t;
  if (t.kind === 'array') return family.discrete ? arrayType(arrayDims(t), INT) : toReal(t);
  // Stan's vectorised _rng functions return arrays, whatever container they are given (functions
  // reference, "Vectorized PRNG functions"): array[N] real from a vector or row_vector, array[N] int
  // for a discrete family; `vector[N] y = to_vector(normal_rng(mu, sigma))` makes a vector.
  const n = sizeOfVector(t) ?? null;
  return family.discrete ? intArrayType(n) : arrayType([n], REAL);
}
