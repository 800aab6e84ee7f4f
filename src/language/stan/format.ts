import { ARITHMETIC, formatExpression, NO_CONDITIONAL } from './format-expression.js';
import type { Constraint, DeclaredType, FunctionDefinition, Printable, StanProgram, Statement, UnsizedType } from './tree.js';
import { STATEMENT_BLOCKS } from './tree.js';

/**
 * A program tree printed as Stan source in one canonical layout (the current syntax:
 * `array[N] real y`, two-space indentation, every body in braces, one declaration per
 * line, minimal parentheses). Comments are not part of the tree, so they are not printed.
 * Parsing the output gives the same tree back.
 */

const INDENT = '  ';

function formatConstraint(c: Constraint): string {
  const parts =
    c.kind === 'bounds'
      ? [c.lower === null ? null : `lower=${formatExpression(c.lower, ARITHMETIC)}`, c.upper === null ? null : `upper=${formatExpression(c.upper, ARITHMETIC)}`]
      : [c.offset === null ? null : `offset=${formatExpression(c.offset, ARITHMETIC)}`, c.multiplier === null ? null : `multiplier=${formatExpression(c.multiplier, ARITHMETIC)}`];
  return `<${parts.filter((p) => p !== null).join(', ')}>`;
}

export function formatDeclaredType(t: DeclaredType): string {
  const array = t.arrayDims.length === 0 ? '' : `array[${t.arrayDims.map((e) => formatExpression(e)).join(', ')}] `;
  const constraint = t.constraint === null ? '' : formatConstraint(t.constraint);
  const sizes = t.sizes.length === 0 ? '' : `[${t.sizes.map((e) => formatExpression(e)).join(', ')}]`;
  return `${array}${t.element}${constraint}${sizes}`;
}

export function formatUnsizedType(t: UnsizedType): string {
  return t.arrayDims === 0 ? t.element : `array[${','.repeat(t.arrayDims - 1)}] ${t.element}`;
}

const formatPrintable = (p: Printable): string => (p.kind === 'string' ? `"${p.value}"` : formatExpression(p));

/** A body in braces: `head {`, the statements one level deeper, `}`. */
function braced(head: string, body: readonly Statement[], indent: string): string[] {
  return [`${indent}${head} {`, ...body.flatMap((s) => formatStatement(s, indent + INDENT)), `${indent}}`];
}

/** `if (c) { ... } else if (d) { ... } else { ... }`: an else holding one if prints as else if. */
function formatIf(s: Extract<Statement, { kind: 'if' }>, indent: string): string[] {
  const inner = (body: readonly Statement[]): string[] => body.flatMap((x) => formatStatement(x, indent + INDENT));
  const lines = [`${indent}if (${formatExpression(s.condition)}) {`, ...inner(s.then)];
  let current = s;
  for (;;) {
    const otherwise = current.else;
    const only = otherwise?.length === 1 ? otherwise[0]! : undefined;
    if (only?.kind === 'if') {
      lines.push(`${indent}} else if (${formatExpression(only.condition)}) {`, ...inner(only.then));
      current = only;
      continue;
    }
    if (otherwise !== null) lines.push(`${indent}} else {`, ...inner(otherwise));
    lines.push(`${indent}}`);
    return lines;
  }
}

/** The lines of one statement at `indent`. */
export function formatStatement(s: Statement, indent = ''): string[] {
  const e = (x: Parameters<typeof formatExpression>[0]): string => formatExpression(x);
  switch (s.kind) {
    case 'declaration':
      return [`${indent}${formatDeclaredType(s.type)} ${s.name}${s.value === null ? '' : ` = ${e(s.value)}`};`];
    case 'assign':
      return [`${indent}${e(s.target)} ${s.op} ${e(s.value)};`];
    case 'sample': {
      const t = s.truncation;
      const truncation = t === null ? '' : ` T[${t.lower === null ? '' : e(t.lower)}, ${t.upper === null ? '' : e(t.upper)}]`;
      return [`${indent}${e(s.lhs)} ~ ${s.distribution}(${s.args.map(e).join(', ')})${truncation};`];
    }
    case 'target':
    case 'jacobian':
      return [`${indent}${s.kind} += ${e(s.value)};`];
    case 'call':
      return [`${indent}${e(s.call)};`];
    case 'for':
      return braced(`for (${s.variable} in ${formatExpression(s.lower, NO_CONDITIONAL)}:${formatExpression(s.upper, NO_CONDITIONAL)})`, s.body, indent);
    case 'foreach':
      return braced(`for (${s.variable} in ${e(s.collection)})`, s.body, indent);
    case 'while':
      return braced(`while (${e(s.condition)})`, s.body, indent);
    case 'if':
      return formatIf(s, indent);
    case 'block':
      return [`${indent}{`, ...s.body.flatMap((x) => formatStatement(x, indent + INDENT)), `${indent}}`];
    case 'profile':
      return braced(`profile("${s.name}")`, s.body, indent);
    case 'print':
    case 'reject':
    case 'fatal_error':
      return [`${indent}${s.kind}(${s.args.map(formatPrintable).join(', ')});`];
    case 'return':
      return [`${indent}return${s.value === null ? '' : ` ${e(s.value)}`};`];
    case 'break':
    case 'continue':
      return [`${indent}${s.kind};`];
    case 'empty':
      return [`${indent};`];
  }
}

function formatFunction(f: FunctionDefinition): string[] {
  const returnType = f.returnType === 'void' ? 'void' : formatUnsizedType(f.returnType);
  const parameters = f.parameters.map((p) => `${p.dataOnly ? 'data ' : ''}${formatUnsizedType(p.type)} ${p.name}`).join(', ');
  const head = `${returnType} ${f.name}(${parameters})`;
  return f.body === null ? [`${INDENT}${head};`] : braced(head, f.body, INDENT);
}

/** The program as Stan source, ending with a newline. */
export function formatStan(program: StanProgram): string {
  const lines: string[] = [];
  if (program.functions !== null) lines.push('functions {', ...program.functions.definitions.flatMap(formatFunction), '}');
  for (const [field, name] of STATEMENT_BLOCKS) {
    const block = program[field];
    if (block !== null) lines.push(`${name} {`, ...block.statements.flatMap((s) => formatStatement(s, INDENT)), '}');
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
