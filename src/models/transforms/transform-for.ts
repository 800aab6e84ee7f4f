import type { Constraint } from '../constraints.js';
import { affineTransform } from './affine.js';
import { choleskyCorrTransform } from './cholesky-corr.js';
import { choleskyCovTransform } from './cholesky-cov.js';
import { corrMatrixTransform } from './corr-matrix.js';
import { covMatrixTransform } from './cov-matrix.js';
import { identityTransform } from './identity.js';
import { intervalTransform } from './interval.js';
import { lowerBoundTransform } from './lower-bound.js';
import { orderedTransform } from './ordered.js';
import { positiveOrderedTransform } from './positive-ordered.js';
import { simplexTransform } from './simplex.js';
import { columnStochasticTransform, rowStochasticTransform } from './stochastic-matrix.js';
import { sumToZeroTransform } from './sum-to-zero.js';
import type { Transform } from './transform.js';
import { unitVectorTransform } from './unit-vector.js';
import { upperBoundTransform } from './upper-bound.js';

/**
 * The bijection from unconstrained reals onto a constraint's set (NumPyro's biject_to).
 * An exhaustive switch: a new kind of constraint without a transform fails to compile.
 */
export function transformFor(constraint: Constraint): Transform {
  switch (constraint.kind) {
    case 'real':
      return identityTransform;
    case 'lower':
      return lowerBoundTransform(constraint.lower);
    case 'upper':
      return upperBoundTransform(constraint.upper);
    case 'interval':
      return intervalTransform(constraint.lower, constraint.upper);
    case 'simplex':
      return simplexTransform;
    case 'ordered':
      return orderedTransform;
    case 'positiveOrdered':
      return positiveOrderedTransform;
    case 'choleskyCorr':
      return choleskyCorrTransform;
    case 'choleskyCov':
      return choleskyCovTransform;
    case 'unitVector':
      return unitVectorTransform;
    case 'sumToZero':
      return sumToZeroTransform;
    case 'corrMatrix':
      return corrMatrixTransform;
    case 'covMatrix':
      return covMatrixTransform;
    case 'rowStochastic':
      return rowStochasticTransform;
    case 'columnStochastic':
      return columnStochasticTransform;
    case 'affine':
      return affineTransform(constraint.offset, constraint.multiplier);
    case 'integer':
    case 'integerSum':
      throw new Error(
        `transformFor: parameters must be continuous: the constraint '${constraint.kind}' is discrete. ` +
          'Sum discrete unknowns out of the model (marginalise them), as Stan requires.',
      );
    default: {
      const unhandled: never = constraint;
      throw new Error(`transformFor: no transform for the constraint ${JSON.stringify(unhandled)}`);
    }
  }
}
