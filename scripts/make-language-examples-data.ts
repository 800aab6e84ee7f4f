// Writes the data of the modelling-language examples (examples/language/*.data.json) from
// fixed seeds, so that they can be remade: `npx tsx scripts/make-language-examples-data.ts`.
//   - dirichlet_multinomial_groups: G = 5 groups of counts over K = 4 categories, each row
//     multinomial with its own probabilities drawn from Dirichlet(alpha).
//   - truncated_normal: N = 300 measurements from normal(2, 1) truncated to [0, 4.5]
//     (rejection sampling), as an instrument that only reads inside its range.
//   - user_density: N = 40 measurements from normal(1.5, 0.8), four of them replaced by
//     outliers from normal(1.5, 8): the Student-t(4) location model's data.
import { writeFileSync } from 'node:fs';
import { makeRng } from '../src/random/rng.js';

const write = (name: string, value: unknown): void => {
  const path = new URL(`../examples/language/${name}`, import.meta.url);
  writeFileSync(path, `${JSON.stringify(value)}\n`);
  console.log(`wrote examples/language/${name}`);
};

{
  const rng = makeRng(2024, 0);
  const alpha = [2, 1.5, 1, 0.5];
  const sizes = [30, 12, 55, 8, 20];
  const gamma = (shape: number): number => {
    // Marsaglia and Tsang (2000) for shape ≥ 1; shape < 1 by Gamma(a + 1) · U^(1/a).
    if (shape < 1) return gamma(shape + 1) * rng.uniform() ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const z = rng.normal();
      const v = (1 + c * z) ** 3;
      if (v > 0 && Math.log(rng.uniform()) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
    }
  };
  const y = sizes.map((n) => {
    const g = alpha.map(gamma);
    const total = g.reduce((a, b) => a + b, 0);
    const p = g.map((v) => v / total);
    const counts = new Array<number>(alpha.length).fill(0);
    for (let i = 0; i < n; i++) {
      let u = rng.uniform();
      let k = 0;
      while (k < p.length - 1 && u >= p[k]!) u -= p[k++]!;
      counts[k]!++;
    }
    return counts;
  });
  write('dirichlet_multinomial_groups.data.json', { G: sizes.length, K: alpha.length, alpha, y });
}

{
  const rng = makeRng(2025, 0);
  const y: number[] = [];
  while (y.length < 300) {
    const v = 2 + rng.normal();
    if (v >= 0 && v <= 4.5) y.push(Number(v.toFixed(4)));
  }
  write('truncated_normal.data.json', { N: y.length, L: 0, U: 4.5, y });
}

{
  const rng = makeRng(2026, 0);
  const y = Array.from({ length: 40 }, (_, n) => Number((1.5 + (n % 10 === 3 ? 8 : 0.8) * rng.normal()).toFixed(4)));
  write('user_density.data.json', { N: y.length, y, nu: 4, s: 0.8 });
}
