import type { Span } from '../json/ast.js';
import { fail, refuse } from './errors.js';

/**
 * Stan's reserved words (Stan reference manual, "Reserved names"): keywords, block and type
 * names, and words kept for future use. `lower`, `upper`, `offset`, `multiplier` and `T` are
 * keywords only where they can appear (a constraint, a truncation), so they remain names.
 */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'for', 'in', 'while', 'repeat', 'until', 'if', 'then', 'else', 'true', 'false', 'target',
  'functions', 'model', 'data', 'parameters', 'quantities', 'transformed', 'generated', 'profile',
  'return', 'break', 'continue', 'print', 'reject', 'fatal_error', 'void',
  'int', 'real', 'complex', 'vector', 'row_vector', 'matrix', 'complex_vector', 'complex_row_vector', 'complex_matrix',
  'ordered', 'positive_ordered', 'simplex', 'unit_vector', 'sum_to_zero_vector', 'sum_to_zero_matrix',
  'cholesky_factor_corr', 'cholesky_factor_cov', 'corr_matrix', 'cov_matrix', 'column_stochastic_matrix', 'row_stochastic_matrix',
  'array', 'tuple', 'struct', 'typedef', 'export', 'auto', 'extern', 'var', 'static',
]);

/** A name being declared (a variable, function, argument or loop variable): not reserved, not ending in '__'. */
export function checkDeclaredName(name: string, span: Span, what: string): void {
  if (RESERVED_WORDS.has(name)) fail(span, `'${name}' is a reserved word in Stan and cannot be the name of ${what}.`);
  if (name.endsWith('__')) fail(span, `'${name}' cannot be the name of ${what}: names ending in '__' are reserved for Stan's own variables.`);
}

/**
 * Functions renamed by Stan, whose old names pre-2.33 programs still use: the tree holds
 * the current name (the same function), so both versions of a program give one tree.
 */
export const RENAMED_FUNCTIONS: ReadonlyMap<string, string> = new Map([
  ['get_lp', 'target'],
  ['cov_exp_quad', 'gp_exp_quad_cov'],
  ['fabs', 'abs'],
  ['multiply_log', 'lmultiply'],
  ['binomial_coefficient_log', 'lchoose'],
]);

/** Stan's distributions (Stan functions reference), for the fix of a removed `_log` density name. */
const DISCRETE = [
  'bernoulli', 'bernoulli_logit', 'bernoulli_logit_glm', 'binomial', 'binomial_logit', 'binomial_logit_glm', 'beta_binomial',
  'beta_neg_binomial', 'hypergeometric', 'categorical', 'categorical_logit', 'categorical_logit_glm', 'discrete_range',
  'ordered_logistic', 'ordered_probit', 'neg_binomial', 'neg_binomial_2', 'neg_binomial_2_log', 'neg_binomial_2_log_glm',
  'poisson', 'poisson_log', 'poisson_log_glm', 'poisson_binomial', 'multinomial', 'multinomial_logit', 'dirichlet_multinomial',
];
const CONTINUOUS = [
  'normal', 'normal_id_glm', 'std_normal', 'exp_mod_normal', 'skew_normal', 'student_t', 'cauchy', 'double_exponential',
  'logistic', 'gumbel', 'skew_double_exponential', 'lognormal', 'chi_square', 'inv_chi_square', 'scaled_inv_chi_square',
  'exponential', 'gamma', 'inv_gamma', 'weibull', 'frechet', 'rayleigh', 'loglogistic', 'pareto', 'pareto_type_2', 'wiener',
  'beta', 'beta_proportion', 'von_mises', 'uniform', 'multi_normal', 'multi_normal_prec', 'multi_normal_cholesky', 'multi_gp',
  'multi_gp_cholesky', 'multi_student_t', 'multi_student_t_cholesky', 'gaussian_dlm_obs', 'dirichlet', 'lkj_corr',
  'lkj_corr_cholesky', 'lkj_cov', 'wishart', 'wishart_cholesky', 'inv_wishart', 'inv_wishart_cholesky',
];
const DISCRETE_SET: ReadonlySet<string> = new Set(DISCRETE);
const DISTRIBUTIONS: ReadonlySet<string> = new Set([...DISCRETE, ...CONTINUOUS]);

export const isStanDistribution = (name: string): boolean => DISTRIBUTIONS.has(name);

/** `_lpmf` for a discrete distribution, `_lpdf` for a continuous one. */
export const densitySuffix = (family: string): string => (DISCRETE_SET.has(family) ? '_lpmf' : '_lpdf');

const ODE = 'ODE solvers are not supported by leapfrog yet';
const ALGEBRA = 'algebraic equation solvers are not supported by leapfrog';
const COMPLEX = 'complex numbers are not supported by leapfrog';

/** Stan functions leapfrog refuses by name, each with the reason. */
const UNSUPPORTED: ReadonlyMap<string, string> = new Map([
  ...['ode_rk45', 'ode_rk45_tol', 'ode_bdf', 'ode_bdf_tol', 'ode_adams', 'ode_adams_tol', 'ode_ckrk', 'ode_ckrk_tol', 'ode_adjoint_tol_ctl'].map(
    (name) => [name, ODE] as const,
  ),
  ...['integrate_ode', 'integrate_ode_rk45', 'integrate_ode_bdf', 'integrate_ode_adams'].map(
    (name) => [name, `${ODE} (and ${name} was removed in Stan 2.33: its successors are the ode_* functions)`] as const,
  ),
  ...['dae', 'dae_tol'].map((name) => [name, 'differential-algebraic equation solvers are not supported by leapfrog'] as const),
  ...['algebra_solver', 'algebra_solver_newton', 'solve_newton', 'solve_newton_tol', 'solve_powell', 'solve_powell_tol'].map((name) => [name, ALGEBRA] as const),
  ['integrate_1d', 'one-dimensional numerical integration (integrate_1d) is not supported by leapfrog'],
  ['map_rect', 'map_rect (parallel map over shards) is not supported by leapfrog: write the loop it stands for'],
  ...['to_complex', 'get_real', 'get_imag', 'polar', 'conj', 'arg', 'proj', 'fft', 'inv_fft', 'fft2', 'inv_fft2'].map((name) => [name, COMPLEX] as const),
  ...['complex_schur_decompose', 'complex_schur_decompose_t', 'complex_schur_decompose_u', 'eigenvalues', 'eigenvectors', 'eigendecompose'].map(
    (name) => [name, `${COMPLEX}, and ${name} returns complex values (for a symmetric matrix use ${name.startsWith('eigen') ? `${name}_sym` : 'eigendecompose_sym'})`] as const,
  ),
]);

/**
 * Refuses a call to a function leapfrog does not run, or one Stan removed (with the fix);
 * returns the name to record, which is the current name of a renamed function.
 */
export function checkCalledFunction(name: string, span: Span, userFunctions: ReadonlySet<string>): string {
  if (userFunctions.has(name)) return name;
  const reason = UNSUPPORTED.get(name);
  if (reason !== undefined) refuse(span, `'${name}': ${reason}.`);
  if (name === 'increment_log_prob') fail(span, "increment_log_prob(...) was removed in Stan 2.33: write 'target += ...;' instead.");
  if (name === 'if_else') fail(span, 'if_else(c, a, b) was removed in Stan 2.33: write the conditional operator, c ? a : b.');
  const removedSuffix = /^(.+?)_(cdf_log|ccdf_log|log)$/.exec(name);
  if (removedSuffix !== null && DISTRIBUTIONS.has(removedSuffix[1]!)) {
    const [, family, suffix] = removedSuffix;
    const current = suffix === 'log' ? densitySuffix(family!) : suffix === 'cdf_log' ? '_lcdf' : '_lccdf';
    fail(span, `'${name}' was removed in Stan 2.33: write ${family}${current}(y | ...), with '|' after the first argument.`);
  }
  return RENAMED_FUNCTIONS.get(name) ?? name;
}

/** Types leapfrog refuses by name. */
export function refuseUnsupportedType(name: string, span: Span): void {
  if (name === 'complex' || name === 'complex_vector' || name === 'complex_row_vector' || name === 'complex_matrix') {
    refuse(span, `The type '${name}' is not supported: ${COMPLEX}.`);
  }
  if (name === 'tuple') refuse(span, "Tuples ('tuple(...)') are not supported by leapfrog.");
}
