// The vector work of a NUTS transition on the diagonal-metric leapfrog path (the JavaScript
// twins are src/samplers/nuts-tree.ts beginDiagonal, nuts-leaf-diagonal.ts and
// nuts-uturn-diagonal.ts; see those for the algorithm: Betancourt 2017, "A Conceptual
// Introduction to Hamiltonian Monte Carlo", appendix A, with the checks across subtrees of
// Stan's base_nuts). Every vector is `bytes` long (dim rounded up to even, times 8), 16-byte
// aligned, in this module's memory; the padding coordinate holds zeros, with M^{-1} = 1 there,
// so it stays zero and adds zeros to every sum.
//
// The element-wise arithmetic is the JavaScript's, two coordinates per instruction (IEEE per
// lane, no fused multiply-add, the same operand order), and each dot product is summed in two
// lanes, the even coordinates in one and the odd in the other, added at the end — the order
// the JavaScript twins sum in too (two accumulators that swap after each coordinate): both
// paths give the same bits, so the draws do not depend on which ran. Two lanes halve each
// sum's chain of dependent additions, which bounded the leaves (bench/README.md, "NUTS step").

/** A two-lane sum's total: the even coordinates' sum plus the odd ones' (as the JavaScript's). */
// @ts-ignore: decorator
@inline
function sumLanes(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/** 1 when both are positive (the no-U-turn criterion's two signs), else 0. */
// @ts-ignore: decorator
@inline
function bothPositive(plus: f64, minus: f64): i32 {
  return i32(plus > 0) & i32(minus > 0);
}

/**
 * The start of a transition (nuts-tree.ts beginDiagonal): z (standard normal draws) becomes
 * p = z / sqrt(M^{-1}) in place, through scale = 1 / sqrt(M^{-1}) recomputed only where
 * M^{-1} differs from `scaled` (a pair is recomputed whole: the same value where it had not
 * changed); both ends' rest momenta and the trajectory's sum are p; each end makes its first
 * half kick and drift (forward with +stepSize, backward with −stepSize). Returns p·M^{-1}p.
 */
export function nutsBegin(
  bytes: i32, z: usize, scale: usize, scaled: usize, diagonal: usize, position: usize, gradient: usize,
  forwardRest: usize, backwardRest: usize, trajectorySum: usize,
  forwardMomentum: usize, forwardNext: usize, backwardMomentum: usize, backwardNext: usize, stepSize: f64,
): f64 {
  const forwardStep = f64x2.splat(stepSize);
  const backwardStep = f64x2.splat(-stepSize);
  const forwardHalf = f64x2.splat(0.5 * stepSize);
  const backwardHalf = f64x2.splat(0.5 * -stepSize);
  let twiceKinetic = f64x2.splat(0.0);
  for (let q: usize = 0; q < <usize>bytes; q += 16) {
    const inverseMass = v128.load(diagonal + q);
    if (v128.any_true(f64x2.ne(inverseMass, v128.load(scaled + q)))) {
      v128.store(scaled + q, inverseMass);
      v128.store(scale + q, f64x2.div(f64x2.splat(1.0), f64x2.sqrt(inverseMass)));
    }
    const p = f64x2.mul(v128.load(z + q), v128.load(scale + q));
    v128.store(z + q, p);
    v128.store(forwardRest + q, p);
    v128.store(backwardRest + q, p);
    v128.store(trajectorySum + q, p);
    twiceKinetic = f64x2.add(twiceKinetic, f64x2.mul(p, f64x2.mul(inverseMass, p)));
    const x = v128.load(position + q);
    const g = v128.load(gradient + q);
    const forwardKicked = f64x2.add(p, f64x2.mul(forwardHalf, g));
    v128.store(forwardMomentum + q, forwardKicked);
    v128.store(forwardNext + q, f64x2.add(x, f64x2.mul(f64x2.mul(forwardStep, inverseMass), forwardKicked)));
    const backwardKicked = f64x2.add(p, f64x2.mul(backwardHalf, g));
    v128.store(backwardMomentum + q, backwardKicked);
    v128.store(backwardNext + q, f64x2.add(x, f64x2.mul(f64x2.mul(backwardStep, inverseMass), backwardKicked)));
  }
  return sumLanes(twiceKinetic);
}

// The leaves (nuts-leaf-diagonal.ts): after the gradient at `position`, the second half kick
// p = momentum + (ε/2)g, p·M^{-1}p, the running momentum sum, the checkpoint, then the next
// step's first half kick into `momentum` and drift into `next`. `check` is logDensity −
// logDensity; each returns p·M^{-1}p / 2, or NaN when the log density or a gradient
// component is not finite (x − x is NaN exactly then).

/** nutsLeaf's kinds: leaf 0 of a subtree, another even leaf, an odd leaf. */
const FIRST: i32 = 0;
const EVEN: i32 = 1;

/**
 * A leaf that does not end its subtree. FIRST (leaf 0): the sum starts, R = 0 + p
 * (firstLeaf). EVEN: R before the leaf saved to `extra` (its checkpoint's sum), then R += p.
 * ODD: R += p, and the U-turn check of the merge with the leaf before it, whose momentum is
 * at `extra`: writes 1 to the i32 at `flags` when it U-turned, else 0. One function for the
 * three (the branches are the same way at every coordinate) keeps the module small.
 */
export function nutsLeaf(
  kind: i32, bytes: i32, position: usize, next: usize, momentum: usize, gradient: usize, diagonal: usize,
  sum: usize, momentumOut: usize, extra: usize, flags: usize, stepSize: f64, check: f64,
): f64 {
  const step = f64x2.splat(stepSize);
  const halfStep = f64x2.splat(0.5 * stepSize);
  const zero = f64x2.splat(0.0);
  let checks = zero;
  let twiceKinetic = f64x2.splat(0.0);
  let plus = f64x2.splat(0.0);
  let minus = f64x2.splat(0.0);
  for (let q: usize = 0; q < <usize>bytes; q += 16) {
    const g = v128.load(gradient + q);
    checks = f64x2.add(checks, f64x2.sub(g, g));
    const kick = f64x2.mul(halfStep, g);
    const p = f64x2.add(v128.load(momentum + q), kick);
    const inverseMass = v128.load(diagonal + q);
    const v = f64x2.mul(inverseMass, p);
    twiceKinetic = f64x2.add(twiceKinetic, f64x2.mul(p, v));
    if (kind == FIRST) {
      v128.store(sum + q, f64x2.add(zero, p));
    } else {
      const before = v128.load(sum + q);
      if (kind == EVEN) v128.store(extra + q, before);
      v128.store(sum + q, f64x2.add(before, p));
    }
    v128.store(momentumOut + q, p);
    if (kind > EVEN) {
      const b = v128.load(extra + q);
      const rho = f64x2.add(b, p);
      plus = f64x2.add(plus, f64x2.mul(v, rho));
      minus = f64x2.add(minus, f64x2.mul(f64x2.mul(inverseMass, b), rho));
    }
    const half = f64x2.add(p, kick);
    v128.store(momentum + q, half);
    v128.store(next + q, f64x2.add(v128.load(position + q), f64x2.mul(f64x2.mul(step, inverseMass), half)));
  }
  if (kind > EVEN) store<i32>(flags, 1 - bothPositive(sumLanes(plus), sumLanes(minus)));
  return check + f64x2.extract_lane(checks, 0) + f64x2.extract_lane(checks, 1) == 0 ? 0.5 * sumLanes(twiceKinetic) : NaN;
}

/**
 * The last leaf of a subtree of depth ≥ 1 (mergingLeaf): an odd leaf's work, then the three
 * criteria of the subtree's merge into the trajectory (sum T, first point's momentum `first`,
 * the old end's `oldEnd`, the far end's `farEnd`), T += R. Writes at `flags` the i32s
 * uTurned (the level-1 check) and, 4 bytes on, 1 when the merge continues.
 */
export function nutsLeafMerging(
  bytes: i32, position: usize, next: usize, momentum: usize, gradient: usize, diagonal: usize,
  sum: usize, momentumOut: usize, before: usize, trajectorySum: usize, first: usize, oldEnd: usize, farEnd: usize,
  flags: usize, stepSize: f64, check: f64,
): f64 {
  const step = f64x2.splat(stepSize);
  const halfStep = f64x2.splat(0.5 * stepSize);
  let checks = f64x2.splat(0.0);
  let twiceKinetic = f64x2.splat(0.0);
  let plus = f64x2.splat(0.0);
  let minus = f64x2.splat(0.0);
  let plus1 = f64x2.splat(0.0);
  let minus1 = f64x2.splat(0.0);
  let plus2 = f64x2.splat(0.0);
  let minus2 = f64x2.splat(0.0);
  let plus3 = f64x2.splat(0.0);
  let minus3 = f64x2.splat(0.0);
  for (let q: usize = 0; q < <usize>bytes; q += 16) {
    const g = v128.load(gradient + q);
    checks = f64x2.add(checks, f64x2.sub(g, g));
    const kick = f64x2.mul(halfStep, g);
    const p = f64x2.add(v128.load(momentum + q), kick);
    const inverseMass = v128.load(diagonal + q);
    const v = f64x2.mul(inverseMass, p);
    twiceKinetic = f64x2.add(twiceKinetic, f64x2.mul(p, v));
    const extension = f64x2.add(v128.load(sum + q), p);
    v128.store(sum + q, extension);
    v128.store(momentumOut + q, p);
    const b = v128.load(before + q);
    const rho = f64x2.add(b, p);
    plus = f64x2.add(plus, f64x2.mul(v, rho));
    minus = f64x2.add(minus, f64x2.mul(f64x2.mul(inverseMass, b), rho));
    const trajectory = v128.load(trajectorySum + q);
    const a = v128.load(first + q);
    const o = v128.load(oldEnd + q);
    const extendedTrajectory = f64x2.add(trajectory, a);
    const extendedExtension = f64x2.add(extension, o);
    const merged = f64x2.add(trajectory, extension);
    const velocityFar = f64x2.mul(inverseMass, v128.load(farEnd + q));
    plus1 = f64x2.add(plus1, f64x2.mul(f64x2.mul(inverseMass, a), extendedTrajectory));
    minus1 = f64x2.add(minus1, f64x2.mul(velocityFar, extendedTrajectory));
    plus2 = f64x2.add(plus2, f64x2.mul(v, extendedExtension));
    minus2 = f64x2.add(minus2, f64x2.mul(f64x2.mul(inverseMass, o), extendedExtension));
    plus3 = f64x2.add(plus3, f64x2.mul(v, merged));
    minus3 = f64x2.add(minus3, f64x2.mul(velocityFar, merged));
    v128.store(trajectorySum + q, merged);
    const half = f64x2.add(p, kick);
    v128.store(momentum + q, half);
    v128.store(next + q, f64x2.add(v128.load(position + q), f64x2.mul(f64x2.mul(step, inverseMass), half)));
  }
  store<i32>(flags, 1 - bothPositive(sumLanes(plus), sumLanes(minus)));
  store<i32>(flags, bothPositive(sumLanes(plus1), sumLanes(minus1)) & bothPositive(sumLanes(plus2), sumLanes(minus2)) & bothPositive(sumLanes(plus3), sumLanes(minus3)), 4);
  return check + f64x2.extract_lane(checks, 0) + f64x2.extract_lane(checks, 1) == 0 ? 0.5 * sumLanes(twiceKinetic) : NaN;
}

/**
 * The first doubling's merge of two points a and b (pointsMergeContinueDiagonal): T += R,
 * and 1 when the merged trajectory does not U-turn.
 */
export function nutsPointsMerge(bytes: i32, trajectorySum: usize, extensionSum: usize, a: usize, b: usize, diagonal: usize): i32 {
  let plus = f64x2.splat(0.0);
  let minus = f64x2.splat(0.0);
  for (let q: usize = 0; q < <usize>bytes; q += 16) {
    const rho = f64x2.add(v128.load(trajectorySum + q), v128.load(extensionSum + q));
    const inverseMass = v128.load(diagonal + q);
    plus = f64x2.add(plus, f64x2.mul(f64x2.mul(inverseMass, v128.load(b + q)), rho));
    minus = f64x2.add(minus, f64x2.mul(f64x2.mul(inverseMass, v128.load(a + q)), rho));
    v128.store(trajectorySum + q, rho);
  }
  return bothPositive(sumLanes(plus), sumLanes(minus));
}

/**
 * The three criteria of a merge inside a subtree at level ≥ 2 (blocksContinueDiagonal), from
 * the running sums before each block and after both, and the momenta at the blocks' ends;
 * 1 when all hold.
 */
export function nutsBlocks(
  bytes: i32, sumBeforeFirst: usize, sumBeforeSecond: usize, sum: usize, momentumFirst: usize,
  momentumSecond: usize, momentumLastOfFirst: usize, momentumLast: usize, diagonal: usize,
): i32 {
  let plus1 = f64x2.splat(0.0);
  let minus1 = f64x2.splat(0.0);
  let plus2 = f64x2.splat(0.0);
  let minus2 = f64x2.splat(0.0);
  let plus3 = f64x2.splat(0.0);
  let minus3 = f64x2.splat(0.0);
  for (let q: usize = 0; q < <usize>bytes; q += 16) {
    const before = v128.load(sumBeforeFirst + q);
    const middle = v128.load(sumBeforeSecond + q);
    const total = v128.load(sum + q);
    const inverseMass = v128.load(diagonal + q);
    const s = v128.load(momentumSecond + q);
    const m = v128.load(momentumLastOfFirst + q);
    const extendedFirst = f64x2.add(f64x2.sub(middle, before), s);
    const extendedSecond = f64x2.add(f64x2.sub(total, middle), m);
    const merged = f64x2.sub(total, before);
    const velocityMinus = f64x2.mul(inverseMass, v128.load(momentumFirst + q));
    const velocityPlus = f64x2.mul(inverseMass, v128.load(momentumLast + q));
    plus1 = f64x2.add(plus1, f64x2.mul(f64x2.mul(inverseMass, s), extendedFirst));
    minus1 = f64x2.add(minus1, f64x2.mul(velocityMinus, extendedFirst));
    plus2 = f64x2.add(plus2, f64x2.mul(velocityPlus, extendedSecond));
    minus2 = f64x2.add(minus2, f64x2.mul(f64x2.mul(inverseMass, m), extendedSecond));
    plus3 = f64x2.add(plus3, f64x2.mul(velocityPlus, merged));
    minus3 = f64x2.add(minus3, f64x2.mul(velocityMinus, merged));
  }
  return bothPositive(sumLanes(plus1), sumLanes(minus1)) & bothPositive(sumLanes(plus2), sumLanes(minus2)) & bothPositive(sumLanes(plus3), sumLanes(minus3));
}

/** x rotated left by k bits. */
// @ts-ignore: decorator
@inline
function rotl(x: u32, k: u32): u32 {
  return (x << k) | (x >>> (32 - k));
}

/**
 * Standard normal draws into out[from..count − 1] (doubles) by the ziggurat of
 * src/random/ziggurat.ts (Marsaglia & Tsang 2000 with Doornik's 2005 correction: disjoint bits
 * for the layer and the abscissa) over the xoshiro128** generator of src/random/xoshiro128.ts
 * (Blackman & Vigna 2021; the same
 * integer steps and the same floating-point expression, so the same numbers as its
 * fillNormals), the generator's four state words at `state`. `accept` and `width` are the
 * ziggurat's ACCEPT and WIDTH tables (256 doubles each). Returns count when every draw was in
 * a layer's core; otherwise the index of the first that was not, with the state after its two
 * words and the words themselves at state + 16 and state + 20 (the caller finishes that draw,
 * ziggurat.ts outsideCore, and calls again from the next index).
 */
export function nutsNormals(out: usize, from: i32, count: i32, state: usize, accept: usize, width: usize): i32 {
  let s0 = load<u32>(state);
  let s1 = load<u32>(state, 4);
  let s2 = load<u32>(state, 8);
  let s3 = load<u32>(state, 12);
  let i = from;
  for (; i < count; i++) {
    const a = rotl(s1 * 5, 7) * 9;
    let t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    const b = rotl(s1 * 5, 7) * 9;
    t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    const layer = <usize>(a & 0xff) << 3;
    const u = <f64>(a >>> 9) * 536870912.0 + <f64>(b >>> 3);
    if (u < load<f64>(accept + layer)) {
      store<f64>(out + (<usize>i << 3), u * load<f64>(width + layer) * <f64>(1 - <i32>((a >>> 7) & 2)));
      continue;
    }
    store<u32>(state, a, 16);
    store<u32>(state, b, 20);
    break;
  }
  store<u32>(state, s0);
  store<u32>(state, s1, 4);
  store<u32>(state, s2, 8);
  store<u32>(state, s3, 12);
  return i;
}
