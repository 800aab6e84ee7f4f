import type { TopLevelSpec } from 'vega-lite';

/**
 * Plots drawn in the page with vega (SVG, with tooltips and hover), from the vega-lite
 * specifications of leapfrog's report (src/report/plot-specs.ts). vega and vega-lite are
 * large, so they load only when asked: the page asks as soon as a run starts, and they
 * arrive while the chains run.
 */

type Libraries = [typeof import('vega-lite'), typeof import('vega')];

let loading: Promise<Libraries> | undefined;

/** Starts loading vega and vega-lite (once). */
export function preloadVega(): Promise<Libraries> {
  loading ??= Promise.all([import('vega-lite'), import('vega')]);
  return loading;
}

/** Draws `spec` into `container` as SVG; rejects with vega's message if it cannot. */
export async function renderPlot(spec: TopLevelSpec, container: HTMLElement): Promise<void> {
  const [{ compile }, { parse, View }] = await preloadVega();
  const view = new View(parse(compile(spec).spec), { renderer: 'svg', container, hover: true });
  await view.runAsync();
}
