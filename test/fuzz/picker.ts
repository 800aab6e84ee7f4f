/**
 * Choices of a mutation, drawn from integers that fast-check generated: a case is a
 * function of those integers alone, so a seed and an index reproduce it exactly.
 */
export class Picker {
  private next = 0;

  constructor(private readonly draws: readonly number[]) {}

  /** An integer in [0, n). */
  int(n: number): number {
    const draw = this.draws[this.next % this.draws.length]!;
    this.next += 1;
    return n <= 1 ? 0 : draw % n;
  }

  /** An integer in [low, high]. */
  between(low: number, high: number): number {
    return low + this.int(high - low + 1);
  }

  pick<T>(items: readonly T[]): T | undefined {
    return items.length === 0 ? undefined : items[this.int(items.length)];
  }

  chance(percent: number): boolean {
    return this.int(100) < percent;
  }
}
