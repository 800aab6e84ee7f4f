import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFit, writeFit } from '../../../src/io/fit-directory.js';
import { loo } from '../../../src/loo/loo.js';
import { defineModel, real, vector, int } from '../../../src/models/api/index.js';
import { exponential, normal } from '../../../src/models/distributions/index.js';
import { columnDraws } from '../../../src/samplers/run/fit.js';
import { generateQuantities } from '../../../src/samplers/run/generate-quantities.js';
import { sample } from '../../../src/samplers/run/sample.js';
import { scaleData, scaleModelDefinition } from '../../vi/support.js';

/** The scale model of test/vi/support.ts with, instead of yNew, the pointwise log-likelihood. */
const withLogLik = defineModel({
  name: 'scale_loglik',
  data: { N: int({ lower: 0 }), y: vector('N') },
  parameters: { sigma: real({ lower: 0 }) },
  model: (p, data, target) => {
    target.sample(p.sigma, exponential(1));
    target.sample(data.y, normal(0, p.sigma));
  },
  generatedQuantities: (p, data) => ({
    log_lik: Array.from(data.y.data, (y) => -0.5 * Math.log(2 * Math.PI) - Math.log(p.sigma as number) - 0.5 * (y / (p.sigma as number)) ** 2),
  }),
});

const root = mkdtempSync(join(tmpdir(), 'leapfrog-generate-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('generateQuantities (CmdStan generate_quantities)', () => {
  const model = scaleModelDefinition.compile(scaleData);
  const fit = sample(model, { chains: 2, warmup: 100, draws: 80, seed: 5 });

  it('reproduces the quantities sampling generated, random ones included, with the run\'s seed', () => {
    const again = generateQuantities(model, fit);
    expect(again.columnNames).toEqual(fit.columnNames);
    for (const name of ['sigma', 'yNew']) {
      columnDraws(again, name).forEach((chain, c) => chain.forEach((value, k) => expect(value).toBeCloseTo(columnDraws(fit, name)[c]![k]!, 12)));
    }
    // Sampler columns are kept as they were.
    expect(columnDraws(again, 'lp__')).toEqual(columnDraws(fit, 'lp__'));
    // Another seed: other random quantities, the same deterministic ones.
    const other = generateQuantities(model, fit, { seed: 6 });
    expect(columnDraws(other, 'yNew')[0]![0]).not.toBeCloseTo(columnDraws(fit, 'yNew')[0]![0]!, 6);
  });

  it('computes a new model\'s quantities for saved draws, e.g. log_lik for LOO, from a saved fit', () => {
    writeFit(fit, join(root, 'run'), { model: 'scale' });
    const { fit: saved } = readFit(join(root, 'run'));
    const extended = generateQuantities(withLogLik.compile(scaleData), saved);
    expect(extended.outputNames).toEqual(['sigma', 'log_lik[1]', 'log_lik[2]', 'log_lik[3]', 'log_lik[4]', 'log_lik[5]']);
    const sigma = columnDraws(extended, 'sigma')[1]![7]!;
    expect(columnDraws(extended, 'log_lik[3]')[1]![7]).toBeCloseTo(-0.5 * Math.log(2 * Math.PI) - Math.log(sigma) - 0.5 * (2.1 / sigma) ** 2, 12);
    const result = loo(extended);
    expect(result.observations).toBe(5);
    expect(Number.isFinite(result.elpdLoo.estimate)).toBe(true);
  });

  it('names a parameter the fit does not have', () => {
    const other = defineModel({
      name: 'other',
      data: {},
      parameters: { mu: real() },
      model: (p, _data, target) => target.sample(p.mu, normal(0, 1)),
    }).compile({});
    expect(() => generateQuantities(other, fit)).toThrow("generateQuantities(other): the fit has no column 'mu' of parameter mu");
  });
});
