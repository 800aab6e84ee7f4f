import type { Json, JsonObject } from './corpus.js';
import { appendStatement, blockRecord, declaredData, family, plainStatementIndices, topStatements, type Family } from './family.js';
import type { Picker } from './picker.js';
import { BLOCKS, declarations, declaredNames, defineOwn, isObject, renameEverywhere, renameKey, statementLists, type Block } from './spec-walk.js';

// Mutations of a spec's structure: statements nested far past the depth limit and well
// inside it, JavaScript's reserved names, unknown and missing keys, values of the wrong JSON
// type, duplicate names, and statements in the wrong place.

/** Layers of `if` or one-iteration `for` around statement k of the model block. */
function wrap(spec: JsonObject, k: number, layers: number, pick: Picker): void {
  const statements = topStatements(spec);
  let inner: Json = statements[k]!;
  const useFor = pick.chance(50);
  for (let layer = 0; layer < layers; layer++) {
    inner = useFor ? { for: `fz_k${layer}`, from: 1, to: 1, body: [inner] } : { if: '1', then: [inner] };
  }
  statements[k] = inner;
}

/** A declaration of any block: [block, name]. */
function anyDeclaration(spec: JsonObject, pick: Picker, blocks: readonly Block[] = BLOCKS): [Block, string] | undefined {
  return pick.pick(blocks.flatMap((block) => declarations(spec, block).map(([name]) => [block, name] as [Block, string])));
}

const RESERVED = ['constructor', 'valueOf', 'toString', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__', '__lookupSetter__'];

/** A place in the spec and a value of the wrong JSON type for it. */
function wrongTypePlaces(spec: JsonObject): { holder: JsonObject | Json[]; key: string | number; values: Json[]; where: string }[] {
  const places: { holder: JsonObject | Json[]; key: string | number; values: Json[]; where: string }[] = [];
  const notObject: Json[] = [[], 'x', 1, null, true];
  places.push({ holder: spec, key: 'parameters', values: notObject, where: 'parameters' });
  places.push({ holder: spec, key: 'model', values: [{}, 'x', 1, null, true], where: 'model' });
  places.push({ holder: spec, key: 'data', values: [[], 'x', 1, true], where: 'data' });
  for (const block of BLOCKS) {
    for (const [name, d] of declarations(spec, block)) {
      const where = `${block}.${name}`;
      places.push({ holder: d, key: 'type', values: [5, null, 'vectorr', '', [], block === 'parameters' ? 'int' : 'simplexx'], where: `${where}.type` });
      places.push({ holder: spec[block] as JsonObject, key: name, values: ['real', 1, [], null, true], where });
      for (const key of ['size', 'rows', 'cols']) if (key in d) places.push({ holder: d, key, values: [null, true, {}, [], ''], where: `${where}.${key}` });
      for (const key of ['lower', 'upper']) if (key in d) places.push({ holder: d, key, values: [null, true, {}, []], where: `${where}.${key}` });
      if ('value' in d) places.push({ holder: d, key: 'value', values: [5, null, true, {}, []], where: `${where}.value` });
    }
  }
  for (const { list, path } of statementLists(spec)) {
    list.forEach((s, k) => {
      const where = `${path.join('.')}[${k}]`;
      places.push({ holder: list, key: k, values: ['x', 5, null, [], {}], where });
      if (!isObject(s)) return;
      for (const key of ['target', 'sample', 'value', 'if', 'assign']) if (key in s) places.push({ holder: s, key, values: [5, null, true, {}, []], where: `${where}.${key}` });
      if ('args' in s) places.push({ holder: s, key: 'args', values: ['mu', {}, null, 5, [5], [null]], where: `${where}.args` });
      if ('body' in s) places.push({ holder: s, key: 'body', values: [{}, 'x', null], where: `${where}.body` });
    });
  }
  return places;
}

export const structureFamilies: readonly Family[] = [
  family('deep-statements', true, (t, p) => {
    const statements = topStatements(t.spec);
    if (statements.length === 0) return undefined;
    const k = p.int(statements.length);
    const layers = p.between(101, 10_000);
    wrap(t.spec, k, layers, p);
    return `model[${k}] inside ${layers} nested statements`;
  }),
  family('shallow-statements', false, (t, p) => {
    const k = p.pick(plainStatementIndices(t.spec));
    if (k === undefined) return undefined;
    const layers = p.between(1, 30);
    wrap(t.spec, k, layers, p);
    return `model[${k}] inside ${layers} nested statements`;
  }),
  family('reserved-proto', true, (t, p) => {
    const found = anyDeclaration(t.spec, p);
    if (found === undefined) return undefined;
    const [block, name] = found;
    t.spec[block] = renameKey(t.spec[block] as JsonObject, name, '__proto__');
    return `${block}.${name} renamed __proto__`;
  }),
  family('reserved-rename', false, (t, p) => {
    const names = declaredNames(t.spec).filter((n) => !n.startsWith('fz_'));
    const from = p.pick([...new Set(names)].sort());
    const to = p.pick(RESERVED.filter((r) => !names.includes(r)));
    if (from === undefined || to === undefined) return undefined;
    renameEverywhere(t.spec, t.data, from, to);
    return `${from} renamed ${to} everywhere`;
  }),
  family('bad-identifier', true, (t, p) => {
    const found = anyDeclaration(t.spec, p);
    if (found === undefined) return undefined;
    const [block, name] = found;
    const bad = p.pick(['1abc', 'a-b', 'a b', 'ünï', '', 'x.y', 'a$', 'é', '\u0000x', 'a\nb', 'π'])!;
    t.spec[block] = renameKey(t.spec[block] as JsonObject, name, bad);
    return `${block}.${name} renamed ${JSON.stringify(bad)}`;
  }),
  family('extra-key', true, (t, p) => {
    const key = p.pick(['extra', 'sizes', 'lowr', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'then'])!;
    const holders: [string, JsonObject][] = [['(top)', t.spec]];
    for (const block of BLOCKS) for (const [name, d] of declarations(t.spec, block)) holders.push([`${block}.${name}`, d]);
    for (const { list, path } of statementLists(t.spec)) list.forEach((s, k) => isObject(s) && holders.push([`${path.join('.')}[${k}]`, s]));
    const [where, holder] = p.pick(holders.filter(([, h]) => !Object.hasOwn(h, key) && !(key === 'then' && 'if' in h)))!;
    defineOwn(holder, key, 1);
    return `${where} gets the key ${key}`;
  }),
  family('wrong-json-type', true, (t, p) => {
    const place = p.pick(wrongTypePlaces(t.spec))!;
    const value = p.pick(place.values)!;
    (place.holder as Record<string | number, Json>)[place.key] = value;
    return `${place.where} = ${JSON.stringify(value)}`;
  }),
  family('drop-required', true, (t, p) => {
    const choices: [string, () => void][] = [
      ['parameters', () => delete t.spec['parameters']],
      ['model', () => delete t.spec['model']],
    ];
    for (const block of BLOCKS) {
      for (const [name, d] of declarations(t.spec, block)) {
        choices.push([`${block}.${name}.type`, () => delete d['type']]);
        for (const key of ['size', 'rows', 'cols', 'value']) if (key in d) choices.push([`${block}.${name}.${key}`, () => delete d[key]]);
      }
    }
    for (const { list, path } of statementLists(t.spec)) {
      list.forEach((s, k) => {
        if (!isObject(s)) return;
        for (const key of ['distribution', 'args', 'sample', 'body', 'then', 'from', 'to', 'value']) {
          if (key in s && !(key === 'value' && 'local' in s)) choices.push([`${path.join('.')}[${k}].${key}`, () => delete s[key]]);
        }
      });
    }
    const [where, drop] = p.pick(choices)!;
    drop();
    return `${where} deleted`;
  }),
  family('empty-blocks', true, (t, p) => {
    if (p.chance(50)) t.spec['parameters'] = {};
    else t.spec['model'] = [];
    return 'an empty parameters or model block';
  }),
  family('duplicate-name', true, (t, p) => {
    const found = anyDeclaration(t.spec, p);
    if (found === undefined) return undefined;
    const [block, name] = found;
    const other = p.pick(['transformed_data', 'parameters', 'generated_quantities'].filter((b) => b !== block))!;
    const declaration: JsonObject = other === 'parameters' ? { type: 'real' } : { type: 'real', value: '1.0' };
    blockRecord(t.spec, other)[name] = declaration;
    return `${name} declared again in ${other}`;
  }),
  family('assign-to-non-local', true, (t, p) => {
    const found = anyDeclaration(t.spec, p);
    if (found === undefined) return undefined;
    appendStatement(t.spec, { assign: found[1], value: '0' });
    return `assignment to ${found[0]}.${found[1]}`;
  }),
  family('transformed-data-uses-parameter', true, (t, p) => {
    const parameter = p.pick(declarations(t.spec, 'parameters').filter(([, d]) => d['type'] === 'real'));
    if (parameter === undefined) return undefined;
    blockRecord(t.spec, 'transformed_data')['fz_t'] = { type: 'real', value: parameter[0] };
    return `transformed data from parameter ${parameter[0]}`;
  }),
  family('bad-censor', true, (t, p) => {
    const statements = statementLists(t.spec).flatMap(({ list }) => list.filter((s): s is JsonObject => isObject(s) && 'distribution' in s));
    const statement = p.pick(statements);
    if (statement === undefined) return undefined;
    statement['censor'] = p.pick<Json>(['middle', 1, null, true, 'LEFT'])!;
    return `censor ${JSON.stringify(statement['censor'])}`;
  }),
  family('real-loop-bound', true, (t, p) => {
    appendStatement(t.spec, { for: 'fz_i', from: p.pick<Json>([0.5, 1, '0.5'])!, to: p.pick<Json>(['1.5', 2.5, '2.0'])!, body: [{ target: '0' }] });
    return 'a loop with a real bound';
  }),
  // An int read before it is assigned is refused (a real reads NaN, as in Stan, with a warning).
  family('read-before-assign', true, (t) => {
    appendStatement(t.spec, { local: 'fz_u', type: 'int' });
    appendStatement(t.spec, { target: 'fz_u' });
    return 'an int local read before it is assigned';
  }),
  family('added-generated-quantity', false, (t, p) => {
    const choices: JsonObject[] = [
      { type: 'real', value: 'normal_rng(0, 1)' },
      { type: 'real', sample: { distribution: 'normal', args: ['0', '1'] } },
      { type: 'vector', size: 3, value: 'rep_vector(1, 3)' },
      { type: 'int', value: 'poisson_rng(3)' },
    ];
    blockRecord(t.spec, 'generated_quantities')['fz_g'] = p.pick(choices)!;
    return 'a generated quantity added';
  }),
  family('added-conditional', false, (t, p) => {
    const data = p.pick(declaredData(t, ['int', 'real']));
    const condition = data === undefined ? '1 > 0' : `${data.name} > 0`;
    appendStatement(t.spec, { if: condition, then: [{ target: '0' }], ...(p.chance(50) ? { else: [{ target: '-1' }] } : {}) });
    return `if (${condition}) target += 0`;
  }),
];
