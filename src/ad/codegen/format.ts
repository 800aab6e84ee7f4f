/**
 * The one formatter of numbers in generated source: finite numbers in JavaScript's
 * shortest round-trip form (Number.prototype.toString reads back as the same double),
 * negative ones and −0 parenthesised, NaN and ±Infinity as expressions. Anything but a
 * number is refused, so no string can reach generated code through it.
 */
export function formatNumber(value: number): string {
  if (typeof value !== 'number') throw new TypeError(`formatNumber: expected a number, got ${typeof value}`);
  if (Number.isNaN(value)) return '(0 / 0)';
  if (value === Infinity) return '(1 / 0)';
  if (value === -Infinity) return '(-1 / 0)';
  if (Object.is(value, -0)) return '(-0)';
  const text = value.toString();
  return value < 0 ? `(${text})` : text;
}

/** Identifiers of generated code: a fixed prefix and a counter, never a user's name. */
export function identifier(prefix: 'v' | 't' | 'g' | 'a' | 'b' | 'i' | 'n' | 'o' | 'x' | 'k' | 's', index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new Error(`identifier: index ${index} is not a non-negative integer`);
  return `${prefix}${index}`;
}
