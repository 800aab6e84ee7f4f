import type { TopLevelSpec } from 'vega-lite';

/**
 * Plots drawn in the page with vega (SVG, with tooltips and hover), from the vega-lite
 * specifications of leapfrog's report (src/report/plot-specs.ts). vega and vega-lite are
 * large, so they load when the first plot is drawn, once the chains are done: loaded as a run
 * started, their evaluation on the page's thread was a task of 300 ms on a loaded machine
 * while the chains ran (the Chromium check measures tasks over 50 ms while they run).
 */

type Libraries = [typeof import('vega-lite'), typeof import('vega')];

let loading: Promise<Libraries> | undefined;

function loadVega(): Promise<Libraries> {
  loading ??= Promise.all([import('vega-lite'), import('vega')]);
  return loading;
}

/** Draws `spec` into `container` as SVG; rejects with vega's message if it cannot. */
export async function renderPlot(spec: TopLevelSpec, container: HTMLElement): Promise<void> {
  const [{ compile }, { parse, View }] = await loadVega();
  const view = new View(parse(compile(spec).spec), { renderer: 'svg', container, hover: true });
  await view.runAsync();
}
