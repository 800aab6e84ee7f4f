import type { Expr, Span } from '../json/ast.js';
import { ParseFailure } from './errors.js';
import type { FunctionDefinition, StanProgram, Statement, UnsizedType } from './tree.js';
import { STATEMENT_BLOCKS } from './tree.js';
import { forEachExpression, statementBodies, statementExpressions } from './walk.js';

/**
 * The checks after parsing that need to know where a statement stands, but not types:
 * Stan's rules of which block or function may draw random numbers (_rng), touch the log
 * density (target +=, ~, target(), _lp functions, _lupdf), leave a loop or return; the
 * density-call form with '|'; integer parameters; forward declarations left undefined.
 * Types, names and shapes are the later checker's.
 */

/** Where a statement stands: a block by its Stan name, or the body of a user function. */
interface Place {
  readonly where: string;
  readonly rng: boolean;
  readonly target: boolean;
  /** `jacobian +=` and calls of _jacobian functions (transformed parameters, _jacobian functions). */
  readonly jacobian: boolean;
  readonly lpCalls: boolean;
  readonly unnormalised: boolean;
  readonly inLoop: boolean;
  readonly function: FunctionDefinition | null;
  readonly userFunctions: ReadonlySet<string>;
}

const semantic = (span: Span, detail: string): ParseFailure => new ParseFailure('semantic', span, detail);

const DENSITY_WITH_BAR = /_(lpdf|lupdf|lpmf|lupmf|lcdf|lccdf)$/;

function blockPlace(name: string, userFunctions: ReadonlySet<string>): Place {
  return {
    where: `the ${name} block`,
    rng: name === 'transformed data' || name === 'generated quantities',
    target: name === 'model',
    jacobian: name === 'transformed parameters',
    lpCalls: name === 'model' || name === 'transformed parameters',
    unnormalised: name === 'model',
    inLoop: false,
    function: null,
    userFunctions,
  };
}

function functionPlace(f: FunctionDefinition, userFunctions: ReadonlySet<string>): Place {
  const lp = f.name.endsWith('_lp');
  return {
    where: `the function '${f.name}'`,
    rng: f.name.endsWith('_rng'),
    target: lp,
    jacobian: f.name.endsWith('_jacobian'),
    lpCalls: lp,
    unnormalised: lp || /_(lpdf|lpmf)$/.test(f.name),
    inLoop: false,
    function: f,
    userFunctions,
  };
}

function checkCall(e: Extract<Expr, { kind: 'call' }>, place: Place): void {
  const name = e.callee;
  if (name.endsWith('_rng') && !place.rng) {
    throw semantic(e.calleeSpan, `'${name}' draws random numbers, which Stan allows only in transformed data, generated quantities and functions whose names end in _rng; it is in ${place.where}.`);
  }
  if (name === 'target' && !place.target) {
    throw semantic(e.calleeSpan, `target() can be read only in the model block and in functions whose names end in _lp; it is in ${place.where}.`);
  }
  if (name.endsWith('_lp') && !place.lpCalls) {
    throw semantic(e.calleeSpan, `'${name}' adds to the log density, so Stan allows it only in the model and transformed parameters blocks and in functions whose names end in _lp; it is in ${place.where}.`);
  }
  if (name.endsWith('_jacobian') && !place.jacobian) {
    throw semantic(e.calleeSpan, `'${name}' adds to the Jacobian, so Stan allows it only in the transformed parameters block and in functions whose names end in _jacobian; it is in ${place.where}.`);
  }
  if (/_(lupdf|lupmf)$/.test(name) && !place.unnormalised) {
    throw semantic(e.calleeSpan, `'${name}' (an unnormalised density) can be used only in the model block and in _lpdf, _lpmf and _lp functions; use ${name.replace('_lup', '_lp')} here.`);
  }
  const density = DENSITY_WITH_BAR.test(name);
  if (density && !e.bar && e.args.length > 0) {
    throw semantic(e.span, `'${name}' takes '|' after its first argument: ${name}(y | ...).`);
  }
  if (e.bar && !density && !name.endsWith('_cdf')) {
    throw semantic(e.span, `'|' separates the outcome of a density function such as normal_lpdf(y | mu, sigma); '${name}' takes its arguments separated by commas.`);
  }
}

const formatUnsized = (t: UnsizedType): string => (t.arrayDims === 0 ? t.element : `array[${','.repeat(t.arrayDims - 1)}] ${t.element}`);

function checkStatement(s: Statement, place: Place): void {
  for (const e of statementExpressions(s)) forEachExpression(e, (x) => (x.kind === 'call' ? checkCall(x, place) : undefined));
  switch (s.kind) {
    case 'target':
    case 'sample':
      if (!place.target) {
        const what = s.kind === 'target' ? "'target +='" : "A sampling statement ('~')";
        throw semantic(s.span, `${what} can appear only in the model block and in functions whose names end in _lp; this one is in ${place.where}.`);
      }
      if (s.kind === 'sample') checkOldDensityName(s.distribution, s.distributionSpan, place.userFunctions);
      break;
    case 'jacobian':
      if (!place.jacobian) {
        throw semantic(s.span, `'jacobian +=' can appear only in the transformed parameters block and in functions whose names end in _jacobian; this one is in ${place.where}.`);
      }
      break;
    case 'break':
    case 'continue':
      if (!place.inLoop) throw semantic(s.span, `'${s.kind}' can appear only inside a loop.`);
      break;
    case 'return': {
      const f = place.function;
      if (f === null) throw semantic(s.span, 'return can appear only in the body of a function.');
      if (f.returnType === 'void' && s.value !== null) throw semantic(s.span, `'${f.name}' is declared void, so its return takes no value.`);
      if (f.returnType !== 'void' && s.value === null) throw semantic(s.span, `'${f.name}' returns ${formatUnsized(f.returnType)}: give the value, return ...;.`);
      break;
    }
    default:
      break;
  }
  const inner = s.kind === 'for' || s.kind === 'foreach' || s.kind === 'while' ? { ...place, inLoop: true } : place;
  for (const body of statementBodies(s)) for (const t of body) checkStatement(t, inner);
}

/** `y ~ foo(...)` where the user wrote the pre-2.33 density `foo_log` and no `foo_lpdf`: name the rename. */
function checkOldDensityName(distribution: string, span: Span, userFunctions: ReadonlySet<string>): void {
  if (userFunctions.has(`${distribution}_lpdf`) || userFunctions.has(`${distribution}_lpmf`) || !userFunctions.has(`${distribution}_log`)) return;
  throw semantic(span, `'~ ${distribution}' would use the function '${distribution}_log', but Stan 2.33 removed the _log suffix of densities: rename it ${distribution}_lpdf (or ${distribution}_lpmf for an int outcome).`);
}

/** Every signature is defined once; a forward declaration has its definition. */
function checkFunctions(definitions: readonly FunctionDefinition[]): void {
  const signature = (f: FunctionDefinition): string => `${f.name}(${f.parameters.map((p) => formatUnsized(p.type)).join(', ')})`;
  const defined = new Map<string, FunctionDefinition>();
  for (const f of definitions) {
    if (f.body === null) continue;
    const key = signature(f);
    if (defined.has(key)) throw semantic(f.nameSpan, `The function ${key} is defined twice.`);
    defined.set(key, f);
  }
  for (const f of definitions) {
    if (f.body === null && !defined.has(signature(f))) throw semantic(f.nameSpan, `The function ${signature(f)} is declared but never defined: give its body.`);
  }
}

/** Throws a ParseFailure ('semantic') at the first rule broken. */
export function validateProgram(program: StanProgram): void {
  const definitions = program.functions?.definitions ?? [];
  checkFunctions(definitions);
  const userFunctions = new Set(definitions.map((f) => f.name));
  for (const f of definitions) for (const s of f.body ?? []) checkStatement(s, functionPlace(f, userFunctions));
  for (const [field, name] of STATEMENT_BLOCKS) {
    const block = program[field];
    if (block === null) continue;
    for (const s of block.statements) {
      if ((name === 'parameters' || name === 'transformed parameters') && s.kind === 'declaration' && s.type.element === 'int') {
        throw semantic(s.span, `'${s.name}' cannot be an int: (transformed) parameters are continuous in Stan. Marginalise a discrete parameter out, or compute it in generated quantities.`);
      }
      checkStatement(s, blockPlace(name, userFunctions));
    }
  }
}
