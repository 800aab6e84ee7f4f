import type { Expr, Span } from '../json/ast.js';
import { formatPath } from '../json/errors.js';
import type { JsonPath } from '../json/issues.js';
import { ParseFailure, StanSyntaxError } from './errors.js';
import { printSpecExpression, specTree, type JsonExpression } from './json-expression.js';
import { elementShape, type DeclaredShape } from './shapes.js';
import { SourceText } from './source.js';
import type { Block, Declaration, DeclaredType, FunctionsBlock, Printable, StanProgram, Statement, UnsizedType } from './tree.js';
import { leadingComment } from './comments.js';

/**
 * Lowering: a parsed Stan program as a JSON model spec (the object checkSpec and
 * compileSpec take), so that Stan programs and specs share one checker, one compiler and
 * one set of errors. A pure function of the tree. Every piece of the spec is recorded with
 * the place in the Stan source it came from (`StanSourceMap`), so that an issue the
 * checker reports at a JSON path is shown at its line and column.
 *
 * Where a construct has no spec form it is refused by name, at its place: `jacobian +=`,
 * `\`. Forward declarations need no spec form (a spec's functions all see one another)
 * and are dropped; overloads become the array of a name's definitions.
 */

/** Where a piece of the spec came from: its span, and for an expression the text's pieces. */
export interface SourcePlace {
  readonly span: Span;
  readonly expression?: JsonExpression;
}

export type StanSourceMap = ReadonlyMap<string, SourcePlace>;

export interface LoweredStan {
  readonly spec: Record<string, unknown>;
  readonly sourceMap: StanSourceMap;
}

export interface LowerStanOptions {
  /** The spec's name (default: the file name without its extension). */
  readonly name?: string;
}

type Json = Record<string, unknown>;

const refuse = (span: Span, detail: string): ParseFailure => new ParseFailure('unsupported', span, detail);

class Lowering {
  readonly places = new Map<string, SourcePlace>();
  readonly scope = new Map<string, DeclaredShape>();

  at(path: JsonPath, span: Span, expression?: JsonExpression): void {
    this.places.set(formatPath(path), expression === undefined ? { span } : { span, expression });
  }

  /** The spec's text of an expression, recorded at `path`. */
  expression(e: Expr, path: JsonPath): string {
    const printed = printSpecExpression(specTree(e, this.scope));
    this.at(path, e.span, printed);
    return printed.text;
  }

  /** A size or bound: a number when the Stan source wrote one, else an expression. */
  quantity(e: Expr, path: JsonPath, sizeOnly: boolean): number | string {
    const literal = e.kind === 'number' ? e.value : e.kind === 'negate' && e.operand.kind === 'number' ? -e.operand.value : undefined;
    if (literal !== undefined && (!sizeOnly || (e.kind === 'number' && e.integer))) {
      this.at(path, e.span);
      return literal;
    }
    return this.expression(e, path);
  }

  /** A declaration's type, sizes and constraints as the spec's fields. */
  declaredType(type: DeclaredType, path: JsonPath, span: Span, parameter: boolean): Json {
    const out: Json = {};
    if (type.element === 'sum_to_zero_matrix') throw refuse(span, "The type 'sum_to_zero_matrix' is not supported yet; declare a sum_to_zero_vector per row or column.");
    const dims = [...type.arrayDims];
    if (type.element === 'int' && dims.length === 1) {
      out['type'] = 'int_array';
      out['size'] = this.quantity(dims[0]!, [...path, 'size'], true);
      dims.length = 0;
    } else {
      out['type'] = type.element;
      const keys = sizeKeys(type);
      type.sizes.forEach((e, k) => (out[keys[k]!] = this.quantity(e, [...path, keys[k]!], true)));
    }
    if (dims.length > 0) out['array'] = dims.map((e, k) => this.quantity(e, [...path, 'array', k], true));
    const c = type.constraint;
    if (c !== null) {
      const sides = c.kind === 'bounds' ? ([['lower', c.lower], ['upper', c.upper]] as const) : ([['offset', c.offset], ['multiplier', c.multiplier]] as const);
      if (c.kind === 'affine' && !parameter) throw refuse(span, '<offset, multiplier> is allowed on parameters only.');
      for (const [key, e] of sides) if (e !== null) out[key] = this.quantity(e, [...path, key], false);
    }
    this.at(path, span);
    return out;
  }

  declare(d: Declaration): void {
    this.scope.set(d.name, { element: elementShape(d.type.element), arrayDims: d.type.arrayDims.length });
  }

  statements(list: readonly Statement[], path: JsonPath, local: 'declare' | 'local'): Json[] {
    const out: Json[] = [];
    for (const s of list) {
      if (s.kind === 'empty') continue;
      const lowered = this.statement(s, [...path, out.length], local);
      out.push(lowered);
    }
    return out;
  }

  statement(s: Statement, path: JsonPath, local: 'declare' | 'local'): Json {
    this.at(path, s.span);
    const body = (list: readonly Statement[], key: string): Json[] => this.statements(list, [...path, key], local);
    switch (s.kind) {
      case 'declaration': {
        this.declare(s);
        const out: Json = { [local]: s.name, ...this.declaredType(s.type, path, s.span, false) };
        this.at([...path, local], s.nameSpan);
        if (s.value !== null) out['value'] = this.expression(s.value, [...path, 'value']);
        return out;
      }
      case 'assign':
        return { assign: this.expression(s.target, [...path, 'assign']), ...(s.op === '=' ? {} : { op: s.op }), value: this.expression(s.value, [...path, 'value']) };
      case 'sample': {
        this.at([...path, 'distribution'], s.distributionSpan);
        const out: Json = { sample: this.expression(s.lhs, [...path, 'sample']), distribution: s.distribution, args: s.args.map((a, k) => this.expression(a, [...path, 'args', k])) };
        if (s.truncation !== null) {
          const truncate: Json = {};
          if (s.truncation.lower !== null) truncate['lower'] = this.quantity(s.truncation.lower, [...path, 'truncate', 'lower'], false);
          if (s.truncation.upper !== null) truncate['upper'] = this.quantity(s.truncation.upper, [...path, 'truncate', 'upper'], false);
          out['truncate'] = truncate;
        }
        return out;
      }
      case 'target':
        return { target: this.expression(s.value, [...path, 'target']) };
      case 'jacobian':
        throw refuse(s.span, "'jacobian +=' is not supported yet: leapfrog's transformed parameters take no Jacobian terms; write the change of variables in the model block with target +=.");
      case 'call':
        return { call: this.expression(s.call, [...path, 'call']) };
      case 'for':
        this.scope.set(s.variable, { element: 'scalar', arrayDims: 0 });
        this.at([...path, 'for'], s.variableSpan);
        return { for: s.variable, from: this.quantity(s.lower, [...path, 'from'], true), to: this.quantity(s.upper, [...path, 'to'], true), body: body(s.body, 'body') };
      case 'foreach':
        this.scope.delete(s.variable);
        this.at([...path, 'for'], s.variableSpan);
        return { for: s.variable, in: this.expression(s.collection, [...path, 'in']), body: body(s.body, 'body') };
      case 'while':
        return { while: this.expression(s.condition, [...path, 'while']), body: body(s.body, 'body') };
      case 'if':
        return { if: this.expression(s.condition, [...path, 'if']), then: body(s.then, 'then'), ...(s.else === null ? {} : { else: body(s.else, 'else') }) };
      case 'block':
      case 'profile':
        // A profile's timing has no meaning here; its statements run as a block.
        return { block: body(s.body, 'block') };
      case 'print':
      case 'reject':
      case 'fatal_error':
        return { [s.kind]: s.args.map((a, k) => this.printable(a, [...path, s.kind, k])) };
      case 'return':
        return { return: s.value === null ? null : this.expression(s.value, [...path, 'return']) };
      case 'break':
      case 'continue':
        return { [s.kind]: true };
      case 'empty':
        throw new Error('unreachable: empty statements are skipped');
    }
  }

  printable(p: Printable, path: JsonPath): string | Json {
    if (p.kind === 'string') {
      this.at(path, p.span);
      return { text: p.value };
    }
    return this.expression(p, path);
  }

  /** The functions block as the spec's `functions`: one entry per defined function (forward declarations dropped). */
  functions(block: FunctionsBlock | null): Json | undefined {
    if (block === null || block.definitions.length === 0) return undefined;
    this.at(['functions'], block.span);
    const out: Json = Object.create(null);
    const unsized = (t: UnsizedType): Json => ({ type: t.element, ...(t.arrayDims === 0 ? {} : { array: t.arrayDims }) });
    for (const f of block.definitions) {
      if (f.body === null) continue;
      // Overloads (one name, several definitions) become an array in the spec.
      const overloads = block.definitions.filter((g) => g.body !== null && g.name === f.name);
      const index = overloads.indexOf(f);
      const path: JsonPath = overloads.length === 1 ? ['functions', f.name] : ['functions', f.name, index];
      this.at(path, f.nameSpan);
      this.at([...path, 'body'], f.nameSpan);
      this.at([...path, 'returns'], f.span);
      // A body sees its arguments only: their shapes for its literals, then the program's again.
      const outer = new Map(this.scope);
      const args = f.parameters.map((p, k) => {
        this.at([...path, 'args', k], p.span);
        this.at([...path, 'args', k, 'name'], p.nameSpan);
        this.scope.set(p.name, { element: elementShape(p.type.element), arrayDims: p.type.arrayDims });
        return { name: p.name, ...unsized(p.type), ...(p.dataOnly ? { data: true } : {}) };
      });
      const returns = f.returnType === 'void' ? 'void' : f.returnType.arrayDims === 0 ? f.returnType.element : unsized(f.returnType);
      const definition = { args, returns, body: this.statements(f.body, [...path, 'body'], 'declare') };
      if (overloads.length === 1) out[f.name] = definition;
      else out[f.name] = [...((out[f.name] as Json[] | undefined) ?? []), definition];
      this.scope.clear();
      for (const [name, shape] of outer) this.scope.set(name, shape);
    }
    return out;
  }

  /** The data or parameters block: declarations only, as a record. */
  declarations(block: Block | null, key: 'data' | 'parameters'): Json {
    const out: Json = Object.create(null);
    if (block === null) return out;
    this.at([key], block.span);
    for (const s of block.statements) {
      if (s.kind === 'empty') continue;
      if (s.kind !== 'declaration' || s.value !== null) throw refuse(s.span, `The ${key} block holds declarations without values only.`);
      this.declare(s);
      out[s.name] = this.declaredType(s.type, [key, s.name], s.span, key === 'parameters');
      this.at([key, s.name], s.nameSpan);
    }
    return out;
  }

  /**
   * Transformed data, transformed parameters, generated quantities: the spec's short form
   * (one declaration with its value per variable) when the block is just that, else its
   * statements, the top-level declarations being the block's variables.
   */
  computed(block: Block | null, key: 'transformed_data' | 'transformed_parameters' | 'generated_quantities'): Json | Json[] | undefined {
    if (block === null) return undefined;
    this.at([key], block.span);
    const statements = block.statements.filter((s) => s.kind !== 'empty');
    if (statements.every((s) => s.kind === 'declaration' && s.value !== null)) {
      const out: Json = Object.create(null);
      for (const s of statements as Declaration[]) {
        this.declare(s);
        out[s.name] = { ...this.declaredType(s.type, [key, s.name], s.span, false), value: this.expression(s.value!, [key, s.name, 'value']) };
        this.at([key, s.name], s.nameSpan);
      }
      return out;
    }
    return this.statements(statements, [key], 'declare');
  }
}

/** `vector[N]` takes size; `matrix[N, M]` rows and cols; `cholesky_factor_cov[M]` size, `[M, N]` rows and cols. */
function sizeKeys(type: DeclaredType): readonly string[] {
  if (type.element === 'cholesky_factor_cov') return type.sizes.length === 1 ? ['size'] : ['rows', 'cols'];
  if (['matrix', 'row_stochastic_matrix', 'column_stochastic_matrix'].includes(type.element)) return ['rows', 'cols'];
  return ['size'];
}

/** The file's base name without its extension. */
function baseName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return base.replace(/\.[^.]*$/, '') || 'model';
}

/**
 * The spec of a parsed Stan program, with its source map; throws StanSyntaxError (kind
 * 'unsupported') at a construct the spec cannot hold.
 */
export function lowerStan(program: StanProgram, options: LowerStanOptions = {}): LoweredStan {
  const text = new SourceText(program.source.fileName, program.source.text);
  try {
    const lowering = new Lowering();
    const spec: Json = { name: options.name ?? baseName(program.source.fileName) };
    const description = leadingComment(program.source.text);
    if (description !== undefined) spec['description'] = description;
    const functions = lowering.functions(program.functions);
    if (functions !== undefined) spec['functions'] = functions;
    spec['data'] = lowering.declarations(program.data, 'data');
    const transformedData = lowering.computed(program.transformedData, 'transformed_data');
    if (transformedData !== undefined) spec['transformed_data'] = transformedData;
    spec['parameters'] = lowering.declarations(program.parameters, 'parameters');
    const transformedParameters = lowering.computed(program.transformedParameters, 'transformed_parameters');
    if (transformedParameters !== undefined) spec['transformed_parameters'] = transformedParameters;
    if (program.model !== null) lowering.at(['model'], program.model.span);
    spec['model'] = program.model === null ? [] : lowering.statements(program.model.statements, ['model'], 'local');
    const generated = lowering.computed(program.generatedQuantities, 'generated_quantities');
    if (generated !== undefined) spec['generated_quantities'] = generated;
    return { spec: plain(spec) as Json, sourceMap: lowering.places };
  } catch (error) {
    if (error instanceof ParseFailure) throw new StanSyntaxError(text, error.kind, error.span, error.detail);
    throw error;
  }
}

/** Records made without prototypes (user names as keys) turned into ordinary objects, for JSON and deep equality. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value === null || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [key, inner] of Object.entries(value)) Object.defineProperty(out, key, { value: plain(inner), enumerable: true, writable: true, configurable: true });
  return out;
}
