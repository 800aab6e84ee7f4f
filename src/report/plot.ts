import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * A vega-lite specification rendered to an SVG string, headless: vega-lite compiles it to
 * a vega spec, and a vega View without a renderer (`renderer: 'none'`, no DOM, no canvas)
 * draws the scene graph to SVG markup. Data must be inline (`data: { values }`).
 */
export async function renderVegaLiteToSvg(spec: TopLevelSpec): Promise<string> {
  const { spec: vegaSpec } = compile(spec);
  const view = new View(parse(vegaSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize(); // releases the view's timers and listeners
  }
}
