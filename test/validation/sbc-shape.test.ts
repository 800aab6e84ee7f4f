import { describe, it } from 'vitest';
import { expectCheckPasses } from '../helpers/expect-check.js';
import { rankShapeCalibrated, rankShapeReadings } from './validation.checks.js';

// rankShape reads the direction of miscalibration (Talts et al. 2018, section 4.2) from the
// ranks of a true value among L = 99 draws when the fitted posterior is normal(shift, scale)
// and the exact posterior standard normal: functions of the seed in validation.checks.ts,
// run here at one seed and by `npm run sweep` over many.

describe('rankShape reads the direction of miscalibration (Talts et al. 2018, section 4.2)', () => {
  it('gives calibrated ranks standard-normal mean and spread z-scores', () => expectCheckPasses(rankShapeCalibrated));
  it('reads too narrow, too wide and shifted fits as such', () => expectCheckPasses(rankShapeReadings));
});
