import type { Span } from '../json/ast.js';
import { nearest } from '../json/errors.js';
import { fail } from './errors.js';
import { checkDeclaredName } from './names.js';
import { parseDeclarations, parseUnsizedType, startsDeclaration, type DeclarationPlace } from './parse-declaration.js';
import { parseStatement, parseStatements } from './parse-statement.js';
import { join, type TokenStream } from './token-stream.js';
import type { Block, BlockField, BlockName, FunctionDefinition, FunctionsBlock, Parameter, Statement, StanProgram } from './tree.js';

/** Stan's blocks in the order a program must give them, with the rules of their top level. */
const BLOCKS: readonly { readonly name: 'functions' | BlockName; readonly field: 'functions' | BlockField; readonly place: DeclarationPlace }[] = [
  { name: 'functions', field: 'functions', place: 'local' },
  { name: 'data', field: 'data', place: 'data' },
  { name: 'transformed data', field: 'transformedData', place: 'top' },
  { name: 'parameters', field: 'parameters', place: 'parameters' },
  { name: 'transformed parameters', field: 'transformedParameters', place: 'top' },
  { name: 'model', field: 'model', place: 'local' },
  { name: 'generated quantities', field: 'generatedQuantities', place: 'top' },
];

const BLOCK_NAMES = BLOCKS.map((b) => b.name);
/** The words a block's name starts with. */
const BLOCK_WORDS: ReadonlySet<string> = new Set(BLOCK_NAMES.map((name) => name.split(' ')[0]!));
const ORDER = `Stan's blocks come in this order: ${BLOCK_NAMES.join(', ')}`;

/** Reads a block's name (one or two words); fails with a suggestion on a misspelling. */
function blockName(stream: TokenStream): { index: number; span: Span } {
  const t = stream.peek();
  if (t.kind !== 'identifier') stream.failExpected(`a block (${BLOCK_NAMES.join(', ')})`);
  const second = stream.peek(1);
  const twoWords = second.kind === 'identifier' && stream.isPunct('{', 2) ? `${t.name} ${second.name}` : undefined;
  const written = twoWords ?? t.name;
  const index = BLOCK_NAMES.findIndex((name) => name === written);
  if (index >= 0) {
    stream.next();
    if (twoWords !== undefined) stream.next();
    return { index, span: twoWords === undefined ? t.span : join(t.span, second.span) };
  }
  if (startsDeclaration(stream)) fail(t.span, 'Declarations and statements must be inside a block, such as data { ... } or model { ... }.');
  const span = twoWords === undefined ? t.span : join(t.span, second.span);
  const spaced = written.replace(/_/g, ' ');
  const guess = BLOCK_NAMES.find((name) => name === spaced) ?? nearest(spaced, BLOCK_NAMES);
  if (guess !== undefined) fail(span, `Unknown block '${written}': did you mean '${guess}'?`);
  if (t.name === 'transformed' || t.name === 'generated') {
    stream.next();
    stream.failExpected(`${t.name === 'transformed' ? "'data' or 'parameters'" : "'quantities'"} after '${t.name}'`);
  }
  fail(span, `Expected a block (${BLOCK_NAMES.join(', ')}), found '${written}'.`);
}

function parameter(stream: TokenStream, functionName: string): Parameter {
  const start = stream.peek().span;
  const dataOnly = stream.isWord('data');
  if (dataOnly) stream.next();
  const type = parseUnsizedType(stream, `an argument of '${functionName}'`);
  const name = stream.identifier(`the name of an argument of '${functionName}'`);
  checkDeclaredName(name.name, name.span, 'a function argument');
  return { name: name.name, nameSpan: name.span, type, dataOnly, span: join(start, name.span) };
}

/** `real f(real x, data vector y) { ... }`, or a forward declaration ending in ';'. */
function functionDefinition(stream: TokenStream, userFunctions: Set<string>): FunctionDefinition {
  const start = stream.peek().span;
  if (!stream.isWord('void') && !startsDeclaration(stream)) stream.failExpected("a function definition, starting with its return type (real, vector, void, ...)");
  const returnType = stream.isWord('void') ? (stream.next(), 'void' as const) : parseUnsizedType(stream, 'the return value');
  const name = stream.identifier("the function's name");
  checkDeclaredName(name.name, name.span, 'a function');
  stream.expect('(', `after the function name '${name.name}'`);
  const parameters: Parameter[] = [];
  if (!stream.isPunct(')')) {
    do parameters.push(parameter(stream, name.name));
    while (stream.accept(','));
    if (!stream.isPunct(')')) stream.failExpected(`',' or ')' in the arguments of '${name.name}'`);
  }
  stream.next();
  // Known before its body, so that a recursive call is read as a call of the user's function.
  userFunctions.add(name.name);
  let body: Statement[] | null = null;
  if (stream.isPunct(';')) {
    stream.next();
  } else {
    if (!stream.isPunct('{')) stream.failExpected(`'{' to open the body of '${name.name}', or ';' for a forward declaration`);
    const block = parseStatement(stream, { userFunctions });
    body = block.kind === 'block' ? [...block.body] : [block];
  }
  return { name: name.name, nameSpan: name.span, returnType, parameters, body, span: join(start, stream.previous().span) };
}

/** Declarations only (data, parameters): a statement there is a misplaced one. */
function declarationsOnly(stream: TokenStream, userFunctions: Set<string>, place: 'data' | 'parameters'): Statement[] {
  const statements: Statement[] = [];
  while (!stream.isPunct('}') && stream.peek().kind !== 'end') {
    const t = stream.peek();
    if (t.kind === 'identifier' && BLOCK_WORDS.has(t.name)) stream.failExpected(`'}' to close the ${place} block`);
    if (!startsDeclaration(stream)) {
      const where = place === 'data' ? 'transformed data' : 'transformed parameters or model';
      fail(stream.peek().span, `Only declarations can be in the ${place} block: put statements in the ${where} block.`);
    }
    statements.push(...parseDeclarations(stream, { userFunctions }, place));
  }
  return statements;
}

type Blocks = { -readonly [K in keyof Omit<StanProgram, 'source'>]: StanProgram[K] };

/** A whole program: its blocks, in Stan's order, each at most once. */
export function parseProgram(stream: TokenStream, source: StanProgram['source']): StanProgram {
  const blocks: Blocks = { functions: null, data: null, transformedData: null, parameters: null, transformedParameters: null, model: null, generatedQuantities: null };
  const userFunctions = new Set<string>();
  let last = -1;
  while (stream.peek().kind !== 'end') {
    const { index, span } = blockName(stream);
    const rule = BLOCKS[index]!;
    if (index === last || blocks[rule.field] !== null) fail(span, `The ${rule.name} block is given twice: a program has each block at most once.`);
    if (index < last) fail(span, `The ${rule.name} block must come before the ${BLOCKS[last]!.name} block. ${ORDER}.`);
    last = index;
    stream.expect('{', `after '${rule.name}'`);
    const context = { userFunctions };
    if (rule.field === 'functions') {
      const definitions: FunctionDefinition[] = [];
      while (!stream.isPunct('}') && stream.peek().kind !== 'end') definitions.push(functionDefinition(stream, userFunctions));
      blocks.functions = { definitions, span: join(span, stream.expect('}', 'to close the functions block')) } satisfies FunctionsBlock;
      continue;
    }
    const statements =
      rule.place === 'data' || rule.place === 'parameters' ? declarationsOnly(stream, userFunctions, rule.place) : parseStatements(stream, context, rule.place);
    if (!stream.isPunct('}')) stream.failExpected(`'}' to close the ${rule.name} block`);
    blocks[rule.field] = { statements, span: join(span, stream.next().span) } satisfies Block;
  }
  return { ...blocks, source };
}
