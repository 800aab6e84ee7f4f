import type { Fit } from '../../src/browser.js';

/**
 * A fingerprint of a fit's draws: a 64-bit hash (two 32-bit FNV-1a passes with different
 * offsets) of every draw's bits, chain by chain, column by column. Two runs with the same
 * fingerprint drew the same numbers, bit for bit (the same seed with 1, 2 or 4 workers must
 * agree). Computed here rather than by crypto.subtle, which pages served over plain http lack.
 */
export function drawsFingerprint(fit: Fit): string {
  let low = 0x811c9dc5;
  let high = 0x01000193 ^ 0x5bd1e995;
  for (const chain of fit.draws) {
    for (const column of chain) {
      const bytes = new Uint8Array(column.buffer, column.byteOffset, column.byteLength);
      for (let i = 0; i < bytes.length; i++) {
        low = Math.imul(low ^ bytes[i]!, 0x01000193);
        high = Math.imul(high ^ bytes[i]!, 0x01000193) ^ (low >>> 15);
      }
    }
  }
  return [high, low].map((word) => (word >>> 0).toString(16).padStart(8, '0')).join('');
}
