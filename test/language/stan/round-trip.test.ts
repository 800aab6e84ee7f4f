import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../../src/language/json/parse.js';
import { ModelSpec } from '../../../src/language/json/schema.js';
import { parseStan, programToSExpression, specToStan, stanToSpec, type StanProgram } from '../../../src/language/stan/index.js';

// JSON spec → Stan program → JSON spec is the identity on every example spec, up to
// spelling: expressions compare as parsed trees (spacing and redundant parentheses aside, a
// size written 3 or "3" alike), `local` is `declare` (its older spelling), `array[N] int` is
// int_array, and the editor's `$schema` is left out (it is no part of the model).

const root = fileURLToPath(new URL('../../../examples/', import.meta.url));
const specFiles = [
  ...readdirSync(join(root, 'bench')).filter((f) => f.endsWith('.json')).map((f) => join('bench', f)),
  ...readdirSync(join(root, 'mixture')).filter((f) => f.endsWith('.json')).map((f) => join('mixture', f)),
  ...readdirSync(join(root, 'posteriordb')).filter((d) => existsSync(join(root, 'posteriordb', d, 'model.json'))).map((d) => join('posteriordb', d, 'model.json')),
  ...readdirSync(join(root, 'language')).filter((f) => f.endsWith('.json') && !f.endsWith('.data.json')).map((f) => join('language', f)),
];

/** Keys whose strings are names or words, not expressions. */
const WORDS = new Set(['name', 'description', 'type', 'declare', 'local', 'for', 'distribution', 'op', 'censor', 'text']);

const tree = (text: string): string => JSON.stringify(parseExpression(text), (key, value) => (key === 'span' || key === 'calleeSpan' ? undefined : value));

function canonical(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => canonical(v, key === 'array' || key === 'args' || key === 'print' || key === 'reject' || key === 'fatal_error' ? 'expression' : ''));
  if (typeof value === 'string' || typeof value === 'number') return WORDS.has(key) ? value : tree(String(value));
  if (value === null || typeof value !== 'object') return value;
  const record = { ...(value as Record<string, unknown>) };
  if ('local' in record) {
    record['declare'] = record['local'];
    delete record['local'];
  }
  if (record['type'] === 'int' && Array.isArray(record['array']) && record['array'].length === 1) {
    record['type'] = 'int_array';
    record['size'] = record['array'][0];
    delete record['array'];
  }
  delete record['$schema'];
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, canonical(v, k)]).sort(([a], [b]) => String(a).localeCompare(String(b))));
}

/** Specs with user-defined functions: those of the Stan programs that have them (test programs and examples/language). */
const functionSpecs = [
  ...['gp_regression.stan', 'hmm_forward.stan', 'normal_mixture_pre_2_33.stan'].map((f) => fileURLToPath(new URL(`./programs/${f}`, import.meta.url))),
  join(root, 'language', 'user_density.stan'),
]
  .map((file) => [file.split(/[\\/]/).pop()!, stanToSpec(readFileSync(file, 'utf8'))] as const)
  .concat([
    [
      'overloads',
      stanToSpec('functions {\n  real twice(real x) {\n    return 2 * x;\n  }\n  vector twice(vector x) {\n    return 2 * x;\n  }\n}\nparameters {\n  vector[2] v;\n}\nmodel {\n  target += -dot_self(twice(v)) - square(twice(v[1]));\n}\n'),
    ],
  ]);

describe('JSON spec → Stan → JSON spec', () => {
  it('covers every example spec', () => expect(specFiles.length).toBeGreaterThanOrEqual(26));

  it.each([...specFiles.map((file) => [file, JSON.parse(readFileSync(join(root, file), 'utf8'))] as const), ...functionSpecs])('%s', (_, spec: { name?: string }) => {
    if (functionSpecs.some(([, s]) => s === spec)) expect(Object.keys((spec as { functions: object }).functions).length).toBeGreaterThan(0);
    const stan = specToStan(spec);
    const back = stanToSpec(stan, { name: spec.name ?? 'model' });
    expect(canonical(ModelSpec.parse(back))).toEqual(canonical(ModelSpec.parse(spec)));
    // And the Stan text is a fixed point: printing the spec it gives prints it again.
    expect(specToStan(back)).toBe(stan);
  });
});

// And the other way: a Stan program → its JSON spec → Stan is the same program tree, on
// posteriordb's programs in both syntaxes and on the parser's own test programs (user-defined
// functions included; forward declarations have no spec form and are left out).
const posteriordb = join(root, 'posteriordb');
const programsDir = fileURLToPath(new URL('./programs/', import.meta.url));
const stanFiles = [
  ...readdirSync(posteriordb)
    .filter((d) => existsSync(join(posteriordb, d, 'model.stan')))
    .flatMap((d) => [join(posteriordb, d, 'model.stan'), join(posteriordb, d, 'model_pre_2_33.stan')]),
  ...readdirSync(programsDir).map((f) => join(programsDir, f)),
];
/** A program without its forward declarations (a spec's functions all see one another, so they have no spec form). */
function withoutForwardDeclarations(program: StanProgram): StanProgram {
  if (program.functions === null) return program;
  return { ...program, functions: { ...program.functions, definitions: program.functions.definitions.filter((f) => f.body !== null) } };
}

describe('Stan → JSON spec → Stan', () => {
  it.each(stanFiles.map((f) => [f.slice(root.length - 'examples/'.length), f]))('%s', (_, file) => {
    const source = readFileSync(file, 'utf8');
    const back = specToStan(stanToSpec(source));
    // A profile's timing has no meaning in leapfrog: its statements come back as a plain block.
    const unprofiled = source.replace(/profile\("[^"]*"\)\s*/g, '');
    expect(programToSExpression(parseStan(back))).toBe(programToSExpression(withoutForwardDeclarations(parseStan(unprofiled))));
  });
});
