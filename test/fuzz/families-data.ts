import type { Json, JsonObject } from './corpus.js';
import { appendStatement, blockRecord, declaredData, family, sizeFields, type Family, type Target } from './family.js';
import type { Picker } from './picker.js';
import { BLOCKS, declarations, defineOwn, isObject, statementLists } from './spec-walk.js';

// Mutations of sizes, data and resource budgets: huge, non-finite and negative sizes, data
// of the wrong type or shape, missing and extra fields, data nested deep, and loops, locals
// and containers far over the limits.

const HUGE = [1e9, 2 ** 31, 1e12, 2 ** 53, 2 ** 53 + 2, 1e15, 1e308, Number.MAX_VALUE];

/** Declarations (any block, and model locals) with a size, rows or cols field. */
function sizedPlaces(spec: JsonObject): { holder: JsonObject; key: string; where: string }[] {
  const places: { holder: JsonObject; key: string; where: string }[] = [];
  for (const block of BLOCKS) {
    for (const [name, d] of declarations(spec, block)) {
      for (const key of ['size', 'rows', 'cols']) if (key in d) places.push({ holder: d, key, where: `${block}.${name}.${key}` });
    }
  }
  for (const { list, path } of statementLists(spec)) {
    list.forEach((s, k) => {
      if (isObject(s) && 'local' in s) for (const key of ['size', 'rows', 'cols']) if (key in s) places.push({ holder: s, key, where: `${path.join('.')}[${k}].${key}` });
    });
  }
  return places;
}

function setSize(target: Target, pick: Picker, values: readonly Json[]): string | undefined {
  const place = pick.pick(sizedPlaces(target.spec));
  const value = pick.pick(values)!;
  if (place === undefined) {
    blockRecord(target.spec, 'parameters')['fz_sized'] = { type: 'vector', size: value };
    return `a new parameter of size ${JSON.stringify(value)}`;
  }
  place.holder[place.key] = value;
  return `${place.where} = ${JSON.stringify(value)}`;
}

function setSizeField(target: Target, pick: Picker, values: readonly Json[]): string | undefined {
  const name = pick.pick(sizeFields(target));
  if (name === undefined) return undefined;
  const value = pick.pick(values)!;
  target.data[name] = value;
  return `data ${name} = ${JSON.stringify(value)}`;
}

/** An element of a data field's array (a vector, or a matrix row), where a number sits. */
function numberSlot(target: Target, pick: Picker, kinds: readonly string[]): { array: Json[]; index: number; where: string } | undefined {
  const field = pick.pick(declaredData(target, kinds).filter((d) => Array.isArray(d.value) && d.value.length > 0));
  if (field === undefined) return undefined;
  let array = field.value as Json[];
  let where = field.name;
  const row = pick.int(array.length);
  if (Array.isArray(array[row])) {
    where += `[${row}]`;
    array = array[row] as Json[];
    if (array.length === 0) return undefined;
  }
  const index = pick.int(array.length);
  return { array, index, where: `${where}[${index}]` };
}

function nested(depth: number): Json {
  let value: Json = [1];
  for (let k = 0; k < depth; k++) value = [value];
  return value;
}

export const dataFamilies: readonly Family[] = [
  family('identity', false, () => 'unchanged'),
  family('huge-literal-size', true, (t, p) => setSize(t, p, HUGE)),
  family('bad-literal-size', true, (t, p) => setSize(t, p, [-1, -0.5, 1.5, '-1', '1.5', '', 'N N', '2 - 3', null, true, {}, []])),
  family('huge-data-size', true, (t, p) => setSizeField(t, p, HUGE)),
  family('bad-data-size', true, (t, p) => setSizeField(t, p, ['NaN', 'Inf', '-Inf', -1, -1e9, 1.5, null, true, '8', [8], {}])),
  family('size-overflow-expression', true, (t, p) => {
    const place = p.pick(sizedPlaces(t.spec).filter((s) => typeof s.holder[s.key] === 'string' || typeof s.holder[s.key] === 'number'));
    if (place === undefined) return undefined;
    place.holder[place.key] = `(${String(place.holder[place.key])}) * 1000000000000 + 1000000000`;
    return `${place.where} times 1e12`;
  }),
  family('nonfinite-data', null, (t, p) => {
    const slot = numberSlot(t, p, ['vector', 'matrix', 'real']);
    if (slot === undefined) return undefined;
    const value = p.pick(['NaN', 'Inf', '-Inf', 1e308, -1e308, 5e-324])!;
    slot.array[slot.index] = value;
    return `data ${slot.where} = ${JSON.stringify(value)}`;
  }),
  family('wrong-data-type', true, (t, p) => {
    const field = p.pick(declaredData(t, ['int', 'real', 'vector', 'int_array', 'matrix']));
    if (field === undefined) return undefined;
    const value = p.pick<Json>(['abc', {}, null, true, [[[]]], ['x'], { length: 3 }])!;
    t.data[field.name] = value;
    return `data ${field.name} = ${JSON.stringify(value)}`;
  }),
  family('wrong-data-element', true, (t, p) => {
    const slot = numberSlot(t, p, ['vector', 'int_array', 'matrix']);
    if (slot === undefined) return undefined;
    const value = p.pick<Json>(['abc', null, true, {}, [], [1], 'toString', 'valueOf', '__proto__'])!;
    slot.array[slot.index] = value;
    return `data ${slot.where} = ${JSON.stringify(value)}`;
  }),
  family('fractional-int-data', true, (t, p) => {
    const field = p.pick(declaredData(t, ['int', 'int_array']));
    if (field === undefined) return undefined;
    if (Array.isArray(field.value) && field.value.length > 0) field.value[p.int(field.value.length)] = 0.5;
    else if (typeof field.value === 'number') t.data[field.name] = field.value + 0.5;
    else return undefined;
    return `data ${field.name} gets 0.5 off an integer`;
  }),
  family('missing-data', true, (t, p) => {
    const field = p.pick(declaredData(t, ['int', 'real', 'vector', 'int_array', 'matrix']));
    if (field === undefined) return undefined;
    delete t.data[field.name];
    return `data ${field.name} deleted`;
  }),
  family('missing-reserved-data', true, (t, p) => {
    const name = p.pick(['valueOf', 'toString', 'hasOwnProperty', 'constructor', 'isPrototypeOf', 'toLocaleString'])!;
    blockRecord(t.spec, 'data')[name] = { type: p.pick(['real', 'int'])! };
    return `data ${name} declared, absent from the data`;
  }),
  family('extra-data-field', false, (t, p) => {
    const name = p.pick(['fz_extra', 'constructor', 'toString', '__proto__', 'hasOwnProperty'])!;
    if (BLOCKS.some((b) => declarations(t.spec, b).some(([n]) => n === name))) return undefined;
    const value = p.pick<Json>([1, 'text', [1, 2, 3], { a: 1 }, null, [[1], [2]], 'NaN'])!;
    defineOwn(t.data, name, value);
    return `unused data field ${name} = ${JSON.stringify(value)}`;
  }),
  family('shape-mismatch-data', true, (t, p) => {
    const field = p.pick(declaredData(t, ['vector', 'int_array', 'matrix']).filter((d) => Array.isArray(d.value)));
    if (field === undefined) return undefined;
    const array = field.value as Json[];
    const row = array.length > 0 && Array.isArray(array[0]) ? (array[p.int(array.length)] as Json[]) : undefined;
    if (row !== undefined && p.chance(50)) {
      row.push(1);
      return `data ${field.name}: one row gets an extra element`;
    }
    if (array.length > 0 && p.chance(50)) {
      array.pop();
      return `data ${field.name}: last element removed`;
    }
    array.push(row === undefined ? 1 : row.map(() => 1));
    return `data ${field.name}: one element appended`;
  }),
  family('data-vector-as-scalar', true, (t, p) => {
    const field = p.pick(declaredData(t, ['vector', 'int_array', 'matrix']));
    if (field === undefined) return undefined;
    field.declaration['type'] = p.pick(['real', 'int'])!;
    return `data ${field.name} declared a scalar`;
  }),
  family('deep-data', true, (t, p) => {
    const depth = p.between(101, 10_000);
    t.data['fz_deep'] = nested(depth);
    return `unused data field nested ${depth} deep`;
  }),
  family('huge-loop', true, (t, p) => {
    const shape = p.int(3);
    if (shape === 0) appendStatement(t.spec, { for: 'fz_i', from: 1, to: p.pick([1e9, 2 ** 31, 1e15, '1000000000'])!, body: [{ target: '0' }] });
    else if (shape === 1) appendStatement(t.spec, { for: 'fz_i', from: 1, to: 100000, body: [{ for: 'fz_j', from: 1, to: 100001, body: [{ target: '0' }] }] });
    else appendStatement(t.spec, { for: 'fz_i', from: 1, to: 2, body: [{ for: 'fz_j', from: 1, to: 'fz_i * 600000000', body: [{ target: '0' }] }] });
    return ['a loop of 1e9', 'nested loops of 1e5 x 1e5', 'a loop bound known at run time, 6e8'][shape];
  }),
  family('small-loop', false, (t, p) => {
    const n = p.between(0, 1000);
    appendStatement(t.spec, { for: 'fz_i', from: 1, to: n, body: [{ target: '0' }] });
    return `a loop of ${n}`;
  }),
  family('huge-local', true, (t, p) => {
    const size = p.pick([2 ** 31, 1e9, 2 ** 53 - 1, 1e15])!;
    appendStatement(t.spec, p.chance(50) ? { local: 'fz_v', type: 'vector', size } : { local: 'fz_m', type: 'matrix', rows: 100000, cols: size });
    return `a local of ${size} elements`;
  }),
  family('huge-container', true, (t, p) => {
    const expression = p.pick(['sum(rep_vector(0, 1000000000))', 'sum(rep_matrix(0, 100000, 100000))', 'sum(rep_array(1, 2000000000))', 'sum(linspaced_vector(1000000000, 0, 1))', 'sum(ones_vector(200000000))', 'trace(identity_matrix(20000))'])!;
    if (p.chance(50)) appendStatement(t.spec, { target: expression });
    else blockRecord(t.spec, 'transformed_data')['fz_t'] = { type: 'real', value: expression };
    return expression;
  }),
  family('huge-container-at-run-time', true, (t, p) => {
    const expression = p.pick(['sum(rep_vector(0, fz_i * 1000000000))', 'sum(zeros_vector(fz_i * 300000000))', 'num_elements(rep_matrix(1, fz_i, 1000000000))'])!;
    appendStatement(t.spec, { for: 'fz_i', from: 1, to: 2, body: [{ target: expression }] });
    return `in a loop: ${expression}`;
  }),
];
