import type { Expr, Span } from '../json/ast.js';
import { SpecError } from '../json/errors.js';
import type { JsonPath } from '../json/issues.js';
import { ParseError, parseExpression } from '../json/parse.js';
import { ModelSpec, type Statement as SpecStatement } from '../json/schema.js';
import type { DeclarationFields } from '../json/schema-declarations.js';
import type { DeclareFields, PrintItem } from '../json/schema-statements.js';
import { definitionsOf } from '../json/schema-functions.js';
import { commentLines } from './comments.js';
import { formatStan } from './format.js';
import { elementShape, literalOfScalars, type DeclaredShape } from './shapes.js';
import type { Block, Constraint, DeclaredType, ElementTypeName, FunctionDefinition, FunctionsBlock, Printable, StanProgram, Statement, UnsizedElement, UnsizedType } from './tree.js';

/**
 * A JSON model spec written as a Stan program: the converse of lower.ts, exact where both
 * have a form (`leapfrog convert model.json`). The spec becomes a Stan program tree, which
 * format.ts prints in its canonical layout; the description becomes the program's leading
 * comment. What has no Stan form is refused with its JSON path: a declaration without a
 * type (Stan needs one), a bracket literal whose elements' shapes cannot be told.
 * Distributions keep their names: a few of leapfrog's (half_normal, half_cauchy, ...) are
 * not Stan's, and such a program runs in leapfrog only.
 */

const NOWHERE: Span = { start: 0, end: 0 };

/** A spec that has no Stan form, at its JSON path. */
const refuse = (path: JsonPath, message: string): SpecError => new SpecError([{ path: [...path], message }]);

class Writer {
  readonly scope = new Map<string, DeclaredShape>();

  expression(text: string | number, path: JsonPath): Expr {
    if (typeof text === 'number') return numberExpr(text);
    let e: Expr;
    try {
      e = parseExpression(text);
    } catch (error) {
      if (error instanceof ParseError) throw refuse(path, `cannot parse: ${error.message}`);
      throw error;
    }
    return this.stanTree(e, path);
  }

  /** The spec's bracket literals in Stan's terms (see shapes.ts). */
  stanTree(e: Expr, path: JsonPath): Expr {
    const recur = (x: Expr): Expr => this.stanTree(x, path);
    switch (e.kind) {
      case 'number':
      case 'name':
        return e;
      case 'negate':
      case 'not':
        return { ...e, operand: recur(e.operand) };
      case 'transpose':
        if (e.operand.kind === 'vector' && this.ofScalars(e.operand.elements, path)) return { kind: 'rowVector', elements: e.operand.elements.map(recur), span: e.span };
        return { ...e, operand: recur(e.operand) };
      case 'binary':
        return { ...e, left: recur(e.left), right: recur(e.right) };
      case 'conditional':
        return { ...e, condition: recur(e.condition), ifTrue: recur(e.ifTrue), ifFalse: recur(e.ifFalse) };
      case 'call':
        return { ...e, args: e.args.map(recur) };
      case 'index':
        return { ...e, target: recur(e.target), indices: e.indices.map((i) => (i.kind === 'single' ? { kind: 'single' as const, expr: recur(i.expr) } : { ...i, start: i.start && recur(i.start), end: i.end && recur(i.end) })) };
      case 'vector': {
        if (this.ofScalars(e.elements, path)) return { kind: 'transpose', operand: { kind: 'rowVector', elements: e.elements.map(recur), span: e.span }, span: e.span };
        // A matrix by rows: Stan's rows are row vectors (a nested literal is one; a column vector is transposed).
        const rows = e.elements.map((x): Expr => {
          if (x.kind === 'vector') return { kind: 'rowVector', elements: x.elements.map(recur), span: x.span };
          const shape = literalOfScalars([x], this.scope) === false ? rowShape(x, this.scope) : undefined;
          return shape === 'vector' ? { kind: 'transpose', operand: recur(x), span: x.span } : recur(x);
        });
        return { kind: 'rowVector', elements: rows, span: e.span };
      }
      case 'rowVector':
        return { ...e, elements: e.elements.map(recur) };
      case 'array':
        return { ...e, elements: e.elements.map(recur) };
    }
  }

  ofScalars(elements: readonly Expr[], path: JsonPath): boolean {
    const scalars = literalOfScalars(elements, this.scope);
    if (scalars === undefined) throw refuse(path, 'cannot tell whether the elements of this [ ] literal are scalars (a vector) or rows (a matrix); declare them with a type');
    return scalars;
  }

  declare(name: string, fields: DeclareFields | DeclarationFields): void {
    if (fields.type !== undefined) this.scope.set(name, { element: elementShape(fields.type), arrayDims: (fields.array?.length ?? 0) + (fields.type === 'int_array' ? 1 : 0) });
  }

  declaredType(fields: DeclareFields | DeclarationFields, path: JsonPath): DeclaredType {
    if (fields.type === undefined) throw refuse(path, 'a declaration without a type has no Stan form: give its "type" (and sizes)');
    const q = (key: string, value: number | string | undefined): Expr | null => (value === undefined ? null : this.expression(value, [...path, key]));
    const arrayDims = (fields.array ?? []).map((d, k) => this.expression(d, [...path, 'array', k]));
    let element = fields.type as ElementTypeName | 'int_array';
    const sizes: Expr[] = [];
    if (element === 'int_array') {
      arrayDims.push(this.expression(fields.size ?? 0, [...path, 'size']));
      element = 'int';
    } else {
      for (const key of ['size', 'rows', 'cols'] as const) {
        const e = q(key, fields[key]);
        if (e !== null) sizes.push(e);
      }
    }
    const withAffine = fields as { offset?: number | string; multiplier?: number | string };
    let constraint: Constraint | null = null;
    if (fields.lower !== undefined || fields.upper !== undefined) constraint = { kind: 'bounds', lower: q('lower', fields.lower), upper: q('upper', fields.upper) };
    else if (withAffine.offset !== undefined || withAffine.multiplier !== undefined) constraint = { kind: 'affine', offset: q('offset', withAffine.offset), multiplier: q('multiplier', withAffine.multiplier) };
    return { arrayDims, element: element as ElementTypeName, sizes, constraint };
  }

  declaration(name: string, fields: DeclareFields | DeclarationFields, value: Expr | null, path: JsonPath): Statement {
    const type = this.declaredType(fields, path);
    this.declare(name, fields);
    return { kind: 'declaration', name, nameSpan: NOWHERE, type, value, span: NOWHERE };
  }

  printable(item: PrintItem, path: JsonPath): Printable {
    if (typeof item === 'string') return this.expression(item, path);
    if (/["\n\r]/.test(item.text)) throw refuse(path, 'a Stan string cannot hold a double quote or a line break');
    return { kind: 'string', value: item.text, span: NOWHERE };
  }

  statements(list: readonly SpecStatement[], path: JsonPath): Statement[] {
    return list.map((s, k) => this.statement(s, [...path, k]));
  }

  statement(s: SpecStatement, path: JsonPath): Statement {
    const e = (key: string, text: string | number): Expr => this.expression(text, [...path, key]);
    if ('sample' in s) {
      const lhs = e('sample', s.sample);
      const args = s.args.map((a, k) => this.expression(a, [...path, 'args', k]));
      if (s.censor !== undefined) {
        // Stan writes a censored observation as its log CDF (left) or log complementary CDF (right).
        const callee = `${s.distribution}_${s.censor === 'left' ? 'lcdf' : 'lccdf'}`;
        return { kind: 'target', value: { kind: 'call', callee, calleeSpan: NOWHERE, args: [lhs, ...args], bar: true, span: NOWHERE }, span: NOWHERE };
      }
      const t = s.truncate;
      const truncation = t === undefined ? null : { lower: t.lower === undefined ? null : e('truncate', t.lower), upper: t.upper === undefined ? null : e('truncate', t.upper) };
      return { kind: 'sample', lhs, distribution: s.distribution, distributionSpan: NOWHERE, args, truncation, span: NOWHERE };
    }
    if ('target' in s) return { kind: 'target', value: e('target', s.target), span: NOWHERE };
    if ('declare' in s || 'local' in s) {
      const name = 'declare' in s ? s.declare : s.local;
      const value = s.value === undefined ? null : e('value', s.value);
      return this.declaration(name, s, value, path);
    }
    if ('assign' in s) return { kind: 'assign', target: e('assign', s.assign), op: s.op ?? '=', value: e('value', s.value), span: NOWHERE };
    if ('for' in s) {
      if (s.in !== undefined) return { kind: 'foreach', variable: s.for, variableSpan: NOWHERE, collection: e('in', s.in), body: this.statements(s.body, [...path, 'body']), span: NOWHERE };
      this.scope.set(s.for, { element: 'scalar', arrayDims: 0 });
      return { kind: 'for', variable: s.for, variableSpan: NOWHERE, lower: e('from', s.from!), upper: e('to', s.to!), body: this.statements(s.body, [...path, 'body']), span: NOWHERE };
    }
    if ('while' in s) return { kind: 'while', condition: e('while', s.while), body: this.statements(s.body, [...path, 'body']), span: NOWHERE };
    if ('if' in s) return { kind: 'if', condition: e('if', s.if), then: this.statements(s.then, [...path, 'then']), else: s.else === undefined ? null : this.statements(s.else, [...path, 'else']), span: NOWHERE };
    if ('block' in s) return { kind: 'block', body: this.statements(s.block, [...path, 'block']), span: NOWHERE };
    if ('print' in s) return { kind: 'print', args: s.print.map((p, k) => this.printable(p, [...path, 'print', k])), span: NOWHERE };
    if ('reject' in s) return { kind: 'reject', args: s.reject.map((p, k) => this.printable(p, [...path, 'reject', k])), span: NOWHERE };
    if ('fatal_error' in s) return { kind: 'fatal_error', args: s.fatal_error.map((p, k) => this.printable(p, [...path, 'fatal_error', k])), span: NOWHERE };
    if ('return' in s) return { kind: 'return', value: s.return === null ? null : e('return', s.return), span: NOWHERE };
    if ('call' in s) {
      const call = e('call', s.call);
      if (call.kind !== 'call') throw refuse([...path, 'call'], 'a call statement holds a call, such as "foo(x, y)"');
      return { kind: 'call', call, span: NOWHERE };
    }
    return { kind: 'break' in s ? 'break' : 'continue', span: NOWHERE };
  }

  /** The functions section as Stan's functions block (null when there are none). */
  functions(record: ModelSpec['functions']): FunctionsBlock | null {
    const entries = Object.entries(record);
    if (entries.length === 0) return null;
    const unsized = (t: { type: UnsizedElement; array?: number | undefined }): UnsizedType => ({ element: t.type, arrayDims: t.array ?? 0 });
    const definitions = entries.flatMap(([name, entry]) =>
      definitionsOf(name, entry).map(({ definition: f, path }): FunctionDefinition => {
        // A body sees its arguments only: their shapes for its literals, then the program's again.
        const outer = new Map(this.scope);
        const parameters = f.args.map((a) => {
          this.scope.set(a.name, { element: elementShape(a.type), arrayDims: a.array ?? 0 });
          return { name: a.name, nameSpan: NOWHERE, type: unsized(a), dataOnly: a.data === true, span: NOWHERE };
        });
        const returnType = f.returns === 'void' ? 'void' : unsized(typeof f.returns === 'string' ? { type: f.returns } : f.returns);
        const body = this.statements(f.body, [...path, 'body']);
        this.scope.clear();
        for (const [key, shape] of outer) this.scope.set(key, shape);
        return { name, nameSpan: NOWHERE, returnType, parameters, body, span: NOWHERE };
      }),
    );
    return { definitions, span: NOWHERE };
  }

  /** data and parameters: one declaration per name. */
  declarations(record: Readonly<Record<string, DeclarationFields>>, key: string): Block {
    return { statements: Object.entries(record).map(([name, fields]) => this.declaration(name, fields, null, [key, name])), span: NOWHERE };
  }

  /** A computed block: the short form (a declaration with its value, or a draw, per name) or statements. */
  computed(block: ModelSpec['transformed_data'] | ModelSpec['generated_quantities'], key: string): Block | null {
    if (Array.isArray(block)) return block.length === 0 ? null : { statements: this.statements(block, [key]), span: NOWHERE };
    const entries = Object.entries(block as Record<string, DeclarationFields & { value?: string; sample?: { distribution: string; args: string[] } }>);
    if (entries.length === 0) return null;
    const statements = entries.map(([name, fields]) => {
      const path = [key, name];
      const value: Expr =
        fields.value !== undefined
          ? this.expression(fields.value, [...path, 'value'])
          : { kind: 'call', callee: `${fields.sample!.distribution}_rng`, calleeSpan: NOWHERE, args: fields.sample!.args.map((a, k) => this.expression(a, [...path, 'sample', 'args', k])), bar: false, span: NOWHERE };
      return this.declaration(name, fields, value, path);
    });
    return { statements, span: NOWHERE };
  }
}

function numberExpr(value: number): Expr {
  const literal: Expr = { kind: 'number', value: Math.abs(value), integer: Number.isInteger(value), span: NOWHERE };
  return value < 0 ? { kind: 'negate', operand: literal, span: NOWHERE } : literal;
}

/** Whether a row of a matrix literal is a column vector (to be transposed in Stan) or a row vector. */
function rowShape(x: Expr, scope: ReadonlyMap<string, DeclaredShape>): 'vector' | 'row_vector' | undefined {
  if (x.kind === 'transpose') return 'row_vector';
  if (x.kind === 'name') {
    const declared = scope.get(x.name);
    if (declared?.arrayDims === 0 && (declared.element === 'vector' || declared.element === 'row_vector')) return declared.element;
  }
  return undefined;
}

/** The Stan program of a JSON model spec (an object or JSON text); throws SpecError (with JSON paths) for a spec that is invalid or has no Stan form. */
export function specToStan(specJson: unknown): string {
  const input = typeof specJson === 'string' ? (JSON.parse(specJson) as unknown) : specJson;
  const parsed = ModelSpec.safeParse(input);
  if (!parsed.success) throw new SpecError(parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message })));
  const spec = parsed.data;
  const w = new Writer();
  const functions = w.functions(spec.functions);
  const data = w.declarations(spec.data, 'data');
  const transformedData = w.computed(spec.transformed_data, 'transformed_data');
  const parameters = w.declarations(spec.parameters, 'parameters');
  const transformedParameters = w.computed(spec.transformed_parameters, 'transformed_parameters');
  const model: Block = { statements: w.statements(spec.model, ['model']), span: NOWHERE };
  const generatedQuantities = w.computed(spec.generated_quantities, 'generated_quantities');
  const program: StanProgram = {
    functions,
    data: data.statements.length === 0 ? null : data,
    transformedData,
    parameters,
    transformedParameters,
    model,
    generatedQuantities,
    source: { fileName: `${spec.name ?? 'model'}.stan`, text: '' },
  };
  return `${commentLines(spec.description)}${formatStan(program)}`;
}
