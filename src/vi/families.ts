import type { FamilyKind, VariationalFamily } from './family.js';
import { fullRankFamily } from './full-rank.js';
import { meanFieldFamily } from './mean-field.js';

/** The Gaussian family of `kind` on R^dim. */
export function familyFor(kind: FamilyKind, dim: number): VariationalFamily {
  switch (kind) {
    case 'meanfield':
      return meanFieldFamily(dim);
    case 'fullrank':
      return fullRankFamily(dim);
    default: {
      const unknown: never = kind;
      throw new Error(`familyFor: kind is '${String(unknown)}', but must be 'meanfield' or 'fullrank'`);
    }
  }
}
