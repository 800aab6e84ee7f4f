import type { JsonObject } from './corpus.js';
import { appendStatement, blockRecord, declaredData, family, type Family, type Target } from './family.js';
import type { Picker } from './picker.js';
import { declarations, declaredNames, expressionSlots, isObject, setSlot, slotValue, statementLists, type Slot } from './spec-walk.js';

// Mutations of expression strings: nesting far past the depth limit and well inside it, long
// flat chains, code-like text, unknown names and functions, bad indices and bounds, control
// characters.

/** An expression slot of the spec, optionally only those outside loops and branches. */
function anySlot(target: Target, pick: Picker, topLevelOnly = false): Slot | undefined {
  return pick.pick(expressionSlots(target.spec).filter((s) => !topLevelOnly || !s.nested));
}

/** Replaces one expression by `rewrite(expression)`; the description names the place. */
function rewrite(target: Target, pick: Picker, how: string, change: (source: string) => string, topLevelOnly = false): string | undefined {
  const slot = anySlot(target, pick, topLevelOnly);
  if (slot === undefined) return undefined;
  setSlot(slot, change(slotValue(slot) as string));
  return `${slot.path.join('.')}: ${how}`;
}

const CODE = [
  'process.exit(1)',
  'require("fs").rmSync("x")',
  'constructor.constructor("return process")()',
  'this',
  'globalThis',
  '__proto__',
  'x => x',
  '${mu}',
  '`ls`',
  'eval("1")',
  'Function("return 1")()',
  'import("fs")',
  'new Date()',
  'a = 1',
  '1; 2',
  '// comment',
  '[].constructor',
  '0x1F',
  'NaN',
  'Infinity',
  'undefined',
  'valueOf()',
  'toString',
  'hasOwnProperty("x")',
  "'text'",
  '"text"',
  'a.b',
  '<script>',
];

const CALLS = ['exp', 'log1p', 'fabs', 'sum', 'inv_logit', 'sqrt', 'square'];

/** Data vectors (and int arrays) with their lengths, for indices just outside them. */
function dataVectors(target: Target): { name: string; length: number; matrix: boolean }[] {
  return declaredData(target, ['vector', 'int_array', 'matrix'])
    .filter((d) => Array.isArray(d.value))
    .map((d) => ({ name: d.name, length: (d.value as unknown[]).length, matrix: d.declaration['type'] === 'matrix' }));
}

/** A real, vector or matrix parameter, for bounds. */
function boundableParameter(spec: JsonObject, pick: Picker): [string, JsonObject] | undefined {
  const record = spec['parameters'];
  if (!isObject(record)) return undefined;
  return pick.pick(Object.entries(record).filter(([, d]) => isObject(d) && ['real', 'vector', 'matrix'].includes(String(d['type']))) as [string, JsonObject][]);
}

export const expressionFamilies: readonly Family[] = [
  family('deep-parentheses', true, (t, p) => {
    const k = p.between(100, 2000);
    return rewrite(t, p, `${k} parentheses`, (e) => `${'('.repeat(k)}${e}${')'.repeat(k)}`);
  }),
  family('shallow-parentheses', false, (t, p) => {
    const k = p.between(1, 40);
    return rewrite(t, p, `${k} parentheses`, (e) => `${'('.repeat(k)}${e}${')'.repeat(k)}`);
  }),
  family('deep-calls', true, (t, p) => {
    const k = p.between(101, 3000);
    const f = p.pick(CALLS)!;
    return rewrite(t, p, `${k} nested ${f}(...)`, (e) => `${`${f}(`.repeat(k)}${e}${')'.repeat(k)}`);
  }),
  family('deep-unary', true, (t, p) => {
    const k = 2 * p.between(51, 5000);
    const op = p.pick(['-', '+', '- '])!;
    return rewrite(t, p, `${k} prefix '${op.trim()}'`, (e) => `${op.repeat(k)}(${e})`);
  }),
  family('deep-postfix', true, (t, p) => {
    const k = 2 * p.between(51, 5000);
    return rewrite(t, p, `${k} transposes`, (e) => `(${e})${"''".repeat(k / 2)}`);
  }),
  family('deep-conditional', true, (t, p) => {
    const k = p.between(101, 3000);
    return rewrite(t, p, `${k} nested '? :'`, (e) => `${'1 ? '.repeat(k)}(${e})${` : (${e})`.repeat(k)}`);
  }),
  family('long-chain', false, (t, p) => {
    if (p.chance(50)) {
      // The issue's x + x + ... + x: a scalar parameter summed 1,000 to 10,000 times.
      const n = p.between(1000, 10_000);
      const scalars = declarations(t.spec, 'parameters').filter(([, d]) => d['type'] === 'real');
      const term = p.pick(scalars)?.[0] ?? '1';
      appendStatement(t.spec, { target: `1e-6 * (${Array.from({ length: n }, () => term).join(p.pick([' + ', '+']))})` });
      return `target += 1e-6 * (${term} + ... + ${term}), ${n} terms`;
    }
    // A chain on an expression of the spec (a vector in a likelihood costs n vector operations per evaluation).
    const n = p.between(33, 2000);
    const ops = ['+ 0', '- 0'];
    return rewrite(t, p, `a chain of ${n} terms`, (e) => `(${e}) ${Array.from({ length: n }, () => p.pick(ops)!).join(' ')}`, true);
  }),
  family('whitespace', false, (t, p) => {
    const pad = p.pick([' ', '\t', '\n', '\r\n', ' '.repeat(100_000)])!;
    return rewrite(t, p, `padded with ${JSON.stringify(pad.slice(0, 4))} x ${pad.length}`, (e) => `${pad}${e}${pad}`);
  }),
  family('code-strings', true, (t, p) => {
    const code = p.pick(CODE)!;
    return rewrite(t, p, `replaced by ${JSON.stringify(code)}`, () => code);
  }),
  family('control-characters', true, (t, p) => {
    const c = p.pick(['\u0000', '\u0007', '\u001b', '\u007f', '\u2028', '\ufeff', '\u00a0'])!;
    return rewrite(t, p, `U+${c.charCodeAt(0).toString(16).padStart(4, '0')} inserted`, (e) => (p.chance(50) ? `${c}${e}` : `${e}${c}`));
  }),
  family('unknown-name', true, (t, p) => {
    const names = new Set(declaredNames(t.spec));
    return rewrite(t, p, 'a name replaced by fz_unknown', (e) => {
      const known = [...e.matchAll(/(?<![A-Za-z0-9_.])[A-Za-z_][A-Za-z0-9_]*(?![A-Za-z0-9_])(?!\s*\()/g)].filter((m) => names.has(m[0]));
      const m = p.pick(known);
      return m === undefined ? `(${e}) + fz_unknown` : `${e.slice(0, m.index)}fz_unknown${e.slice(m.index! + m[0].length)}`;
    });
  }),
  family('unknown-function', true, (t, p) => rewrite(t, p, 'wrapped in fz_nofunc(...)', (e) => `fz_nofunc(${e})`)),
  family('unknown-distribution', true, (t, p) => {
    const statements = statementLists(t.spec).flatMap(({ list }) => list.filter((s): s is JsonObject => isObject(s) && typeof s['distribution'] === 'string'));
    const statement = p.pick(statements);
    if (statement === undefined) return undefined;
    const name = p.pick(['normall', 'Normal', 'gaussian', '', '__proto__', 'constructor', 'toString', 'normal_lpdf', 'normal ', 'hasOwnProperty'])!;
    statement['distribution'] = name;
    return `distribution ${JSON.stringify(name)}`;
  }),
  family('wrong-arg-count', true, (t, p) => {
    const statements = statementLists(t.spec).flatMap(({ list }) => list.filter((s): s is JsonObject => isObject(s) && Array.isArray(s['args'])));
    const statement = p.pick(statements);
    if (statement === undefined) return undefined;
    const args = statement['args'] as string[];
    if (args.length > 0 && p.chance(50)) args.pop();
    else args.push('1');
    return `${args.length} arguments to ${String(statement['distribution'])}`;
  }),
  family('bad-index', true, (t, p) => {
    const vector = p.pick(dataVectors(t));
    if (vector === undefined) return undefined;
    const index = p.pick(['0', String(vector.length + 1), '-1', '1.5', '1e300', '2147483648'])!;
    const expression = vector.matrix ? `sum(${vector.name}[${index}])` : `${vector.name}[${index}]`;
    appendStatement(t.spec, { target: expression });
    return `target += ${expression}`;
  }),
  family('bad-bounds', true, (t, p) => {
    const parameter = boundableParameter(t.spec, p);
    if (parameter === undefined) return undefined;
    const [name, d] = parameter;
    const choice = p.int(4);
    if (choice === 0) Object.assign(d, { lower: 1, upper: 0 });
    else if (choice === 1) Object.assign(d, { lower: 2, upper: 2 });
    else if (choice === 2) d[p.pick(['lower', 'upper'])!] = '0.0 / 0';
    else d['lower'] = 'fz_no_such_name';
    return `parameters.${name} bounds ${JSON.stringify({ lower: d['lower'], upper: d['upper'] })}`;
  }),
  family('nan-bound-data', true, (t, p) => {
    const parameter = boundableParameter(t.spec, p);
    if (parameter === undefined) return undefined;
    blockRecord(t.spec, 'data')['fz_b'] = { type: 'real' };
    t.data['fz_b'] = p.pick(['NaN', 'NaN'])!;
    parameter[1][p.pick(['lower', 'upper'])!] = 'fz_b';
    return `parameters.${parameter[0]} bounded by a NaN from the data`;
  }),
  family('rng-in-model', true, (t, p) => {
    appendStatement(t.spec, { target: p.pick(['normal_rng(0, 1)', 'sum(rep_vector(uniform_rng(0, 1), 2))'])! });
    return 'a _rng function in the model block';
  }),
  family('int-division-by-zero', true, (t, p) => {
    appendStatement(t.spec, { target: p.pick(['1 %/% 0', '1 % 0', '(2 %/% (1 - 1)) * 1.0'])! });
    return 'integer division by zero';
  }),
  family('token-soup', null, (t, p) => {
    // Random sequences of the language's tokens: whatever the parser and checker make of them,
    // the answer must be a clean issue (or a valid expression).
    const names = declaredNames(t.spec);
    const tokens = ['(', ')', '[', ']', '{', '}', ',', ':', '|', '?', "'", '+', '-', '*', '/', '^', '%', '%/%', '.*', './', '==', '<=', '&&', '||', '!', '0', '1', '2.5', '1e3', 'sum', 'exp', 'normal_lpdf', 'rep_vector', ...names];
    const n = p.between(1, 14);
    const soup = Array.from({ length: n }, () => p.pick(tokens)!).join(p.pick([' ', ''])!);
    return rewrite(t, p, `replaced by ${JSON.stringify(soup)}`, () => soup);
  }),
  family('huge-number-literal', null, (t, p) => rewrite(t, p, 'a number literal of 1e308, 1e999 or 5e-324', (e) => e.replace(/\b\d+(\.\d*)?\b/, p.pick(['1e308', '1e999', '5e-324', '1.7976931348623157e308'])!))),
];
