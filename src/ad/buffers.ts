// Where tensor ops get their output arrays.
//
// V8 keeps the data of a Float64Array of more than 8 elements outside its heap: every
// `new Float64Array(1000)` is a calloc, an external-memory adjustment and a finaliser for
// the garbage collector, about 2 µs on Node 20 — twice the cost of the loop that fills it.
// A log-density gradient over 1,000 observations makes a dozen such arrays, and a sampler
// asks for that gradient hundreds of thousands of times. So a caller that knows its
// intermediates die with the call (a compiled model's logDensityAndGradient, which copies
// the gradient out) runs it inside `withBufferPool`: ops then take their arrays from the
// pool, and the next call reuses them. Outside a pool, ops allocate as usual, so values a
// user keeps are never overwritten. (bench/README.md, "JavaScript": "reuse buffers across gradient calls".)
//
// The active pool is module state, but only for the extent of one `withBufferPool` call:
// `finally` restores the previous one on every path out, exceptions included.

/** Arrays up to this length live on V8's heap and are cheap to allocate: not pooled. */
const SMALL = 8;

class Bucket {
  readonly arrays: Float64Array[] = [];
  used = 0;
}

/**
 * Arrays reused across calls: the n-th request for a length in one scope gets the same
 * array as the n-th request for that length in the previous scope. Tensors made inside a
 * scope are only valid until the scope ends.
 */
export class BufferPool {
  private readonly buckets = new Map<number, Bucket>();
  private readonly touched: Bucket[] = [];
  /** Set while a scope runs: a nested scope on the same pool must not reuse its arrays. */
  active = false;

  take(length: number): Float64Array {
    let bucket = this.buckets.get(length);
    if (bucket === undefined) {
      bucket = new Bucket();
      this.buckets.set(length, bucket);
    }
    if (bucket.used === 0) this.touched.push(bucket);
    if (bucket.used < bucket.arrays.length) {
      const reused = bucket.arrays[bucket.used++]!;
      reused.fill(0);
      return reused;
    }
    const fresh = new Float64Array(length);
    bucket.arrays.push(fresh);
    bucket.used++;
    return fresh;
  }

  /** Makes every array available again (their previous contents are dead). */
  release(): void {
    for (let k = 0; k < this.touched.length; k++) this.touched[k]!.used = 0;
    this.touched.length = 0;
  }
}

let activePool: BufferPool | null = null;

/**
 * A zero-filled array of `length` elements for an op's output: from the active pool inside
 * `withBufferPool`, else a new one. Ops use it wherever they would write `new Float64Array`.
 */
export function newBuffer(length: number): Float64Array {
  return activePool === null || length <= SMALL ? new Float64Array(length) : activePool.take(length);
}

/**
 * Runs `fn` with `pool` supplying op outputs. Every tensor made inside is invalid once `fn`
 * returns: `fn` must return plain numbers or copies. Re-entering the same pool (a model whose
 * density evaluates itself) runs the inner call without pooling.
 */
export function withBufferPool<T>(pool: BufferPool, fn: () => T): T {
  const previous = activePool;
  if (pool.active) activePool = null;
  else {
    pool.active = true;
    activePool = pool;
  }
  try {
    return fn();
  } finally {
    if (activePool === pool) {
      pool.release();
      pool.active = false;
    }
    activePool = previous;
  }
}
