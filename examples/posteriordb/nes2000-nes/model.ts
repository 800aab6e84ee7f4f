import { fill, matvec, stack, Tensor, transpose } from '../../../src/ad/index.js';
import { defineModel, int, intArray, real, vector } from '../../../src/models/api/index.js';
import { normal } from '../../../src/models/distributions/index.js';

// posteriordb nes2000-nes (see README.md): party identification on ideology, race, age
// group (three indicators against the 18–29 baseline), education, gender and income.
export const model = defineModel({
  name: 'nes2000-nes',
  data: {
    N: int({ lower: 0 }),
    partyid7: vector('N'),
    real_ideo: vector('N'),
    race_adj: vector('N'),
    age_discrete: intArray('N', { lower: 1, upper: 4 }),
    educ1: vector('N'),
    gender: vector('N'),
    income: vector('N'),
  },
  transformedData: (data) => {
    const indicator = (group: number): Tensor => new Tensor(data.age_discrete.data.map((a) => (a === group ? 1 : 0)), [data.N]);
    const columns = [
      fill([data.N], 1),
      data.real_ideo,
      data.race_adj,
      indicator(2), // age 30–44
      indicator(3), // age 45–64
      indicator(4), // age 65+
      data.educ1,
      data.gender,
      data.income,
    ];
    return { X: transpose(stack(columns)) };
  },
  parameters: { beta: vector(9), sigma: real({ lower: 0 }) },
  model: (p, data, target) => {
    // beta and sigma: flat priors (no terms).
    target.sample(data.partyid7, normal(matvec(data.X, p.beta), p.sigma));
  },
});

export const dataFile = 'data.json';
export const referenceFile = 'reference.json';
