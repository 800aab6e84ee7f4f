import { threadNanos } from './measure.js';

// The arithmetic of an odd NUTS leaf at 100 dimensions (src/samplers/nuts-leaf-diagonal.ts
// diagonalLeaf, without the gradient) timed four ways, in ns per coordinate, to tell the
// cost of the memory layout from the cost of how V8 reaches the arrays (bench/README.md,
// "NUTS step"):
//   - separate arrays held in module-level constants, which TurboFan may embed in the code
//     (where a micro-benchmark of the leaf usually puts them);
//   - separate arrays reached through objects and a slot index, as the tree reaches them;
//   - one interleaved array of per-coordinate records (56 values, as maxTreeDepth 10 needs),
//     reached through an object;
//   - one array (an arena) holding every vector as a block of dim values at an offset, so
//     that an iteration reaches one typed array instead of twelve.
// `npx tsx bench/leaf-layout.ts`; prints 6 rounds (figures in bench/README.md).

const DIM = 100;
const STRIDE = 56;
const CALLS = 200_000;

const filled = (length: number): Float64Array => Float64Array.from({ length }, (_, k) => Math.sin(k + 1));

interface End {
  readonly gradient: Float64Array;
  readonly momentum: Float64Array;
  readonly position: Float64Array;
  readonly nextPosition: Float64Array;
}
interface Slots {
  readonly inverseMass: Float64Array;
  readonly sum: Float64Array;
  readonly momentumOut: Float64Array[];
  readonly velocityOut: Float64Array[];
  readonly momentumBefore: Float64Array[];
  readonly velocityBefore: Float64Array[];
}
interface Records {
  readonly values: Float64Array;
  readonly stride: number;
}

const makeEnd = (): End => ({ gradient: filled(DIM), momentum: filled(DIM), position: filled(DIM), nextPosition: filled(DIM) });
const three = (): Float64Array[] => [filled(DIM), filled(DIM), filled(DIM)];

const G = filled(DIM);
const M = filled(DIM);
const POSITION = filled(DIM);
const NEXT = filled(DIM);
const D = new Float64Array(DIM).fill(1);
const SUM = filled(DIM);
const MO = filled(DIM);
const VO = filled(DIM);
const MB = filled(DIM);
const VB = filled(DIM);

function moduleConstants(halfStep: number, stepSize: number): number {
  let twiceKinetic = 0;
  let plus = 0;
  let minus = 0;
  for (let k = 0; k < DIM; k++) {
    const kick = halfStep * G[k]!;
    const p = M[k]! + kick;
    const v = D[k]! * p;
    twiceKinetic += p * v;
    SUM[k]! += p;
    MO[k] = p;
    VO[k] = v;
    const rho = MB[k]! + p;
    plus += v * rho;
    minus += VB[k]! * rho;
    const half = p + kick;
    M[k] = 0.999 * half;
    NEXT[k] = POSITION[k]! + stepSize * D[k]! * half;
  }
  return twiceKinetic + plus + minus;
}

function throughObjects(end: End, slots: Slots, slot: number, halfStep: number, stepSize: number): number {
  const { gradient, momentum, position, nextPosition } = end;
  const { inverseMass, sum } = slots;
  const momentumOut = slots.momentumOut[slot]!;
  const velocityOut = slots.velocityOut[slot]!;
  const momentumBefore = slots.momentumBefore[slot]!;
  const velocityBefore = slots.velocityBefore[slot]!;
  let twiceKinetic = 0;
  let plus = 0;
  let minus = 0;
  for (let k = 0; k < momentum.length; k++) {
    const kick = halfStep * gradient[k]!;
    const p = momentum[k]! + kick;
    const v = inverseMass[k]! * p;
    twiceKinetic += p * v;
    sum[k]! += p;
    momentumOut[k] = p;
    velocityOut[k] = v;
    const rho = momentumBefore[k]! + p;
    plus += v * rho;
    minus += velocityBefore[k]! * rho;
    const half = p + kick;
    momentum[k] = 0.999 * half;
    nextPosition[k] = position[k]! + stepSize * inverseMass[k]! * half;
  }
  return twiceKinetic + plus + minus;
}

function interleaved(end: End, records: Records, out: number, before: number, halfStep: number, stepSize: number): number {
  const { gradient, momentum, position, nextPosition } = end;
  const { values, stride } = records;
  let twiceKinetic = 0;
  let plus = 0;
  let minus = 0;
  for (let k = 0, r = 0; r < values.length; k++, r += stride) {
    const kick = halfStep * gradient[k]!;
    const p = momentum[k]! + kick;
    const inverseMass = values[r + 6]!;
    const v = inverseMass * p;
    twiceKinetic += p * v;
    values[r + 7]! += p;
    values[r + out] = p;
    values[r + out + 1] = v;
    const rho = values[r + before]! + p;
    plus += v * rho;
    minus += values[r + before + 1]! * rho;
    const half = p + kick;
    momentum[k] = 0.999 * half;
    nextPosition[k] = position[k]! + stepSize * inverseMass * half;
  }
  return twiceKinetic + plus + minus;
}

/** Every vector of `throughObjects` in one array, each a block of `dim` values at an offset. */
interface Arena {
  readonly values: Float64Array;
  /** The block length, read at run time as the tree would (not the module constant). */
  readonly dim: number;
}
// The blocks: gradient, momentum, position, next, M^{-1}, sum, then three slots each of
// momentumOut, velocityOut, momentumBefore, velocityBefore.
const BLOCKS = 6 + 4 * 3;

function inArena(arena: Arena, slot: number, halfStep: number, stepSize: number): number {
  const { values, dim } = arena;
  const gradient = 0;
  const momentum = dim;
  const position = 2 * dim;
  const nextPosition = 3 * dim;
  const inverseMass = 4 * dim;
  const sum = 5 * dim;
  const momentumOut = (6 + slot) * dim;
  const velocityOut = (9 + slot) * dim;
  const momentumBefore = (12 + slot) * dim;
  const velocityBefore = (15 + slot) * dim;
  let twiceKinetic = 0;
  let plus = 0;
  let minus = 0;
  for (let k = 0; k < dim; k++) {
    const kick = halfStep * values[gradient + k]!;
    const p = values[momentum + k]! + kick;
    const d = values[inverseMass + k]!;
    const v = d * p;
    twiceKinetic += p * v;
    values[sum + k]! += p;
    values[momentumOut + k] = p;
    values[velocityOut + k] = v;
    const rho = values[momentumBefore + k]! + p;
    plus += v * rho;
    minus += values[velocityBefore + k]! * rho;
    const half = p + kick;
    values[momentum + k] = 0.999 * half;
    values[nextPosition + k] = values[position + k]! + stepSize * d * half;
  }
  return twiceKinetic + plus + minus;
}

// One timing loop per variant, so that each call site sees one function (a loop shared by the
// three made the first round differ from the rest: there its call was still inlined).
function timeModuleConstants(): number {
  const started = now();
  let total = 0;
  for (let call = 0; call < CALLS; call++) total += moduleConstants(0.05, 0.1);
  return perCoordinate(started, total);
}

function timeThroughObjects(end: End, slots: Slots): number {
  const started = now();
  let total = 0;
  for (let call = 0; call < CALLS; call++) total += throughObjects(end, slots, call % 3, 0.05, 0.1);
  return perCoordinate(started, total);
}

function timeInterleaved(end: End, records: Records): number {
  const started = now();
  let total = 0;
  for (let call = 0; call < CALLS; call++) total += interleaved(end, records, 11 + 5 * (call % 3), 13 + 5 * ((call + 1) % 3), 0.05, 0.1);
  return perCoordinate(started, total);
}

function timeArena(arena: Arena): number {
  const started = now();
  let total = 0;
  for (let call = 0; call < CALLS; call++) total += inArena(arena, call % 3, 0.05, 0.1);
  return perCoordinate(started, total);
}

function now(): number {
  return threadNanos() ?? performance.now() * 1e6;
}

function perCoordinate(started: number, total: number): number {
  if (Number.isNaN(total)) throw new Error('leaf-layout: a NaN result (the loops are not comparable)');
  return (now() - started) / CALLS / DIM;
}

const end = makeEnd();
const slots: Slots = { inverseMass: new Float64Array(DIM).fill(1), sum: filled(DIM), momentumOut: three(), velocityOut: three(), momentumBefore: three(), velocityBefore: three() };
const interleavedRecords: Records = { values: filled(DIM * STRIDE), stride: STRIDE };
for (let r = 6; r < interleavedRecords.values.length; r += STRIDE) interleavedRecords.values[r] = 1;

const arena: Arena = { values: filled(DIM * BLOCKS), dim: DIM };
arena.values.fill(1, 4 * DIM, 5 * DIM);

for (let round = 0; round < 6; round++) {
  const constants = timeModuleConstants();
  const objects = timeThroughObjects(end, slots);
  const records = timeInterleaved(end, interleavedRecords);
  const blocks = timeArena(arena);
  console.log(
    `ns per coordinate: separate arrays, module constants ${constants.toFixed(2)}; separate, through objects ${objects.toFixed(2)}; ` +
      `interleaved records, through an object ${records.toFixed(2)}; one arena of blocks at offsets ${blocks.toFixed(2)}`,
  );
}
