import type { Expr, Span } from '../json/ast.js';
import { fail } from './errors.js';
import { checkDeclaredName, refuseUnsupportedType } from './names.js';
import { parseConstraintExpression, parseExpression, type ExpressionContext } from './parse-expression.js';
import { join, type TokenStream } from './token-stream.js';
import type { Constraint, Declaration, DeclaredType, ElementTypeName, UnsizedElement, UnsizedType } from './tree.js';
import { nearest } from '../json/errors.js';

/**
 * Where a declaration stands, which decides what it may have: data and parameters take
 * constraints but no value; the top level of transformed data, transformed parameters and
 * generated quantities takes both; a local variable (model block, nested braces, function
 * bodies) takes a value but no constraint, and only the unconstrained types.
 */
export type DeclarationPlace = 'data' | 'parameters' | 'top' | 'local';

interface TypeRule {
  /** How many sizes the type takes in brackets (cholesky_factor_cov takes one or two). */
  readonly sizes: readonly number[];
  /** 'bounds': <lower, upper>; 'any': bounds or <offset, multiplier>; 'none'. */
  readonly constraint: 'bounds' | 'any' | 'none';
}

const TYPES: Readonly<Record<ElementTypeName, TypeRule>> = {
  int: { sizes: [0], constraint: 'bounds' },
  real: { sizes: [0], constraint: 'any' },
  vector: { sizes: [1], constraint: 'any' },
  row_vector: { sizes: [1], constraint: 'any' },
  matrix: { sizes: [2], constraint: 'any' },
  simplex: { sizes: [1], constraint: 'none' },
  unit_vector: { sizes: [1], constraint: 'none' },
  sum_to_zero_vector: { sizes: [1], constraint: 'none' },
  ordered: { sizes: [1], constraint: 'none' },
  positive_ordered: { sizes: [1], constraint: 'none' },
  cholesky_factor_corr: { sizes: [1], constraint: 'none' },
  cholesky_factor_cov: { sizes: [1, 2], constraint: 'none' },
  corr_matrix: { sizes: [1], constraint: 'none' },
  cov_matrix: { sizes: [1], constraint: 'none' },
  column_stochastic_matrix: { sizes: [2], constraint: 'none' },
  row_stochastic_matrix: { sizes: [2], constraint: 'none' },
  sum_to_zero_matrix: { sizes: [2], constraint: 'none' },
};

const ELEMENT_NAMES = Object.keys(TYPES) as ElementTypeName[];
const isElementType = (name: string): name is ElementTypeName => Object.hasOwn(TYPES, name);
const UNSIZED: readonly UnsizedElement[] = ['int', 'real', 'vector', 'row_vector', 'matrix'];
const isUnsized = (name: string): name is UnsizedElement => (UNSIZED as readonly string[]).includes(name);
const TYPE_WORDS: ReadonlySet<string> = new Set([...ELEMENT_NAMES, 'array', 'complex', 'complex_vector', 'complex_row_vector', 'complex_matrix', 'tuple']);

/** Whether the next token starts a declaration (a type name, 'array', or a refused type). */
export const startsDeclaration = (stream: TokenStream): boolean => {
  const t = stream.peek();
  return t.kind === 'identifier' && TYPE_WORDS.has(t.name);
};

/** The closest type name, for "unknown type" messages. */
export const nearestTypeName = (name: string): string | undefined => nearest(name, [...ELEMENT_NAMES, 'array']);

/** `[e1, e2, ...]` after a type or a name. */
function sizeList(stream: TokenStream, context: ExpressionContext, what: string): { sizes: Expr[]; span: Span } {
  const open = stream.expect('[', what);
  const sizes = [parseExpression(stream, context)];
  while (stream.accept(',')) sizes.push(parseExpression(stream, context));
  if (!stream.isPunct(']')) stream.failExpected(`',' or ']' in the sizes`);
  return { sizes, span: join(open, stream.next().span) };
}

const CONSTRAINT_KEYS = ['lower', 'upper', 'offset', 'multiplier'] as const;
const PARENTHESISE = "A comparison or conditional inside a constraint needs parentheses, as in <upper=(a > b ? a : b)>: a bare '>' closes the constraint.";

function constraint(stream: TokenStream, context: ExpressionContext, typeName: ElementTypeName): Constraint {
  const open = stream.next().span;
  const given = new Map<string, Expr>();
  do {
    const t = stream.peek();
    const key = t.kind === 'identifier' ? CONSTRAINT_KEYS.find((k) => k === t.name) : undefined;
    if (key === undefined) {
      const guess = t.kind === 'identifier' ? nearest(t.name, CONSTRAINT_KEYS) : undefined;
      stream.failExpected(`'lower', 'upper', 'offset' or 'multiplier' in the constraint${guess === undefined ? '' : ` (did you mean '${guess}'?)`}`);
    }
    stream.next();
    if (given.has(key)) fail(t.span, `'${key}' is given twice in this constraint.`);
    stream.expect('=', `after '${key}'`);
    given.set(key, parseConstraintExpression(stream, context));
  } while (stream.accept(','));
  if (!stream.isPunct('>')) {
    const t = stream.peek();
    if (t.kind === 'punct' && ['<', '<=', '>=', '==', '!=', '&&', '||', '?'].includes(t.text)) fail(t.span, PARENTHESISE);
    stream.failExpected(`',' or '>' to close the constraint`);
  }
  const span = join(open, stream.next().span);
  const bounds = given.has('lower') || given.has('upper');
  const affine = given.has('offset') || given.has('multiplier');
  if (bounds && affine) fail(span, 'A declaration takes either <lower=..., upper=...> or <offset=..., multiplier=...>, not both.');
  if (affine && TYPES[typeName].constraint === 'bounds') fail(span, `The type '${typeName}' takes bounds (<lower=..., upper=...>) but no offset or multiplier.`);
  const get = (key: string): Expr | null => given.get(key) ?? null;
  return affine ? { kind: 'affine', offset: get('offset'), multiplier: get('multiplier') } : { kind: 'bounds', lower: get('lower'), upper: get('upper') };
}

/** The sized type of a declaration, up to the variable name: `array[N] vector<lower=0>[K]`. */
function declaredType(stream: TokenStream, context: ExpressionContext, place: DeclarationPlace): DeclaredType {
  let arrayDims: Expr[] = [];
  if (stream.isWord('array')) {
    stream.next();
    if (stream.isPunct('[') && (stream.isPunct(']', 1) || stream.isPunct(',', 1))) {
      fail(stream.peek(1).span, "A declared array needs its sizes (array[N] real); only function arguments are unsized (array[] real).");
    }
    arrayDims = sizeList(stream, context, "after 'array' (array[N] real x)").sizes;
  }
  const t = stream.peek();
  if (t.kind === 'identifier') refuseUnsupportedType(t.name, t.span);
  if (t.kind !== 'identifier' || !isElementType(t.name)) stream.failExpected(arrayDims.length > 0 ? 'the type of the array elements' : 'a type');
  const element = t.name;
  stream.next();
  const rule = TYPES[element];
  if (place === 'local' && rule.constraint === 'none') {
    fail(t.span, `A local variable cannot have the constrained type '${element}': declare it with an unconstrained type (${element.includes('matrix') || element.startsWith('cholesky') ? 'matrix' : 'vector'}), or in a block's top level.`);
  }
  let bound: Constraint | null = null;
  if (stream.isPunct('<')) {
    if (rule.constraint === 'none') fail(stream.peek().span, `The type '${element}' takes no constraint: its constraint is part of the type.`);
    if (place === 'local') fail(stream.peek().span, 'A local variable cannot have a constraint: constraints belong to the top level of a block (data, parameters, transformed data, transformed parameters, generated quantities).');
    bound = constraint(stream, context, element);
  }
  let sizes: Expr[] = [];
  if (rule.sizes[0] !== 0) {
    const list = sizeList(stream, context, `after '${element}' (its size${rule.sizes.includes(2) ? 's' : ''})`);
    if (!rule.sizes.includes(list.sizes.length)) {
      fail(list.span, `'${element}' takes ${rule.sizes.join(' or ')} size${rule.sizes.includes(1) && rule.sizes.length === 1 ? '' : 's'}, but ${list.sizes.length} ${list.sizes.length === 1 ? 'was' : 'were'} given.`);
    }
    sizes = list.sizes;
  }
  return { arrayDims, element, sizes, constraint: bound };
}

/**
 * A declaration statement, in either array syntax: `array[N] real<lower=0> y;` or the
 * pre-2.33 `real<lower=0> y[N];`. Several names may share the type (`real a, b = 1;`): one
 * Declaration each.
 */
export function parseDeclarations(stream: TokenStream, context: ExpressionContext, place: DeclarationPlace): Declaration[] {
  const start = stream.peek().span;
  const type = declaredType(stream, context, place);
  const declarations: Declaration[] = [];
  do {
    const name = stream.identifier('a variable name in the declaration');
    checkDeclaredName(name.name, name.span, 'a variable');
    let declared = type;
    if (stream.isPunct('[')) {
      // The pre-2.33 array syntax: the array sizes follow the name.
      const old = sizeList(stream, context, 'after the name');
      if (type.arrayDims.length > 0) fail(old.span, `'${name.name}' has array sizes both before and after its name: write array[...] once, before the type.`);
      declared = { ...type, arrayDims: old.sizes };
    }
    let value: Expr | null = null;
    if (stream.isPunct('=')) {
      if (place === 'data' || place === 'parameters') {
        fail(stream.peek().span, `A variable of the ${place} block cannot be given a value: ${place === 'data' ? 'compute it in transformed data' : 'compute it in transformed parameters'}.`);
      }
      stream.next();
      value = parseExpression(stream, context);
    }
    declarations.push({ kind: 'declaration', name: name.name, nameSpan: name.span, type: declared, value, span: join(start, stream.previous().span) });
  } while (stream.accept(','));
  // `real<upper=a > b> x;` reads as <upper=a> then a variable b: say what happened.
  if (type.constraint !== null && stream.isPunct('>')) fail(stream.peek().span, PARENTHESISE);
  if (!stream.isPunct(';')) stream.failExpected(`';' after the declaration of '${declarations[declarations.length - 1]!.name}'`);
  stream.next();
  return declarations;
}

/** An unsized type of a function's argument or result: `array[,] real`, `vector`, or the pre-2.33 `real[,]`. */
export function parseUnsizedType(stream: TokenStream, what: string): UnsizedType {
  let arrayDims = 0;
  const unsizedDims = (): number => {
    stream.next(); // '['
    let dims = 1;
    while (stream.accept(',')) dims++;
    if (!stream.isPunct(']')) fail(stream.peek().span, `The type of ${what} has no sizes: write array[] real, or array[,] real for two dimensions.`);
    stream.next();
    return dims;
  };
  if (stream.isWord('array')) {
    stream.next();
    if (!stream.isPunct('[')) stream.failExpected("'[' after 'array' (array[] real)");
    arrayDims = unsizedDims();
  }
  const t = stream.peek();
  if (t.kind === 'identifier') refuseUnsupportedType(t.name, t.span);
  if (t.kind !== 'identifier' || !isUnsized(t.name)) {
    if (t.kind === 'identifier' && isElementType(t.name)) {
      fail(t.span, `The type of ${what} cannot be '${t.name}': function types are int, real, vector, row_vector, matrix and arrays of them (check constraints inside the function).`);
    }
    stream.failExpected(`the type of ${what}`);
  }
  stream.next();
  if (stream.isPunct('[')) {
    if (arrayDims > 0) fail(stream.peek().span, `The type of ${what} gives array dimensions twice.`);
    arrayDims = unsizedDims();
  }
  return { element: t.name, arrayDims };
}
