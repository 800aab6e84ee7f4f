import { FUNCTION_OVERRIDES } from './call-rules.js';
import type { Constraint } from '../../models/constraints.js';
import type { DistributionFamily } from '../../models/distributions/distribution.js';
import { DISTRIBUTION_NAMES, findDistributionFamily } from './distribution-registry.js';
import { hasVectorisedDraw } from './distribution-shapes.js';
import { nearest } from './errors.js';
import { SPEC_FUNCTION_GROUPS } from './functions/index.js';

// The reference of the spec language's functions and distributions, generated from their
// registries (SPEC_FUNCTION_GROUPS and the distributions registry), so that it cannot drift
// from the code: docs/functions.md (npm run docs) and `leapfrog functions [name]`.

/** Operators are syntax, not registry entries: their rules live in operators.ts. */
const OPERATORS: readonly (readonly [string, string])[] = [
  ['a + b, a - b', 'Sums and differences, elementwise; a scalar broadcasts.'],
  ['a * b', 'A scalar times anything; matrix × vector, matrix × matrix, row vector × matrix and row vector × vector (the dot product) are products of linear algebra; vector × row vector is the outer product.'],
  ['a / b', 'Division by a scalar; b / A with a row vector or matrix b and a square matrix A is b A⁻¹ (mdivide_right). int / int is refused (write a %/% b or 1.0 * a / b).'],
  ['a .* b, a ./ b', 'Elementwise product and quotient of containers of one shape.'],
  ['a ^ b', 'Power with a scalar exponent (right associative: -x^2 is -(x^2)).'],
  ['a .^ b', 'Elementwise power of containers of one shape, or with a scalar on either side.'],
  ['A \\ b', 'A⁻¹ b for a square matrix A and a vector or matrix b (mdivide_left), by LU with partial pivoting. In a JSON string the backslash is written twice: "A \\\\ b".'],
  ['a % b, a %/% b', 'Integer remainder and integer division (truncating toward zero), ints only.'],
  ['a == b, !=, <, <=, >, >=', 'Comparisons: an int (1 or 0); elementwise between vectors, row vectors and int arrays of one size (an int array), as an extension of Stan.'],
  ['!a, a && b, a || b', 'Logical operators on ints (non-zero is true), elementwise on int arrays.'],
  ["c ? a : b, x'", 'The conditional operator (c an int) and the transpose.'],
];

export interface ReferenceEntry {
  readonly name: string;
  readonly kind: 'function' | 'distribution';
  readonly chapter: string;
  readonly usage: string;
  readonly doc: string;
}

/** A constraint in words: the support of a distribution or the domain of its parameter. */
export function describeConstraint(c: Constraint): string {
  const bound = (v: unknown): string => (typeof v === 'number' ? String(v) : 'a parameter');
  switch (c.kind) {
    case 'real':
      return 'real';
    case 'lower':
      return c.lower === 0 ? 'positive real' : `real > ${bound(c.lower)}`;
    case 'upper':
      return `real < ${bound(c.upper)}`;
    case 'interval':
      return `real between ${bound(c.lower)} and ${bound(c.upper)}`;
    case 'simplex':
      return 'simplex (non-negative, sums to 1)';
    case 'ordered':
      return 'ordered vector';
    case 'positiveOrdered':
      return 'positive ordered vector';
    case 'choleskyCorr':
      return 'Cholesky factor of a correlation matrix';
    case 'choleskyCov':
      return 'Cholesky factor of a covariance matrix';
    case 'integer':
      return c.upper === undefined ? `int ≥ ${c.lower ?? '−∞'}` : `int in ${c.lower ?? '−∞'}..${c.upper}`;
    case 'integerSum':
      return 'int array of counts';
    case 'unitVector':
      return 'unit vector (Euclidean norm 1)';
    case 'sumToZero':
      return 'vector summing to 0';
    case 'corrMatrix':
      return 'correlation matrix';
    case 'covMatrix':
      return 'covariance matrix (symmetric, positive definite)';
    case 'rowStochastic':
      return 'matrix whose rows are simplexes';
    case 'columnStochastic':
      return 'matrix whose columns are simplexes';
    case 'affine':
      return 'real (with an offset and multiplier)';
    default: {
      const unhandled: never = c;
      return String((unhandled as Constraint).kind);
    }
  }
}

/** What a vectorised _rng returns, as Stan's functions reference says: an array, whatever container it is given. */
function rngReturns(family: DistributionFamily): string {
  if (!hasVectorisedDraw(family) || family.params.length === 0) return '';
  const element = family.discrete ? 'int' : 'real';
  return `, returning ${element}, or array[N] ${element} when an argument is a vector, row_vector or array of N`;
}

function distributionEntry(family: DistributionFamily): ReferenceEntry {
  const density = family.discrete ? 'lpmf' : 'lpdf';
  const params = family.params.map((p) => p.name).join(', ');
  const forms = [`y ~ ${family.name}(${params})`, `${family.name}_${density}(y | ${params})`, ...(family.hasCdf ? [`${family.name}_lcdf(y | ${params})`, `${family.name}_lccdf(y | ${params})`] : []), `${family.name}_rng(${params})`];
  const parameterText = family.params.map((p) => `${p.name}: ${describeConstraint(p.constraint)}`).join('; ');
  const support = family.supportDependsOnParameters ? `between its bounds (${params})` : describeConstraint(family.support);
  const doc = [
    `${family.discrete ? 'Discrete' : 'Continuous'} distribution. Parameters: ${parameterText === '' ? 'none' : parameterText}.`,
    `Support: ${support}.`,
    family.hasCdf ? 'Log CDF and CCDF: yes.' : 'Log CDF and CCDF: no.',
    `Sampler: ${family.name}_rng (generated quantities)${rngReturns(family)}.`,
  ].join(' ');
  return { name: family.name, kind: 'distribution', chapter: 'Distributions', usage: forms.join('; '), doc };
}

/** Every function and distribution, in the order of the reference. */
export function referenceEntries(): ReferenceEntry[] {
  const functions = SPEC_FUNCTION_GROUPS.flatMap((group) =>
    group.functions.map((listed): ReferenceEntry => {
      // A function the checker takes from its overrides (rep_array of any type) is documented as it runs.
      const f = FUNCTION_OVERRIDES.get(listed.name) ?? listed;
      return { name: f.name, kind: 'function', chapter: group.title, usage: f.usage, doc: f.doc };
    }),
  );
  const distributions = DISTRIBUTION_NAMES.map((name) => distributionEntry(findDistributionFamily(name)!));
  return [...functions, ...distributions];
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** docs/functions.md. */
export function referenceMarkdown(): string {
  const entries = referenceEntries();
  const functionCount = entries.filter((e) => e.kind === 'function').length;
  const distributionCount = entries.length - functionCount;
  const chapters = [...new Set(entries.map((e) => e.chapter))];
  const lines = [
    '# Functions and distributions of leapfrog model specs',
    '',
    '<!-- Generated by `npm run docs` from the function and distribution registries; do not edit by hand. -->',
    '',
    `Model specs (JSON) write expressions in Stan's syntax. This reference lists the ${functionCount} built-in functions and ${distributionCount} distributions they accept, generated from the registries that the spec compiler uses, so it is always the list of what works. \`leapfrog functions [name]\` prints the same from the command line.`,
    '',
    'Functions marked elementwise apply to every element of a vector, row vector, matrix or array (scalars broadcast in the two- and three-argument forms). Every argument\'s type and shape is checked before anything runs. Unless a note says otherwise a function is differentiable: its derivatives, to any order, come from leapfrog\'s AD; rounding and step functions have zero derivative, as in Stan.',
    '',
    '## Contents',
    '',
    '- [Operators](#operators)',
    ...chapters.map((c) => `- [${c}](#${c.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-')})`),
    '',
    '## Operators',
    '',
    '| operator | meaning |',
    '| --- | --- |',
    ...OPERATORS.map(([op, meaning]) => `| \`${cell(op)}\` | ${cell(meaning)} |`),
  ];
  for (const chapter of chapters) {
    lines.push('', `## ${chapter}`, '');
    const inChapter = entries.filter((e) => e.chapter === chapter);
    if (inChapter[0]!.kind === 'distribution') {
      lines.push('Each is written as a sampling statement `y ~ name(...)` or called by its function forms; all are vectorised.', '');
    }
    lines.push('| name | usage | description |', '| --- | --- | --- |');
    for (const e of inChapter) lines.push(`| \`${e.name}\` | \`${cell(e.usage)}\` | ${cell(e.doc)} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** `leapfrog functions`: every name by chapter, a few per line. */
export function referenceIndexText(): string {
  const entries = referenceEntries();
  const lines: string[] = [];
  for (const chapter of [...new Set(entries.map((e) => e.chapter))]) {
    lines.push(`${chapter}:`);
    const names = entries.filter((e) => e.chapter === chapter).map((e) => e.name);
    for (let k = 0; k < names.length; k += 8) lines.push(`  ${names.slice(k, k + 8).join(', ')}`);
  }
  lines.push('', "'leapfrog functions <name>' describes one; docs/functions.md has them all.");
  return `${lines.join('\n')}\n`;
}

/** `leapfrog functions <name>`: one entry (a distribution also by its _lpdf/_rng/... names), or undefined. */
export function referenceEntryText(name: string): string | undefined {
  const entries = referenceEntries();
  const base = name.replace(/_(lpdf|lupdf|lpmf|lupmf|lcdf|lccdf|cdf|rng)$/, '');
  const entry = entries.find((e) => e.name === name) ?? entries.find((e) => e.kind === 'distribution' && e.name === base);
  if (entry === undefined) return undefined;
  return `${entry.name} (${entry.kind === 'function' ? `function; ${entry.chapter}` : 'distribution'})\n  usage: ${entry.usage}\n  ${entry.doc}\n`;
}

/** The nearest known name, for "did you mean". */
export function nearestReferenceName(name: string): string | undefined {
  return nearest(
    name,
    referenceEntries().map((e) => e.name),
  );
}
