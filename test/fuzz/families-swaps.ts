import { DISTRIBUTION_NAMES } from '../../src/language/json/distribution-registry.js';
import { SPEC_FUNCTIONS } from '../../src/language/json/functions/index.js';
import type { Json, JsonObject } from './corpus.js';
import { family, type Family, type Target } from './family.js';
import type { Picker } from './picker.js';
import { BLOCKS, declarations, declaredNames, expressionSlots, isObject, setSlot, slotValue, statementLists, type Slot } from './spec-walk.js';

// Swaps inside a valid spec: another name, function, distribution, operator, literal or
// declared type in place of the one written. The result may be valid or not (these families
// are not counted among the invalid inputs); what they exercise is the type checker and the
// kernels on arguments they were not written for: any raw exception, leaked message, hang
// or crash they provoke is a failure.

const FUNCTIONS = [...SPEC_FUNCTIONS.keys()].sort();
const OPERATORS = ['+', '-', '*', '/', '.*', './', '^', '%', '%/%', '==', '<', '&&', '||'];
const NAME = /(?<![A-Za-z0-9_.])[A-Za-z_][A-Za-z0-9_]*(?![A-Za-z0-9_])/g;

/** Replaces one regex match in a random expression with `replacement(match)`. */
function swapMatch(target: Target, pick: Picker, pattern: RegExp, filter: (match: RegExpMatchArray, source: string) => boolean, replacement: (match: string) => string | undefined): string | undefined {
  const candidates: [Slot, RegExpMatchArray][] = [];
  for (const slot of expressionSlots(target.spec)) {
    const source = slotValue(slot) as string;
    for (const m of source.matchAll(pattern)) if (filter(m, source)) candidates.push([slot, m]);
  }
  const chosen = pick.pick(candidates);
  if (chosen === undefined) return undefined;
  const [slot, m] = chosen;
  const source = slotValue(slot) as string;
  const by = replacement(m[0]);
  if (by === undefined) return undefined;
  setSlot(slot, `${source.slice(0, m.index)}${by}${source.slice(m.index! + m[0].length)}`);
  return `${slot.path.join('.')}: '${m[0]}' → '${by}'`;
}

const followedByCall = (m: RegExpMatchArray, source: string): boolean => /^\s*\(/.test(source.slice(m.index! + m[0].length));

const TYPE_SWAPS: Readonly<Record<string, readonly string[]>> = {
  real: ['vector', 'int'],
  vector: ['simplex', 'ordered', 'positive_ordered', 'cholesky_factor_corr', 'cholesky_factor_cov', 'matrix', 'real', 'int_array', 'row_vector'],
  matrix: ['vector', 'cholesky_factor_corr'],
  int: ['real', 'int_array'],
  int_array: ['vector', 'int'],
  simplex: ['vector', 'ordered'],
};

export const swapFamilies: readonly Family[] = [
  family('name-swap', null, (t, p) => {
    const names = declaredNames(t.spec);
    return swapMatch(t, p, NAME, (m, s) => names.includes(m[0]) && !followedByCall(m, s), () => p.pick(names));
  }),
  family('function-swap', null, (t, p) => swapMatch(t, p, NAME, (m, s) => SPEC_FUNCTIONS.has(m[0]) && followedByCall(m, s), () => p.pick(FUNCTIONS))),
  family('function-call', null, (t, p) => {
    const slot = p.pick(expressionSlots(t.spec));
    if (slot === undefined) return undefined;
    const f = p.pick(FUNCTIONS)!;
    const extra = p.pick(['', ', 1', ', 2, 3', ', 0', ', -1'])!;
    setSlot(slot, `${f}(${slotValue(slot) as string}${extra})`);
    return `${slot.path.join('.')} wrapped in ${f}(...${extra})`;
  }),
  family('operator-swap', null, (t, p) => swapMatch(t, p, /%\/%|\.\*|\.\/|==|!=|<=|>=|&&|\|\||[+\-*/^%<>]/g, () => true, () => p.pick(OPERATORS))),
  family('literal-swap', null, (t, p) => swapMatch(t, p, /(?<![A-Za-z_.\d])\d+(\.\d+)?([eE][+-]?\d+)?/g, () => true, () => p.pick(['0', '-1', '0.5', '1e308', '1e-320', '2147483648', '0.0', '100000000']))),
  family('index-added', null, (t, p) => {
    const names = declaredNames(t.spec);
    return swapMatch(t, p, NAME, (m, s) => names.includes(m[0]) && !followedByCall(m, s), (name) => `${name}${p.pick(['[1]', '[2, 1]', '[1:2]', '[:, 1]', '[0]', '[{1, 1}]', '[1][1]', "'"])!}`);
  }),
  family('distribution-swap', null, (t, p) => {
    const statements = statementLists(t.spec).flatMap(({ list }) => list.filter((s): s is JsonObject => isObject(s) && typeof s['distribution'] === 'string'));
    const statement = p.pick(statements);
    if (statement === undefined) return undefined;
    statement['distribution'] = p.pick(DISTRIBUTION_NAMES)!;
    return `distribution ${String(statement['distribution'])} (arguments kept)`;
  }),
  family('argument-swap', null, (t, p) => {
    const statements = statementLists(t.spec).flatMap(({ list }) => list.filter((s): s is JsonObject => isObject(s) && Array.isArray(s['args']) && s['args'].length > 0));
    const statement = p.pick(statements);
    if (statement === undefined) return undefined;
    const args = statement['args'] as Json[];
    const k = p.int(args.length);
    const swapped = statement['sample'];
    statement['sample'] = args[k]!;
    args[k] = swapped!;
    return `outcome and argument ${k + 1} exchanged`;
  }),
  family('type-swap', null, (t, p) => {
    const all = BLOCKS.flatMap((block) => declarations(t.spec, block).map(([name, d]) => [block, name, d] as const));
    const chosen = p.pick(all.filter(([, , d]) => typeof d['type'] === 'string' && TYPE_SWAPS[d['type']] !== undefined));
    if (chosen === undefined) return undefined;
    const [block, name, d] = chosen;
    const to = p.pick(TYPE_SWAPS[d['type'] as string]!)!;
    d['type'] = to;
    if (to === 'matrix' && 'size' in d) {
      d['rows'] = d['size']!;
      d['cols'] = d['size']!;
      delete d['size'];
    }
    return `${block}.${name} declared ${to}`;
  }),
];
