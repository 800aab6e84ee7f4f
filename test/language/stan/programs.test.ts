import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatStan, parseStan, programToSExpression, statementToSExpression } from '../../../src/language/stan/index.js';
import type { StanProgram, Statement } from '../../../src/language/stan/index.js';
import { exprToSExpression } from '../../../src/language/stan/sexpr.js';
import { statementBodies } from '../../../src/language/stan/walk.js';
import { reprinted } from './helpers.js';

// Larger programs written for these tests from well-known models (test/language/stan/programs):
// user functions (densities, _rng, recursion with a forward declaration, while loops),
// both array syntaxes, truncation, profiles, every block.

const root = fileURLToPath(new URL('./programs/', import.meta.url));
const files = readdirSync(root).filter((name) => name.endsWith('.stan'));
const load = (name: string): StanProgram => parseStan(readFileSync(join(root, name), 'utf8'), name);

/** Every statement of a list, nested ones included, outermost first. */
function allStatements(statements: readonly Statement[]): Statement[] {
  return statements.flatMap((s) => [s, ...statementBodies(s).flatMap(allStatements)]);
}

const statementsOf = (program: StanProgram): Statement[] =>
  allStatements([
    ...(program.functions?.definitions.flatMap((f) => f.body ?? []) ?? []),
    ...[program.data, program.transformedData, program.parameters, program.transformedParameters, program.model, program.generatedQuantities].flatMap((b) => b?.statements ?? []),
  ]);

describe('larger Stan programs', () => {
  it('are all here', () => {
    expect(files.sort()).toEqual([
      'censored_survival.stan',
      'eight_schools_noncentered.stan',
      'gp_regression.stan',
      'hierarchical_logistic_lkj.stan',
      'hmm_forward.stan',
      'normal_mixture_pre_2_33.stan',
    ]);
  });

  it.each(files)('%s parses, and printing it gives its tree back', (name) => {
    const program = load(name);
    expect(reprinted(program)).toBe(programToSExpression(program));
    expect(formatStan(parseStan(formatStan(program)))).toBe(formatStan(program));
  });

  it('eight schools: an offset/multiplier vector, vectorised _rng draws, a bounded generated quantity', () => {
    const p = load('eight_schools_noncentered.stan');
    expect(p.parameters!.statements.map(statementToSExpression)).toEqual(['(decl mu (real))', '(decl tau (real (lower 0)))', '(decl theta (vector J (offset mu) (multiplier tau)))']);
    expect(statementToSExpression(p.generatedQuantities!.statements[1]!)).toBe(
      '(decl shrinkage (real (lower 0) (upper 1)) (/ (^ tau 2) (+ (^ tau 2) (call mean (call square (call to_vector sigma))))))',
    );
  });

  it('hierarchical logistic: column slices assigned in a loop, a multi-index, transposes', () => {
    const p = load('hierarchical_logistic_lkj.stan');
    expect(statementToSExpression(p.transformedData!.statements[1]!)).toBe(
      '(for k 2 K (= (index xc (: _ _) k) (- (index x (: _ _) k) (call mean (index x (: _ _) k)))))',
    );
    expect(statementToSExpression(p.transformedParameters!.statements[0]!)).toBe(
      "(decl beta (matrix J K) (+ (call rep_matrix (' gamma) J) (' (* (call diag_pre_multiply tau L_Omega) z))))",
    );
    expect(statementsOf(p).some((s) => s.kind === 'declaration' && s.value !== null && exprToSExpression(s.value).includes('(index beta group)'))).toBe(true);
  });

  it('mixture in the pre-2.33 syntax: old arrays become array types, ~ uses the user density', () => {
    const p = load('normal_mixture_pre_2_33.stan');
    expect(statementToSExpression(p.data!.statements[2]!)).toBe('(decl y (array (N) (real)))');
    expect(p.functions!.definitions[0]!.name).toBe('mixture_lpdf');
    expect(statementsOf(p).filter((s) => s.kind === 'sample').map((s) => (s.kind === 'sample' ? s.distribution : ''))).toEqual(['dirichlet', 'normal', 'lognormal', 'mixture']);
    expect(formatStan(p)).toContain('  array[N] int z;\n');
  });

  it('HMM: a density function, a recursive function with its forward declaration, a while loop', () => {
    const p = load('hmm_forward.stan');
    const functions = p.functions!.definitions;
    expect(functions.map((f) => `${f.name}:${f.body === null ? 'declared' : 'defined'}`)).toEqual(['hmm_forward_lpdf:defined', 'gcd:declared', 'gcd:defined', 'first_argmax:defined']);
    expect(statementToSExpression(functions[2]!.body![1]!)).toBe('(return (call gcd b (% a b)))');
    expect(functions[3]!.body!.some((s) => s.kind === 'while')).toBe(true);
    expect(statementToSExpression(p.model!.statements[3]!)).toBe('(~ y hmm_forward (log_Gamma (call log rho) mu sigma))');
  });

  it('GP: an _rng function drawing inside a nested block; a truncated prior', () => {
    const p = load('gp_regression.stan');
    const f = p.functions!.definitions[0]!;
    expect(f.name).toBe('gp_pred_rng');
    expect(f.parameters.map((a) => `${a.type.arrayDims}:${a.type.element}`)).toEqual(['1:real', '0:vector', '1:real', '0:real', '0:real', '0:real', '0:real']);
    expect(statementsOf(p).find((s) => s.kind === 'sample' && s.truncation !== null)).toMatchObject({ distribution: 'normal', truncation: { lower: { value: 0 }, upper: null } });
  });

  it('survival: profiles, reject, left division, target() in a condition', () => {
    const p = load('censored_survival.stan');
    expect(p.model!.statements.map((s) => s.kind)).toEqual(['profile', 'profile', 'if']);
    expect(statementToSExpression(p.transformedData!.statements[2]!)).toBe('(decl check (vector P) (\\ L zero))');
    expect(statementToSExpression(p.model!.statements[2]!)).toBe('(if (call is_nan (call target)) (then (print "the log density is NaN at shape = " shape)))');
  });
});
