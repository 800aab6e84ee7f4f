import type { Expr, IndexExpr } from '../json/ast.js';
import { formatNumber } from './format-expression.js';
import { formatUnsizedType } from './format.js';
import type { Constraint, DeclaredType, FunctionDefinition, Printable, StanProgram, Statement } from './tree.js';
import { STATEMENT_BLOCKS } from './tree.js';

/**
 * The tree as an S-expression, without spans: a compact, exact rendering for tests (two
 * trees are equal, spans aside, when their renderings are) and for debugging. Examples:
 * `(+ a (* b c))`, `(call normal_lpdf y | mu sigma)`, `(index x i (: 1 N))`,
 * `(decl theta (array (G) (simplex K)))`, `(~ y normal (mu sigma) (T 0 _))`,
 * `(for i 1 N (= (index x i) 0))`. Ints print as digits, reals always with '.' or 'e'.
 */

const join = (head: string, parts: readonly string[]): string => `(${[head, ...parts].join(' ')})`;
const opt = (e: Expr | null): string => (e === null ? '_' : exprToSExpression(e));

function indexToSExpression(i: IndexExpr): string {
  return i.kind === 'single' ? exprToSExpression(i.expr) : join(':', [opt(i.start), opt(i.end)]);
}

export function exprToSExpression(e: Expr): string {
  switch (e.kind) {
    case 'number':
      return formatNumber(e.value, e.integer);
    case 'name':
      return e.name;
    case 'negate':
      return join('-', [exprToSExpression(e.operand)]);
    case 'not':
      return join('!', [exprToSExpression(e.operand)]);
    case 'transpose':
      return join("'", [exprToSExpression(e.operand)]);
    case 'binary':
      return join(e.op, [exprToSExpression(e.left), exprToSExpression(e.right)]);
    case 'conditional':
      return join('?:', [exprToSExpression(e.condition), exprToSExpression(e.ifTrue), exprToSExpression(e.ifFalse)]);
    case 'call': {
      const args = e.args.map(exprToSExpression);
      return join('call', e.bar ? [e.callee, args[0] ?? '', '|', ...args.slice(1)].filter((x) => x !== '') : [e.callee, ...args]);
    }
    case 'index':
      return join('index', [exprToSExpression(e.target), ...e.indices.map(indexToSExpression)]);
    case 'vector':
      return join('vector', e.elements.map(exprToSExpression));
    case 'rowVector':
      return join('row', e.elements.map(exprToSExpression));
    case 'array':
      return join('array', e.elements.map(exprToSExpression));
  }
}

function constraintToSExpression(c: Constraint): string[] {
  const named = c.kind === 'bounds' ? ([['lower', c.lower], ['upper', c.upper]] as const) : ([['offset', c.offset], ['multiplier', c.multiplier]] as const);
  return named.filter(([, e]) => e !== null).map(([key, e]) => join(key, [exprToSExpression(e!)]));
}

function typeToSExpression(t: DeclaredType): string {
  const element = join(t.element, [...t.sizes.map(exprToSExpression), ...(t.constraint === null ? [] : constraintToSExpression(t.constraint))]);
  return t.arrayDims.length === 0 ? element : join('array', [`(${t.arrayDims.map(exprToSExpression).join(' ')})`, element]);
}

const printable = (p: Printable): string => (p.kind === 'string' ? JSON.stringify(p.value) : exprToSExpression(p));
const body = (statements: readonly Statement[]): string[] => statements.map(statementToSExpression);

export function statementToSExpression(s: Statement): string {
  switch (s.kind) {
    case 'declaration':
      return join('decl', [s.name, typeToSExpression(s.type), ...(s.value === null ? [] : [exprToSExpression(s.value)])]);
    case 'assign':
      return join(s.op, [exprToSExpression(s.target), exprToSExpression(s.value)]);
    case 'sample': {
      const truncation = s.truncation === null ? [] : [join('T', [opt(s.truncation.lower), opt(s.truncation.upper)])];
      return join('~', [exprToSExpression(s.lhs), s.distribution, `(${s.args.map(exprToSExpression).join(' ')})`, ...truncation]);
    }
    case 'target':
    case 'jacobian':
      return join(`${s.kind}+=`, [exprToSExpression(s.value)]);
    case 'call':
      return join('do', [exprToSExpression(s.call)]);
    case 'for':
      return join('for', [s.variable, exprToSExpression(s.lower), exprToSExpression(s.upper), ...body(s.body)]);
    case 'foreach':
      return join('foreach', [s.variable, exprToSExpression(s.collection), ...body(s.body)]);
    case 'while':
      return join('while', [exprToSExpression(s.condition), ...body(s.body)]);
    case 'if':
      return join('if', [exprToSExpression(s.condition), join('then', body(s.then)), ...(s.else === null ? [] : [join('else', body(s.else))])]);
    case 'block':
      return join('block', body(s.body));
    case 'profile':
      return join('profile', [JSON.stringify(s.name), ...body(s.body)]);
    case 'print':
    case 'reject':
    case 'fatal_error':
      return join(s.kind, s.args.map(printable));
    case 'return':
      return join('return', s.value === null ? [] : [exprToSExpression(s.value)]);
    case 'break':
    case 'continue':
    case 'empty':
      return `(${s.kind})`;
  }
}

function functionToSExpression(f: FunctionDefinition): string {
  const parameters = f.parameters.map((p) => `(${p.dataOnly ? 'data ' : ''}${formatUnsizedType(p.type)} ${p.name})`);
  const returnType = f.returnType === 'void' ? 'void' : formatUnsizedType(f.returnType);
  return join('function', [returnType, f.name, `(${parameters.join(' ')})`, ...(f.body === null ? ['forward'] : body(f.body))]);
}

/** The whole program, one block per line: `(data (decl N (int (lower 0))))`. */
export function programToSExpression(program: StanProgram): string {
  const blocks: string[] = [];
  if (program.functions !== null) blocks.push(join('functions', program.functions.definitions.map(functionToSExpression)));
  for (const [field, name] of STATEMENT_BLOCKS) {
    const block = program[field];
    if (block !== null) blocks.push(join(name.replace(' ', '_'), body(block.statements)));
  }
  return blocks.join('\n');
}
