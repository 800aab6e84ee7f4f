import type { DistributionFamily } from '../../models/distributions/distribution.js';
import { distributionRegistry } from '../../models/distributions/registry.js';

/** The distribution family of a Stan name, from the distributions registry; undefined if unknown. */
export function findDistributionFamily(name: string): DistributionFamily | undefined {
  return distributionRegistry.get(name);
}

/** Every distribution name specs accept, sorted (the JSON Schema lists them for autocomplete). */
export const DISTRIBUTION_NAMES: readonly string[] = [...distributionRegistry.keys()].sort();
