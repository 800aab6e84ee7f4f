import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/random/rng.js';
import { normals, standardNormal, zigguratLayers } from '../../src/random/ziggurat.js';

// The ziggurat's construction (its draws are checked in cases.ts: the bulk fill against Φ
// and the tail beyond r against the normal tail's law).

const density = (x: number): number => Math.exp(-0.5 * x * x);

describe('ziggurat tables', () => {
  const { r, area, edges } = zigguratLayers();

  it('close at the r of Marsaglia & Tsang (2000) for 256 layers', () => {
    expect(edges.length).toBe(257);
    expect(r).toBeCloseTo(3.6541528853610088, 14);
    expect(area).toBeCloseTo(4.92867323399e-3, 13);
    expect(edges[1]).toBe(r);
    expect(edges[256]).toBe(0);
  });

  it('cut the density into 256 layers of equal area, edges decreasing to the mode', () => {
    // Layer 0: the base strip [0, r] × [0, f(r)] plus the tail, as a rectangle of width x_0.
    expect(edges[0]! * density(r)).toBeCloseTo(area, 17);
    for (let i = 1; i < 256; i++) {
      expect(edges[i + 1]!).toBeLessThan(edges[i]!);
      // Layer i: width x_i between the heights f(x_i) and f(x_{i+1}).
      expect(Math.abs((edges[i]! * (density(edges[i + 1]!) - density(edges[i]!))) / area - 1)).toBeLessThan(1e-11);
    }
  });
});

describe('normals', () => {
  it('fills the buffer with the same numbers as successive standard normal draws, and returns it', () => {
    // 20 000 draws: about 200 fall outside a layer's core (wedges, the tail, rejections),
    // where the generator's own fillNormals hands over to the general code.
    const out = new Float64Array(20_000);
    expect(normals(makeRng(5, 1), out)).toBe(out);
    const rng = makeRng(5, 1);
    const one = makeRng(5, 1);
    expect(Array.from(out)).toEqual(Array.from({ length: out.length }, () => standardNormal(rng)));
    expect(Array.from(out)).toEqual(Array.from({ length: out.length }, () => one.normal()));
    // And the stream goes on from the same place.
    const after = makeRng(5, 1);
    normals(after, new Float64Array(out.length));
    expect(after.uint32()).toBe(rng.uint32());
  });

  it('reaches into the tails on both sides', () => {
    const draws = normals(makeRng(5, 2), new Float64Array(200_000));
    // P(|Z| > r) = 2.6e−4: about 52 of 200,000 come from the tail algorithm.
    const { r } = zigguratLayers();
    expect(draws.filter((z) => z > r).length).toBeGreaterThan(5);
    expect(draws.filter((z) => z < -r).length).toBeGreaterThan(5);
    expect(draws.every(Number.isFinite)).toBe(true);
  });
});
