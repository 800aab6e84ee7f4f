import { describe, expect, it } from 'vitest';
import { checkSpec } from '../../../src/language/json/check.js';
import { compileSpec } from '../../../src/language/json/compile.js';
import { formatIssue, formatPath } from '../../../src/language/json/errors.js';

// Issue 12, item 7: JavaScript's reserved names. `__proto__` is refused wherever it is a
// key (it would set a prototype and vanish); the names of Object.prototype's members
// (constructor, valueOf, toString, hasOwnProperty, ...) are ordinary Stan names: declared,
// looked up and reported missing like any other.

type Json = Record<string, any>;

const PROTOTYPE_NAMES = ['constructor', 'valueOf', 'toString', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__'];

/** A small regression spec with names taken as arguments. */
function spec(names: { mu: string; sigma: string; y: string; n: string; local: string }): Json {
  return {
    data: { [names.n]: { type: 'int', lower: 1 }, [names.y]: { type: 'vector', size: names.n } },
    parameters: { [names.mu]: { type: 'real' }, [names.sigma]: { type: 'real', lower: 0 } },
    model: [
      { sample: names.mu, distribution: 'normal', args: ['0', '5'] },
      { sample: names.sigma, distribution: 'half_normal', args: ['1'] },
      { local: names.local, value: `${names.mu} + 0` },
      { sample: names.y, distribution: 'normal', args: [names.local, names.sigma] },
    ],
    generated_quantities: { [`${names.mu}_draw`]: { type: 'real', value: `normal_rng(${names.mu}, ${names.sigma})` } },
  };
}

const plainNames = { mu: 'mu', sigma: 'sigma', y: 'y', n: 'N', local: 'm' };
const data = (n: string, y: string): Json => ({ [n]: 3, [y]: [0.1, -0.4, 0.9] });

describe("JavaScript's reserved names (issue 12, item 7)", () => {
  it.each([
    ['data', '{"type":"real"}'],
    ['parameters', '{"type":"real"}'],
    ['transformed_parameters', '{"type":"real","value":"1.0"}'],
  ])('refuses "__proto__" as a name in %s, at its path', (block, declaration) => {
    // As a file holds it: JSON.parse keeps "__proto__" as an own key (an object literal would set the prototype).
    const text = JSON.stringify({ ...spec(plainNames), transformed_parameters: {} }).replace(`"${block}":{`, `"${block}":{"__proto__":${declaration},`).replace(',}', '}');
    const parsed = JSON.parse(text) as Json;
    expect(Object.hasOwn(parsed[block], '__proto__')).toBe(true);
    const result = checkSpec(parsed, data('N', 'y'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map(formatIssue)).toEqual([`${block}.__proto__: '__proto__' cannot be a name or key (JavaScript reserves it); choose another name`]);
  });

  it('refuses "__proto__" as a key of a statement, and as a local name', () => {
    const text = JSON.stringify(spec(plainNames)).replace('{"sample":"mu",', '{"__proto__":{"x":1},"sample":"mu",');
    const keyed = checkSpec(JSON.parse(text), data('N', 'y'));
    expect(keyed.ok).toBe(false);
    if (!keyed.ok) expect(formatPath(keyed.issues[0]!.path)).toBe('model[0].__proto__');
    const local = spec({ ...plainNames, local: '__proto__' });
    const named = checkSpec(local, data('N', 'y'));
    expect(named.ok).toBe(false);
    if (!named.ok) expect(named.issues.map(formatIssue).join('\n')).toContain("model[2].local: '__proto__' cannot be a name");
  });

  it.each(PROTOTYPE_NAMES)('uses %s as an ordinary name: same log density, gradient and outputs as plain names', (name) => {
    const renamed = { mu: name, sigma: `${name}_s`, y: `${name}_y`, n: `${name}_n`, local: `${name}_m` };
    const plain = compileSpec(spec(plainNames), data('N', 'y'));
    const model = compileSpec(spec({ ...renamed, mu: name }), data(renamed.n, renamed.y));
    const theta = Float64Array.of(0.7, -0.3);
    expect(model.logDensity(theta)).toBe(plain.logDensity(theta));
    expect([...model.logDensityAndGradient(theta).gradient]).toEqual([...plain.logDensityAndGradient(theta).gradient]);
    expect(model.outputNames.slice(0, 2)).toEqual([name, `${name}_s`]);
    expect(model.constrain(theta)[name]).toBe(0.7);
  });

  it.each(PROTOTYPE_NAMES)('says a declared data field named %s is missing when it is', (name) => {
    const declared = spec(plainNames);
    declared['data'][name] = { type: 'real' };
    const result = checkSpec(declared, data('N', 'y'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map(formatIssue)).toEqual([`data.${name}: is missing from the data (declared real at data.${name})`]);
  });

  it('reads a data string that names a prototype member as a string, not as a number', () => {
    const values = data('N', 'y');
    values['y'][1] = 'constructor';
    const result = checkSpec(spec(plainNames), values);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map(formatIssue)).toEqual(['data.y[1]: y[2] is the string "constructor", but must be a number (declared vector[3] with N = 3)']);
  });

});
