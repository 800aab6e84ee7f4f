import type { CompiledModel } from '../models/model.js';
import type { Rng } from '../random/rng.js';
import { normals, outsideCore } from '../random/ziggurat.js';
import type { ChainState } from './kernel.js';
import { addressOf, type NutsArena } from './nuts-arena.js';
import { type Checkpoints, endSlot, startSlot } from './nuts-checkpoints.js';
import { copyInto, evaluate, type LeafBuffers, type TrajectoryEnd } from './nuts-leaf.js';

/**
 * The diagonal leapfrog path of nuts-tree.ts (multinomial NUTS, Betancourt 2017, "A Conceptual
 * Introduction to Hamiltonian Monte Carlo", appendix A, with the U-turn checks across
 * subtrees of Stan's base_nuts) with its vector work in WebAssembly
 * (assembly/nuts.ts) over the tree's arena (nuts-arena.ts): the same steps as beginDiagonal,
 * nuts-leaf-diagonal.ts and nuts-uturn-diagonal.ts, one kernel call each, on the same
 * vectors, giving the same bits (the kernels add in the JavaScript's order). Each leaf is the
 * model's gradient (JavaScript, reading the position and writing the gradient in the arena's
 * views) and then one call for the second half kick, the sums, the checkpoint, the U-turn
 * checks its pass makes and the next step's first half kick and drift.
 */

/** The vectors beginWasm reads and writes besides the arena's own. */
export interface BeginVectors {
  readonly initialMomentum: Float64Array;
  readonly momentumScale: Float64Array;
  readonly scaledDiagonal: Float64Array;
  readonly trajectorySum: Float64Array;
  readonly forward: TrajectoryEnd;
  readonly backward: TrajectoryEnd;
}

/** beginDiagonal (nuts-tree.ts) on the WebAssembly path; returns p · M^{-1} p. */
export function beginWasm(
  arena: NutsArena,
  rng: Rng,
  state: ChainState,
  inverseMassDiag: Float64Array,
  vectors: BeginVectors,
  stepSize: number,
): number {
  copyInto(state.position, arena.position);
  copyInto(state.logDensityGrad, arena.logDensityGrad);
  copyInto(inverseMassDiag, arena.diagonal);
  const { forward, backward, initialMomentum } = vectors;
  const generator = rng.xoshiro128State;
  if (generator === undefined) normals(rng, initialMomentum);
  else wasmNormals(arena, rng, generator, initialMomentum);
  return arena.kernels.nutsBegin(
    arena.bytes,
    addressOf(initialMomentum),
    addressOf(vectors.momentumScale),
    addressOf(vectors.scaledDiagonal),
    addressOf(arena.diagonal),
    addressOf(arena.position),
    addressOf(arena.logDensityGrad),
    addressOf(forward.restMomentum),
    addressOf(backward.restMomentum),
    addressOf(vectors.trajectorySum),
    addressOf(forward.momentum),
    forward.nextPositionAddress,
    addressOf(backward.momentum),
    backward.nextPositionAddress,
    stepSize,
  );
}

/**
 * ziggurat.ts `normals` for makeRng's generator, stepped in WebAssembly (nutsNormals): the
 * state is copied in and back; the ~1% of draws outside a layer's core are finished here by
 * outsideCore, which draws from the generator itself. The same numbers as fillNormals.
 */
function wasmNormals(arena: NutsArena, rng: Rng, state: Int32Array, out: Float64Array): void {
  const words = arena.generator;
  const count = out.length;
  const address = addressOf(out);
  words[0] = state[0]!;
  words[1] = state[1]!;
  words[2] = state[2]!;
  words[3] = state[3]!;
  for (let i = 0; ; i++) {
    i = arena.kernels.nutsNormals(address, i, count, arena.generatorAt, arena.acceptAt, arena.widthAt);
    state[0] = words[0]!;
    state[1] = words[1]!;
    state[2] = words[2]!;
    state[3] = words[3]!;
    if (i === count) return;
    const a = words[4]! >>> 0;
    const b = words[5]! >>> 0;
    out[i] = outsideCore(a & 0xff, (a >>> 9) * 536870912 + (b >>> 3), (a & 0x100) !== 0, rng);
    words[0] = state[0]!;
    words[1] = state[1]!;
    words[2] = state[2]!;
    words[3] = state[3]!;
  }
}

/** nutsLeaf's kinds of leaf (assembly/nuts.ts). */
const FIRST = 0;
const EVEN = 1;
const ODD = 2;

/** diagonalLeaf (nuts-leaf-diagonal.ts) on the WebAssembly path. */
export function wasmLeaf(arena: NutsArena, buffers: LeafBuffers, model: CompiledModel, end: TrajectoryEnd, leaf: number, stepSize: number): number {
  const position = end.nextPosition;
  end.nextPosition = end.position;
  end.position = position;
  const positionAt = end.nextPositionAddress;
  const nextAt = end.positionAddress;
  end.positionAddress = positionAt;
  end.nextPositionAddress = nextAt;
  const gradientAt = end.gradientAddress;
  const logDensity = evaluate(model, end);
  end.logDensity = logDensity;
  const check = logDensity - logDensity;
  const kernels = arena.kernels;
  const { checkpoints, extensionSum: sum } = buffers;
  if ((leaf & 1) === 0) {
    const slot = startSlot(leaf, buffers.firstSlot);
    return kernels.nutsLeaf(
      leaf === 0 ? FIRST : EVEN, arena.bytes, positionAt, nextAt, addressOf(end.momentum), gradientAt, addressOf(arena.diagonal),
      addressOf(sum), addressOf(checkpoints.startMomenta[slot]!), addressOf(checkpoints.startSums[slot]!), arena.flagsAt, stepSize, check,
    );
  }
  const momentumOut = addressOf(checkpoints.endMomenta[endSlot(leaf)]!);
  const before = addressOf(checkpoints.startMomenta[startSlot(leaf - 1, buffers.firstSlot)]!);
  let kinetic: number;
  if (leaf === buffers.lastLeaf) {
    kinetic = kernels.nutsLeafMerging(
      arena.bytes, positionAt, nextAt, addressOf(end.momentum), gradientAt,
      addressOf(arena.diagonal), addressOf(sum), momentumOut, before, addressOf(buffers.trajectorySum),
      addressOf(checkpoints.startMomenta[buffers.firstSlot]!), addressOf(end.restMomentum), addressOf(buffers.farEnd),
      arena.flagsAt, stepSize, check,
    );
    buffers.mergeContinues = arena.flags[1] !== 0;
  } else {
    kinetic = kernels.nutsLeaf(
      ODD, arena.bytes, positionAt, nextAt, addressOf(end.momentum), gradientAt,
      addressOf(arena.diagonal), addressOf(sum), momentumOut, before, arena.flagsAt, stepSize, check,
    );
  }
  buffers.uTurned = arena.flags[0] !== 0;
  return kinetic;
}

/** pointsMergeContinueDiagonal (nuts-uturn-diagonal.ts) on the WebAssembly path. */
export function pointsMergeContinueWasm(
  arena: NutsArena,
  trajectorySum: Float64Array,
  extensionSum: Float64Array,
  momentumA: Float64Array,
  momentumB: Float64Array,
): boolean {
  const bytes = arena.bytes;
  return arena.kernels.nutsPointsMerge(bytes, addressOf(trajectorySum), addressOf(extensionSum), addressOf(momentumA), addressOf(momentumB), addressOf(arena.diagonal)) !== 0;
}

/** subtreesContinueDiagonal (nuts-uturn-diagonal.ts) on the WebAssembly path: one call per level ≥ 2. */
export function subtreesContinueWasm(arena: NutsArena, checkpoints: Checkpoints, sum: Float64Array, leaf: number): boolean {
  const { startMomenta, startSums, endMomenta } = checkpoints;
  const lastSlot = startMomenta.length - 1;
  const top = endSlot(leaf);
  for (let level = 2; level <= top; level++) {
    const first = startSlot(leaf + 1 - (1 << level), lastSlot);
    const second = level - 1;
    const continues = arena.kernels.nutsBlocks(
      arena.bytes,
      addressOf(startSums[first]!),
      addressOf(startSums[second]!),
      addressOf(sum),
      addressOf(startMomenta[first]!),
      addressOf(startMomenta[second]!),
      addressOf(endMomenta[level - 1]!),
      addressOf(endMomenta[top]!),
      addressOf(arena.diagonal),
    );
    if (continues === 0) return false;
  }
  return true;
}
