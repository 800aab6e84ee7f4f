import type { ScalarExpr } from '../scalar/expr.js';

// A loop that adds into running sums is bound by the latency of its additions: each
// iteration's `s += x` waits for the previous one (four cycles or so), however little else
// the body does. Two iterations per pass, each adding into a sum of its own, let the two
// chains of additions overlap; the two sums are added after the loop. On gaussian_100d's
// gradient (a multiply, a multiply-add and a store per element) the body is that short.
// The sums are then taken in another order than the interpreter's (even and odd elements
// apart), which changes them by rounding only, as fusing the loops already does.

/**
 * Largest loop unrolled, in operations of its forward values: longer bodies have independent
 * work enough to hide the latency, and doubling them costs parse and compile time. Counted on
 * the forward values, which a gradient function and its value-only twin share, so that both
 * unroll the same loops and split the same sums (the two still agree to rounding only, not
 * always bit for bit: see emitGradient).
 */
const MAX_FORWARD_OPERATIONS = 24;
/** Smallest trip count unrolled. */
const MIN_SIZE = 4;

/** Whether a loop computing `roots` over `size` elements may be unrolled (see MAX_FORWARD_OPERATIONS). */
export function unrollable(size: number, roots: readonly ScalarExpr[]): boolean {
  if (size < MIN_SIZE) return false;
  const seen = new Set<number>();
  const stack = [...roots];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind !== 'apply' || seen.has(node.id)) continue;
    seen.add(node.id);
    if (seen.size > MAX_FORWARD_OPERATIONS) return false;
    stack.push(...node.args);
  }
  return true;
}

/** The names of running sums declared by `let NAME = 0;` lines. */
export function sumsDeclared(lines: readonly string[]): string[] {
  const names: string[] = [];
  for (const line of lines) {
    const match = /^let ([a-z][0-9]+) = 0;$/.exec(line);
    if (match !== null) names.push(match[1]!);
  }
  return names;
}

/**
 * The statements of a loop over j = 0..size−1 running `body` (statements that read `j` and
 * add into the running sums `sums` only by lines `NAME += ...;`): a plain loop, or two
 * iterations per pass in blocks of their own, the second adding into sums of its own that
 * are added to the first after the loop.
 */
export function loopStatements(size: number, body: readonly string[], sums: readonly string[], unroll: boolean): string[] {
  // Sums the body only adds into (one read elsewhere in it, a running total, keeps its order).
  const added = sums.filter((name) => {
    const word = new RegExp(`\\b${name}\\b`);
    let adds = 0;
    for (const line of body) {
      if (line.startsWith(`${name} += `)) {
        adds++;
        if (word.test(line.slice(name.length))) return false;
      } else if (word.test(line)) return false;
    }
    return adds > 0;
  });
  if (!unroll || added.length === 0 || size < MIN_SIZE) {
    return [`for (let j = 0; j < ${size}; j++) {`, ...body, '}'];
  }
  // Second sums: NAMEu (generated names are a letter and digits, so none ends in a letter).
  const second = body.map((line) => {
    for (const name of added) if (line.startsWith(`${name} += `)) return `${name}u${line.slice(name.length)}`;
    return line;
  });
  const pairs = size >> 1;
  const lines = [
    ...added.map((name) => `let ${name}u = 0;`),
    `for (let pair = 0; pair < ${2 * pairs}; pair += 2) {`,
    '{',
    'const j = pair;',
    ...body,
    '}',
    '{',
    'const j = pair + 1;',
    ...second,
    '}',
    '}',
  ];
  if (size % 2 === 1) lines.push('{', `const j = ${size - 1};`, ...body, '}');
  lines.push(...added.map((name) => `${name} += ${name}u;`));
  return lines;
}
