import { add, div, mul, neg } from '../../../ad/ops/arithmetic.js';
import { reshape } from '../../../ad/ops/shape.js';
import { abs, exp, sin, square } from '../../../ad/ops/unary.js';
import { shapeOf, type Value } from '../../../ad/trace.js';
import { isScalar, matrixType, type SpecType } from '../types.js';
import { arity, wrongArgument, type Argument, type SpecFunction } from './function.js';

// Stan functions reference, "Gaussian process covariance functions", for one-dimensional
// points (a vector or array of reals): the covariance matrix k(xᵢ, x′ⱼ) between the points
// of x (or of x1 and x2), from the matrix of differences xᵢ − x′ⱼ, with the kernels of
// Rasmussen & Williams (2006), "Gaussian Processes for Machine Learning", chapter 4.

/** xᵢ − x′ⱼ as an n × m matrix. */
function differences(x1: Value, x2: Value): Value {
  const [n, m] = [shapeOf(x1)[0]!, shapeOf(x2)[0]!];
  return add(reshape(x1, [n, 1]), neg(reshape(x2, [1, m])));
}

/** (x, hyper...) or (x1, x2, hyper...): the points are vectors (or arrays) and the hyperparameters scalars. */
function covarianceCheck(name: string, hyper: number): (args: readonly Argument[]) => SpecType | string {
  return (args) => {
    const problem = arity(name, args, hyper + 1, hyper + 2);
    if (problem !== undefined) return problem;
    const points = args.length - hyper;
    for (let k = 0; k < points; k++) if (args[k]!.type.kind !== 'vector' && args[k]!.type.kind !== 'int_array') return wrongArgument(name, k, 'a vector of points', args[k]!.type);
    for (let k = points; k < args.length; k++) if (!isScalar(args[k]!.type)) return wrongArgument(name, k, 'a scalar', args[k]!.type);
    const size = (k: number): number | null => (args[k]!.type as { size: number | null }).size;
    return matrixType(size(0), size(points - 1));
  };
}

type Kernel = (difference: Value, hyper: readonly Value[]) => Value;

function covariance(name: string, hyperNames: readonly string[], doc: string, kernel: Kernel): SpecFunction {
  const hyper = hyperNames.length;
  const list = hyperNames.join(', ');
  return {
    name,
    usage: `${name}(x, ${list}) or ${name}(x1, x2, ${list})`,
    doc,
    check: covarianceCheck(name, hyper),
    kernel: (args) => {
      const points = args.length - hyper;
      const [x1, x2] = [args[0]!, args[points - 1]!];
      return kernel(differences(x1, x2), args.slice(points));
    },
  };
}

const expQuad: Kernel = (d, [alpha, rho]) => mul(square(alpha!), exp(div(square(d), mul(-2, square(rho!)))));
const EXP_QUAD_DOC = 'The exponentiated-quadratic (squared exponential) covariance α² exp(−(xᵢ − x′ⱼ)²/(2ρ²)) (Rasmussen & Williams, eq. 2.16).';

/** σ² times a function of r = |xᵢ − x′ⱼ|/l. */
const scaled = (f: (r: Value) => Value): Kernel => (d, [sigma, l]) => mul(square(sigma!), f(div(abs(d), l!)));

export const gaussianProcessFunctions: readonly SpecFunction[] = [
  covariance('gp_exp_quad_cov', ['alpha', 'rho'], EXP_QUAD_DOC, expQuad),
  covariance('cov_exp_quad', ['alpha', 'rho'], `${EXP_QUAD_DOC} The older name of gp_exp_quad_cov.`, expQuad),
  covariance('gp_exponential_cov', ['sigma', 'l'], 'The exponential (Matérn ν = 1/2) covariance σ² exp(−|xᵢ − x′ⱼ|/l).', scaled((r) => exp(neg(r)))),
  covariance(
    'gp_matern32_cov',
    ['sigma', 'l'],
    'The Matérn ν = 3/2 covariance σ² (1 + √3 r) exp(−√3 r), r = |xᵢ − x′ⱼ|/l (Rasmussen & Williams, eq. 4.17).',
    scaled((r) => {
      const s = mul(Math.sqrt(3), r);
      return mul(add(1, s), exp(neg(s)));
    }),
  ),
  covariance(
    'gp_matern52_cov',
    ['sigma', 'l'],
    'The Matérn ν = 5/2 covariance σ² (1 + √5 r + 5r²/3) exp(−√5 r), r = |xᵢ − x′ⱼ|/l (Rasmussen & Williams, eq. 4.17).',
    scaled((r) => {
      const s = mul(Math.sqrt(5), r);
      return mul(add(add(1, s), mul(5 / 3, square(r))), exp(neg(s)));
    }),
  ),
  covariance(
    'gp_periodic_cov',
    ['sigma', 'l', 'p'],
    'The periodic covariance σ² exp(−2 sin²(π|xᵢ − x′ⱼ|/p)/l²) with period p (Rasmussen & Williams, eq. 4.31).',
    (d, [sigma, l, p]) => mul(square(sigma!), exp(div(mul(-2, square(sin(div(mul(Math.PI, abs(d)), p!)))), square(l!)))),
  ),
  {
    name: 'gp_dot_prod_cov',
    usage: 'gp_dot_prod_cov(x, sigma) or gp_dot_prod_cov(x1, x2, sigma)',
    doc: 'The dot-product (linear) covariance σ² + xᵢ x′ⱼ.',
    check: covarianceCheck('gp_dot_prod_cov', 1),
    kernel: (args) => {
      const [x1, x2, sigma] = args.length === 2 ? [args[0]!, args[0]!, args[1]!] : [args[0]!, args[1]!, args[2]!];
      const [n, m] = [shapeOf(x1)[0]!, shapeOf(x2)[0]!];
      return add(square(sigma), mul(reshape(x1, [n, 1]), reshape(x2, [1, m])));
    },
  },
];

