import { broadcastShapes, broadcastToKernel, sumToShapeKernel } from '../broadcast.js';
import { apply, defineOp } from '../op.js';
import { formatShape, shapesEqual, type Shape } from '../tensor.js';
import { shapeOf, type Value } from '../trace.js';

interface ShapeOptions {
  readonly shape: Shape;
}

const broadcastToOp = defineOp<ShapeOptions>({
  name: 'broadcastTo',
  argNames: ['x'],
  forward: ([x], { shape }) => broadcastToKernel('broadcastTo', x!, shape),
  vjp: [(g, { args }) => sumToShape(g, shapeOf(args[0]!))],
  jvp: [(t, { options }) => broadcastTo(t, options.shape)],
});

const sumToShapeOp = defineOp<ShapeOptions>({
  name: 'sumToShape',
  argNames: ['x'],
  forward: ([x], { shape }) => sumToShapeKernel(x!, shape),
  vjp: [(g, { args }) => broadcastTo(g, shapeOf(args[0]!))],
  jvp: [(t, { options }) => sumToShape(t, options.shape)],
});

/** `x` repeated to `shape` by NumPy broadcasting. */
export function broadcastTo(x: Value, shape: Shape): Value {
  if (shapesEqual(shapeOf(x), shape)) return x;
  return apply(broadcastToOp, [x], { shape });
}

/** `x` summed down to `shape`: the adjoint of broadcasting, used by every broadcasting op's vjp. */
export function sumToShape(x: Value, shape: Shape): Value {
  const from = shapeOf(x);
  if (shapesEqual(from, shape)) return x;
  // Only a shape that broadcasts up to x's can be summed down to: any other would read
  // or write out of range in the kernel.
  if (!shapesEqual(broadcastShapes('sumToShape', shape, from), from)) {
    throw new Error(`sumToShape: a value of shape ${formatShape(from)} cannot be summed to ${formatShape(shape)}, which does not broadcast to it`);
  }
  return apply(sumToShapeOp, [x], { shape });
}
