import { apply, defineOp } from '../op.js';
import { formatShape, type Tensor } from '../tensor.js';
import { shapeOf, type Value } from '../trace.js';

// A symmetry check as an op: its forward kernel checks and passes the matrix through, so
// the check runs again whenever a recorded gradient is replayed at new values (a check in
// the calling code would run only when the tape is recorded).

interface SymmetricOptions {
  /** The function named in the error (Stan's: "inverse_spd: ..."). */
  readonly name: string;
}

/** Relative tolerance of the check, as Stan's check_symmetric (1e-8). */
const TOLERANCE = 1e-8;

function checkSymmetric(A: Tensor, name: string): Tensor {
  const n = A.shape[0]!;
  const a = A.data;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const [x, y] = [a[i * n + j]!, a[j * n + i]!];
      if (!(Math.abs(x - y) <= TOLERANCE * Math.max(1, Math.abs(x), Math.abs(y)))) {
        throw new Error(`${name}: the matrix is not symmetric (element [${i + 1}, ${j + 1}] is ${x}, but [${j + 1}, ${i + 1}] is ${y})`);
      }
    }
  }
  return A;
}

const symmetricOp = defineOp<SymmetricOptions>({
  name: 'checkSymmetric',
  argNames: ['matrix'],
  forward: ([A], { name }) => checkSymmetric(A as Tensor, name),
  vjp: [(g) => g],
  jvp: [(t) => t],
});

/** A itself, after checking that it is a symmetric square matrix (at every evaluation, replays included). */
export function checkedSymmetric(A: Value, name: string): Value {
  const s = shapeOf(A);
  if (s.length !== 2 || s[0] !== s[1]) throw new Error(`${name}: expects a square matrix, got shape ${formatShape(s)}`);
  return apply(symmetricOp, [A], { name });
}
