import { FunctionNames, UnavailableInput, emitExpressions, type InputCode } from '../codegen/emit.js';
import { Adjoints, gradientExpressions } from '../scalar/differentiate.js';
import type { ScalarExpr } from '../scalar/expr.js';
import { ADD, AND, IS_FINITE, MUL, SUB } from '../scalar/primitives.js';
import { NotCompilable } from './plan.js';
import { isDataOnly, isDataSymbol, precomputeDataTerms, sumOverData } from './precompute.js';
import { normalizeProducts } from './products.js';
import { formatNumber } from '../codegen/format.js';
import { GradientWrites, overlap, range } from './gradient-writes.js';
import { reduceDivisions } from './strength.js';
import { nonFiniteFollows } from './finite-checks.js';
import { liftInvariants, varyingNodes } from './invariant-sums.js';
import { loopStatements, sumsDeclared, unrollable } from './unroll.js';
import { symbolsOf, type GradientPlan, type ReduceItem, type ScalarAdjoint, type Stage, type SymbolInfo } from './plan.js';

// The second half of the whole-gradient compiler: the plan's stages as one JavaScript
// function `(theta, grad, R, C, B, Bt, L) => log density`. Forward stages in order; then
// the output's value; then the reverse sweep over the stages in reverse order. A
// reduction whose adjoint is a constant known before it runs (a density term of the target)
// does its reverse in its own forward loop, and neighbouring such loops over the same
// number of elements become one loop. The source holds only the templates below, the
// primitives' templates, generated names and formatted numbers.

/**
 * Decides which reductions run their reverse inside the forward loop, and merges their loops;
 * `outputAdjoints`: the output's reverse accumulation (the reverse sweep reads it again).
 */
function schedule(plan: GradientPlan, outputAdjoints: Adjoints): Stage[] {
  const usedByStages = new Set<number>();
  for (const stage of plan.stages) {
    if (stage.kind === 'reduce') for (const item of stage.items) for (const s of symbolsOf(item.condition === null ? [item.root] : [item.root, item.condition])) usedByStages.add(s);
    else if (stage.kind === 'store' || stage.kind === 'scalar') for (const s of symbolsOf([stage.root])) usedByStages.add(s);
    else if (stage.kind === 'pack') for (const s of symbolsOf(stage.exprs)) usedByStages.add(s);
    else for (const arg of stage.args) if (arg.kind === 'scalar') usedByStages.add(arg.symbol);
  }
  const candidates = plan.stages.flatMap((s) => (s.kind === 'reduce' ? s.items : [])).filter((item) => !usedByStages.has(item.output));
  const factors = outputAdjoints.of(candidates.map((item) => item.output)).partials;
  candidates.forEach((item, k) => {
    const factor = factors[k];
    if (factor !== null && factor !== undefined && factor.kind === 'constant') {
      item.fusedFactor = factor;
      (plan.symbols[item.output] as { adjoint: ScalarAdjoint }).adjoint = { kind: 'none' };
    }
  });
  const merged: Stage[] = [];
  for (const stage of plan.stages) {
    const previous = merged[merged.length - 1];
    const fused = stage.kind === 'reduce' && stage.items.every((i) => i.fusedFactor !== null);
    if (fused && previous !== undefined && previous.kind === 'reduce' && previous.size === stage.size && previous.items.every((i) => i.fusedFactor !== null)) {
      previous.items.push(...stage.items);
    } else merged.push(stage.kind === 'reduce' ? { ...stage, items: [...stage.items] } : stage);
  }
  return merged;
}

class Emitter {
  readonly lines: string[] = [];
  readonly names = new FunctionNames();
  /** Codes of expression nodes computed at function scope (visible to all later code; emitExpressions adds to it). */
  readonly scope = new Map<number, string>();
  private accumulators = 0;

  constructor(
    readonly plan: GradientPlan,
    /** Which gradient writes assign (null: the value-only function writes none). */
    readonly writes: GradientWrites | null,
  ) {}

  /** How each symbol reads, in a loop or outside one (kept, and extended as symbols are added). */
  private readonly inputCodes: { loop: InputCode[]; straight: InputCode[] } = { loop: [], straight: [] };

  inputs(loop: boolean): InputCode[] {
    const codes = loop ? this.inputCodes.loop : this.inputCodes.straight;
    const symbols = this.plan.symbols;
    for (let k = codes.length; k < symbols.length; k++) {
      const s = symbols[k]!;
      if (s.kind === 'scalar') codes.push({ code: s.code, invariant: true });
      else if (!loop) codes.push({ code: null, invariant: true });
      else codes.push({ code: `${s.array.name}[${position(s.array.offset, s.index)}]`, invariant: false });
    }
    return codes;
  }

  /** A new local accumulator's name (q0, q1, ...). */
  accumulator(): string {
    return `q${this.accumulators++}`;
  }

  /** Statements computing `roots` at function scope (outside any loop). */
  straight(roots: readonly ScalarExpr[]): string[] {
    let emitted;
    try {
      emitted = emitExpressions(roots, this.inputs(false), this.names, this.scope);
    } catch (error) {
      // An element read belongs in a loop: one here is a planning error; the caller keeps the interpreter.
      if (error instanceof UnavailableInput) throw new NotCompilable('an element of an array is read outside a loop');
      throw error;
    }
    // One statement at a time: a spread of tens of thousands of lines is as many call arguments.
    for (const line of emitted.hoisted) this.lines.push(line);
    for (const line of emitted.body) this.lines.push(line);
    return emitted.results;
  }

  /** Symbols of `roots` whose adjoints go somewhere. */
  differentiable(roots: readonly ScalarExpr[]): number[] {
    return symbolsOf(roots).filter((s) => hasAdjoint(this.plan.symbols[s]!));
  }

  /** The gradient positions an element symbol's adjoint writes (one per loop iteration), or null if not the gradient's. */
  gradientCells(symbol: number): { cells: ArrayLike<number>; distinct: boolean } | null {
    const info = this.plan.symbols[symbol]!;
    if (info.kind !== 'element' || info.array.adjoint === null || info.array.adjoint.name !== 'grad') return null;
    const offset = info.array.adjoint.offset;
    if (info.index === null) return { cells: range(offset, info.size), distinct: true };
    const indices = this.plan.indexArrays[Number(info.index.slice(1))]!;
    const cells = Int32Array.from(indices, (i) => offset + i);
    return { cells, distinct: new Set(cells).size === cells.length };
  }

  /**
   * `target += code` for a symbol's adjoint (inside a loop for element symbols), or
   * `target = code` for the gradient's cells nothing wrote before (see GradientWrites);
   * `alone`: no other write of the same loop body touches the cells.
   */
  add(symbol: number, code: string, alone = true): string | null {
    const info = this.plan.symbols[symbol]!;
    if (info.kind === 'element') {
      const adjoint = info.array.adjoint;
      if (adjoint === null) return null;
      const target = this.gradientCells(symbol);
      const operator = target === null ? '+=' : this.gradientWrite(target.cells, target.distinct, alone);
      return `${adjoint.name}[${position(adjoint.offset, info.index)}] ${operator} ${code};`;
    }
    const a = info.adjoint;
    if (a.kind === 'none') return null;
    if (a.kind === 'local') return `${a.name} += ${code};`;
    const operator = a.array === 'grad' ? this.gradientWrite([a.index], true, true) : '+=';
    return `${a.array}[${a.index}] ${operator} ${code};`;
  }

  /** Writes of the gradient whose operator waits for the emission order (see resolveWrites). */
  private readonly pendingWrites: { readonly cells: ArrayLike<number>; readonly distinct: boolean; readonly alone: boolean }[] = [];

  /**
   * The operator of a write of the gradient's `cells`: a placeholder, decided by
   * resolveWrites once every line is in place. Lines are not emitted in the order add() is
   * called (a fused loop's per-element writes are added after the sums that follow the loop),
   * and whether a write may assign depends on what the lines before it wrote.
   */
  private gradientWrite(cells: ArrayLike<number>, distinct: boolean, alone: boolean): string {
    if (this.writes === null) return '+=';
    this.pendingWrites.push({ cells, distinct, alone });
    return `\u0000${this.pendingWrites.length - 1}\u0000`;
  }

  /**
   * Replaces each write's placeholder by `=` or `+=`, deciding in the order of the lines
   * (which is execution order). A placeholder met again is the same write in another copy
   * of its loop's body (unroll.ts), which covers part of the same cells: it keeps the
   * first decision.
   */
  resolveWrites(): void {
    const writes = this.writes;
    if (writes === null) return;
    const decided = new Map<string, string>();
    for (let k = 0; k < this.lines.length; k++) {
      if (this.lines[k]!.indexOf('\u0000') < 0) continue;
      this.lines[k] = this.lines[k]!.replace(/\u0000(\d+)\u0000/g, (_, id: string) => {
        let operator = decided.get(id);
        if (operator === undefined) {
          const write = this.pendingWrites[Number(id)]!;
          operator = writes.assign(write.cells, write.distinct, write.alone) ? '=' : '+=';
          decided.set(id, operator);
        }
        return operator;
      });
    }
  }

  /**
   * A loop over `size` elements: `values` (code per root) consumed by `each`, and the
   * partials of `weighted` (an expression whose gradient is the reverse contribution)
   * added to the adjoints: per element for element symbols, summed for the others.
   */
  loop(size: number, roots: readonly ScalarExpr[], weighted: ScalarExpr | null, each: (results: readonly string[]) => string[], before: string[] = [], after: string[] = []): void {
    const symbols = weighted === null ? [] : this.differentiable([weighted]);
    const partials = weighted === null ? [] : gradientExpressions(this.plan.builder, weighted, symbols);
    const precomputed = precomputeDataTerms(this.plan, [...roots, ...partials.map((p) => p ?? fail())], size);
    // Signs outward and data factors gathered (products.ts), their data products precomputed in turn.
    const isData = (node: ScalarExpr): boolean => node.kind === 'input' && isDataSymbol(this.plan, node.index, size);
    const normalized = precomputeDataTerms(this.plan, normalizeProducts(this.plan.builder, precomputed, isData), size);
    const varies = (input: number): boolean => this.plan.symbols[input]?.kind === 'element';
    const all = reduceDivisions(this.plan.builder, normalized, varies);
    // Scalars' summed partials: factors and terms fixed along the loop applied once after it (invariant-sums.ts).
    const varying = varyingNodes(all, varies);
    const lifted = symbols.map((symbol, k) => {
      if (this.plan.symbols[symbol]!.kind === 'element') return null;
      const split = liftInvariants(this.plan.builder, all[roots.length + k]!, varying);
      if (split !== null) all[roots.length + k] = split.varying;
      return split;
    });
    const emitted = emitExpressions(all, this.inputs(true), this.names, this.scope);
    const contributions: string[] = [];
    const sums: (() => string | null)[] = [];
    // Gradient cells each element write of this loop body touches: one that shares a cell with another adds.
    const cells = symbols.map((symbol) => this.gradientCells(symbol)?.cells ?? null);
    const alone = (k: number): boolean => cells.every((other, m) => m === k || other === null || !overlap(cells[k]!, other));
    symbols.forEach((symbol, k) => {
      const code = emitted.results[roots.length + k]!;
      if (this.plan.symbols[symbol]!.kind === 'element') {
        const line = this.add(symbol, code, cells[k] === null || alone(k));
        if (line !== null) contributions.push(line);
      } else {
        const name = this.accumulator();
        before.push(`let ${name} = 0;`);
        contributions.push(`${name} += ${code};`);
        const split = lifted[k];
        sums.push(() => this.add(symbol, split === null || split === undefined ? name : this.straight([split.total(this.adjointExpr(name), size)])[0]!));
      }
    });
    this.lines.push(...emitted.hoisted, ...before);
    this.lines.push(...loopStatements(size, [...emitted.body, ...each(emitted.results), ...contributions], sumsDeclared(before), unrollable(size, roots)));
    for (const sum of sums) {
      const line = sum();
      if (line !== null) this.lines.push(line);
    }
    this.lines.push(...after);
  }

  /** Contributions of a straight-line expression `weighted` to its symbols' adjoints (`adjoints`: its reverse accumulation, if done). */
  reverseStraight(weighted: ScalarExpr, adjoints?: Adjoints): void {
    // Its symbols as differentiable([weighted]) lists them: the accumulation's inputs, in the same order.
    const symbols = adjoints === undefined ? this.differentiable([weighted]) : adjoints.inputs.filter((s) => hasAdjoint(this.plan.symbols[s]!));
    const partials = (adjoints ?? new Adjoints(this.plan.builder, weighted)).of(symbols).partials;
    const codes = this.straight(partials.map((p) => p ?? fail()));
    symbols.forEach((symbol, k) => {
      const line = this.add(symbol, codes[k]!);
      if (line !== null) this.lines.push(line);
    });
  }

  /**
   * `if (!Number.isFinite(sum))`, a loop checking that every element of `args` is finite:
   * what a sum proves when it is finite (finite-checks.ts), checked where it is not. Its
   * temporaries live in the block: nothing after it reads them.
   */
  deferredFiniteCheck(size: number, sum: string, args: readonly ScalarExpr[]): void {
    const scope = new Map(this.scope);
    const name = this.accumulator();
    this.lines.push(`if (!Number.isFinite(${sum})) {`, `let ${name} = 0;`);
    this.loop(size, args, null, (codes) => codes.map((code) => `${name} += ${code} - ${code};`));
    this.lines.push(`valid = valid && ${name} === 0;`, '}');
    this.scope.clear();
    for (const [id, code] of scope) this.scope.set(id, code);
  }

  /** An adjoint accumulator as an expression (a symbol read as a number). */
  adjointExpr(name: string): ScalarExpr {
    const index = this.plan.symbols.length;
    this.plan.symbols.push({ kind: 'scalar', code: name, adjoint: { kind: 'none' } });
    return this.plan.builder.input(index);
  }

  /** An adjoint buffer's element as an expression (inside a loop). */
  adjointElement(name: string, size: number): ScalarExpr {
    const index = this.plan.symbols.length;
    this.plan.symbols.push({ kind: 'element', array: { name, offset: 0, adjoint: null, tensorCode: '', shape: [size] }, size, index: null });
    return this.plan.builder.input(index);
  }
}

/** Element j (or index[j]) of an array starting at `offset`. */
function position(offset: number, index: string | null): string {
  const at = index === null ? 'j' : `${index}[j]`;
  return offset === 0 ? at : `${formatNumber(offset)} + ${at}`;
}

const hasAdjoint = (s: SymbolInfo): boolean => (s.kind === 'element' ? s.array.adjoint !== null : s.adjoint.kind !== 'none');

function fail(): never {
  throw new Error('compiled gradient: an expression on the way to the output is not differentiable');
}

function weightedSum(plan: GradientPlan, terms: readonly [ScalarExpr, ScalarExpr][]): ScalarExpr | null {
  let total: ScalarExpr | null = null;
  for (const [weight, root] of terms) {
    const term = plan.builder.apply(MUL, [weight, root]);
    total = total === null ? term : plan.builder.apply(ADD, [total, term]);
  }
  return total;
}

/**
 * A summed term split into the part that changes with θ, a constant factor, and the sum over the loop of its
 * additive data-only terms (a density's normalising constant, −log σ_j of a data scale):
 * Σ_j (u_j − d_j) = Σ_j u_j − Σ_j d_j, with Σ_j d_j computed once at compile time rather
 * than added element by element at every evaluation.
 */
function splitConstantTerms(
  plan: GradientPlan,
  root: ScalarExpr,
  size: number,
  fixed: (e: ScalarExpr) => boolean,
): { varying: ScalarExpr; factor: number; constant: number; lifted: { readonly expr: ScalarExpr; readonly sign: 1 | -1 }[] } {
  let varying = root;
  let constant = 0;
  // Terms the same for every element but not data (−log σ of a broadcast scale): Σ_j (u_j − k) = Σ_j u_j − n·k.
  const lifted: { expr: ScalarExpr; sign: 1 | -1 }[] = [];
  for (;;) {
    if (varying.kind !== 'apply' || (varying.fn !== ADD && varying.fn !== SUB)) break;
    const [left, right] = varying.args as [ScalarExpr, ScalarExpr];
    if (isDataOnly(plan, right, size)) {
      const sum = sumOverData(plan, right, size);
      constant = varying.fn === ADD ? constant + sum : constant - sum;
      varying = left;
    } else if (varying.fn === ADD && isDataOnly(plan, left, size)) {
      constant += sumOverData(plan, left, size);
      varying = right;
    } else if (fixed(right)) {
      lifted.push({ expr: right, sign: varying.fn === ADD ? 1 : -1 });
      varying = left;
    } else if (varying.fn === ADD && fixed(left)) {
      lifted.push({ expr: left, sign: 1 });
      varying = right;
    } else break;
  }
  // Σ_j k·u_j = k·Σ_j u_j: a constant factor (the −½ of a normal's log density) once, after the loop.
  let factor = 1;
  if (varying.kind === 'apply' && varying.fn === MUL) {
    const [left, right] = varying.args as [ScalarExpr, ScalarExpr];
    if (left.kind === 'constant' && right.kind !== 'constant') [factor, varying] = [left.value, right];
    else if (right.kind === 'constant' && left.kind !== 'constant') [factor, varying] = [right.value, left];
  }
  return { varying, factor, constant, lifted };
}

/** The conjuncts of a 0/1 condition (a && b && ...). */
function conjuncts(condition: ScalarExpr): ScalarExpr[] {
  return condition.kind === 'apply' && condition.fn === AND ? condition.args.flatMap(conjuncts) : [condition];
}

function forwardReduce(emitter: Emitter, stage: Stage & { kind: 'reduce' }, withReverse: boolean): void {
  const { plan } = emitter;
  const items = stage.items;
  const roots: ScalarExpr[] = [];
  const after: string[] = [];
  const before = items.map((item) => `let ${item.name} = 0;`);
  // Checks that need no loop (of broadcast scalars: a scale's sign) run once, before it.
  const varies = (c: ScalarExpr): boolean => symbolsOf([c]).some((s) => plan.symbols[s]!.kind === 'element');
  // Finiteness checks the item's sum proves when finite (see finite-checks.ts): run after the loop, only when it is not.
  const deferred: { name: string; arguments: ScalarExpr[] }[] = [];
  // Per item: how many roots its checks take, and which are finiteness checks.
  const checks = items.map((item) => {
    const { varying, factor, constant, lifted } = splitConstantTerms(plan, item.root, stage.size, (e) => !varies(e));
    roots.push(varying);
    if (factor !== 1) after.push(`${item.name} = ${formatNumber(factor)} * ${item.name};`);
    if (constant !== 0) after.push(`${item.name} += ${formatNumber(constant)};`);
    if (lifted.length > 0) {
      const codes = emitter.straight(lifted.map((l) => l.expr));
      lifted.forEach(({ sign }, k) => after.push(`${item.name} ${sign === 1 ? '+=' : '-='} ${formatNumber(stage.size)} * ${codes[k]};`));
    }
    if (item.condition === null) return [];
    const proved: ScalarExpr[] = [];
    const perElement = conjuncts(item.condition).filter((c) => {
      if (!varies(c)) {
        const [code] = emitter.straight([c]);
        emitter.lines.push(`valid = valid && ${code};`);
        return false;
      }
      const finite = c.kind === 'apply' && c.fn === IS_FINITE;
      if (finite && nonFiniteFollows(varying, c.args[0]!)) {
        proved.push(c.args[0]!);
        return false;
      }
      return true;
    });
    if (proved.length > 0) deferred.push({ name: item.name, arguments: proved });
    // isFinite(x) per element as a running sum of x − x: 0 while every x is finite, NaN from the
    // first that is not (NaN stays NaN), checked once after the loop, with no branch per element.
    return perElement.map((c) => {
      const finite = c.kind === 'apply' && c.fn === IS_FINITE;
      roots.push(finite ? c.args[0]! : c);
      if (!finite) return null;
      const name = emitter.accumulator();
      before.push(`let ${name} = 0;`);
      after.push(`valid = valid && ${name} === 0;`);
      return name;
    });
  });
  const fusedTerms = withReverse ? items.filter((i) => i.fusedFactor !== null).map((i): [ScalarExpr, ScalarExpr] => [i.fusedFactor!, i.root]) : [];
  emitter.loop(stage.size, roots, weightedSum(plan, fusedTerms), (results) => {
    const lines: string[] = [];
    let r = 0;
    items.forEach((item, k) => {
      lines.push(`${item.name} += ${results[r++]};`);
      for (const finite of checks[k]!) {
        const code = results[r++]!;
        lines.push(finite === null ? `valid = valid && ${code};` : `${finite} += ${code} - ${code};`);
      }
    });
    return lines;
  }, before);
  for (const { name, arguments: args } of deferred) emitter.deferredFiniteCheck(stage.size, name, args);
  emitter.lines.push(...after);
}

function forward(emitter: Emitter, stage: Stage, withReverse: boolean): void {
  const { lines } = emitter;
  switch (stage.kind) {
    case 'reduce':
      forwardReduce(emitter, stage, withReverse);
      return;
    case 'store':
      emitter.loop(stage.size, [stage.root], null, ([value]) => [`${stage.array.name}[j] = ${value};`]);
      return;
    case 'scalar': {
      const [value] = emitter.straight([stage.root]);
      lines.push(`const ${stage.name} = ${value};`);
      return;
    }
    case 'pack': {
      const values = emitter.straight(stage.exprs);
      values.forEach((value, k) => lines.push(`${stage.array.name}[${k}] = ${value};`));
      return;
    }
    case 'opaque': {
      stage.args.forEach((arg, j) => {
        if (arg.kind === 'scalar') lines.push(`R.setArg(${stage.node}, ${j}, ${(emitter.plan.symbols[arg.symbol] as { code: string }).code});`);
        else if (arg.kind === 'tensor') lines.push(`R.setArg(${stage.node}, ${j}, ${arg.array.tensorCode});`);
      });
      lines.push(`const o${stage.node} = R.forward(${stage.node});`);
      if (stage.output.kind === 'tensor') lines.push(`const ${stage.output.array.name} = o${stage.node}.data;`);
    }
  }
}

function reverse(emitter: Emitter, stage: Stage): void {
  const { plan, lines } = emitter;
  switch (stage.kind) {
    case 'reduce': {
      const terms = stage.items.filter((i) => i.fusedFactor === null).map((i): [ScalarExpr, ScalarExpr] => [emitter.adjointExpr(`a${i.name}`), i.root]);
      if (terms.length > 0) emitter.loop(stage.size, [], weightedSum(plan, terms), () => []);
      return;
    }
    case 'store': {
      const adjoint = stage.array.adjoint!;
      emitter.loop(stage.size, [], plan.builder.apply(MUL, [emitter.adjointElement(adjoint.name, stage.size), stage.root]), () => []);
      return;
    }
    case 'scalar':
      emitter.reverseStraight(plan.builder.apply(MUL, [emitter.adjointExpr(`a${stage.name}`), stage.root]));
      return;
    case 'pack': {
      const adjoint = stage.array.adjoint!;
      const terms = stage.exprs.map((expr, k): [ScalarExpr, ScalarExpr] => [emitter.adjointExpr(`${adjoint.name}[${k}]`), expr]);
      const weighted = weightedSum(plan, terms);
      if (weighted !== null) emitter.reverseStraight(weighted);
      return;
    }
    case 'opaque': {
      const g = stage.output.kind === 'scalar' ? `a${stage.output.name}` : `Bt[${stage.output.adjointBuffer}]`;
      stage.args.forEach((arg, j) => {
        if (arg.kind === 'scalar') {
          const line = emitter.add(arg.symbol, `R.scalar(R.vjp(${stage.node}, ${j}, ${g}))`);
          if (line !== null) lines.push(line);
        } else if (arg.kind === 'tensor' && arg.array.adjoint !== null) {
          if (arg.array.adjoint.name === 'grad') emitter.writes?.addsAnywhere();
          lines.push(`R.addInto(R.vjp(${stage.node}, ${j}, ${g}), ${arg.array.adjoint.name}, ${arg.array.adjoint.offset});`);
        }
      });
    }
  }
}

/**
 * The generated factory's source, for `makeFunction` (given the runtime functions, then
 * FACTORY_PARAMETERS), which returns the function `(theta, grad) => log density`: the log
 * density and gradient, or (`withReverse` false) the log density alone, computed by the
 * same loops in the same order: equal to rounding, though not always bit for bit
 * (test/ad/compile/lazy-value.test.ts).
 */
export function emitGradient(plan: GradientPlan, gradientSize: number, withReverse = true): { readonly source: string; readonly runtime: { names: string[]; values: unknown[] } } {
  // The output's adjoints, once: for the sums' constant factors here, and for the reverse sweep.
  const outputAdjoints = new Adjoints(plan.builder, plan.output);
  const stages = schedule(plan, outputAdjoints);
  const writes = withReverse ? new GradientWrites(gradientSize) : null;
  const emitter = new Emitter(plan, writes);
  const { lines } = emitter;
  if (withReverse) for (const k of plan.adjointBuffers) lines.push(`b${k}.fill(0);`);
  for (const { name, offset } of plan.scalarLeaves) lines.push(`const ${name} = theta[${offset}];`);
  if (withReverse) for (const s of plan.symbols) if (s.kind === 'scalar' && s.adjoint.kind === 'local') lines.push(`let ${s.adjoint.name} = 0;`);
  lines.push('let valid = true;');
  for (const stage of stages) forward(emitter, stage, withReverse);
  const [value, ...conditions] = emitter.straight([plan.output, ...plan.conditions]);
  lines.push(`const value = ${value};`);
  for (const c of conditions) lines.push(`valid = valid && ${c};`);
  if (!withReverse) {
    lines.push('return valid ? value : -Infinity;');
    return finish(emitter);
  }
  lines.push('if (!valid) { grad.fill(0); return -Infinity; }');
  emitter.reverseStraight(plan.output, outputAdjoints);
  for (let s = stages.length - 1; s >= 0; s--) reverse(emitter, stages[s]!);
  lines.push('return value;');
  emitter.resolveWrites();
  // The cells no line assigns are zeroed first (all of them, where every write adds).
  lines.unshift(...writes!.zeroing());
  return finish(emitter);
}

/** What the generated factory is given besides the runtime functions: its parameters' names, in order. */
export const FACTORY_PARAMETERS = ['R', 'C', 'B', 'Bt', 'L', 'K'] as const;

function finish(emitter: Emitter): { readonly source: string; readonly runtime: { names: string[]; values: unknown[] } } {
  // Data arrays (including those precomputed while the loops were emitted) and buffers are
  // read once, when the function is made, into locals the function closes over: a call
  // passes θ and the gradient alone (the fixed cost of each evaluation is a small model's whole budget).
  const { plan } = emitter;
  const bound = [
    ...plan.constants.map((_, k) => `const c${k} = C[${k}];`),
    ...plan.indexArrays.map((_, k) => `const k${k} = K[${k}];`),
    ...plan.buffers.map((_, k) => `const b${k} = B[${k}];`),
  ];
  const runtime = emitter.names.runtimeParameters();
  const source = `${bound.join('\n')}\nreturn function gradient(theta, grad) {\n${emitter.lines.join('\n')}\n};`;
  return { source, runtime: { names: [...runtime.names, ...FACTORY_PARAMETERS], values: runtime.values } };
}
