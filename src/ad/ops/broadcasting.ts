import { broadcastToKernel, sumToShapeKernel } from '../broadcast';
import { apply, defineOp } from '../op';
import { shapesEqual, type Shape } from '../tensor';
import { shapeOf, type Value } from '../trace';

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
  if (shapesEqual(shapeOf(x), shape)) return x;
  return apply(sumToShapeOp, [x], { shape });
}
