import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { buildReport } from '../../src/report/report.js';
import { summary } from '../../src/samplers/run/summary.js';
import { smallFit } from '../io/fixtures.js';

/** A renderer that records the specs and returns a placeholder SVG naming the plot's layout. */
function recordingRenderer() {
  const specs: TopLevelSpec[] = [];
  const render = async (spec: TopLevelSpec) => {
    specs.push(spec);
    return `<svg data-plot="${specs.length}"></svg>`;
  };
  return { specs, render };
}

describe('buildReport', () => {
  const fit = smallFit({ chains: 2 });
  const input = { title: 'normal <2d> & co', settings: [['method', 'nuts']] as [string, string][], fit, summary: summary(fit), notes: ['a note'] };

  it('is one self-contained page with every section, the summary table and escaped text', async () => {
    const { specs, render } = recordingRenderer();
    const html = await buildReport(input, render);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<title>normal &lt;2d&gt; &amp; co</title>');
    for (const id of ['run', 'warnings', 'summary', 'trace', 'rank', 'density', 'pairs']) expect(html).toContain(`<section id="${id}">`);
    expect(html).toContain('<th scope="row">x[1]</th>');
    expect(html).toContain('a note');
    expect(specs).toHaveLength(4);
    expect(html).toContain('<svg data-plot="4"></svg>');
    // Nothing is fetched: no external scripts, stylesheets or images.
    expect(html).not.toMatch(/<script|<link|src="http|href="http/);
  });

  it('leaves out trace and rank plots for draws from an approximation', async () => {
    const { specs, render } = recordingRenderer();
    const html = await buildReport({ ...input, approximate: true }, render);
    expect(html).not.toContain('<section id="trace">');
    expect(html).not.toContain('<section id="rank">');
    expect(specs).toHaveLength(2);
  });

  it('shows a failing plot as a message in its place', async () => {
    const html = await buildReport(input, async () => {
      throw new Error('no renderer');
    });
    expect(html).toContain('This plot could not be drawn: no renderer');
  });

  it('shows only the chosen quantities in the table and the plots, and says so', async () => {
    const { specs, render } = recordingRenderer();
    const shown = { names: ['lp__', 'x[2]'], total: 3, note: 'Showing 2 of 3 quantities.' };
    const html = await buildReport({ ...input, shown }, render);
    expect(html.match(/<th scope="row">[^<]+<\/th>/g)?.filter((cell) => /x\[|lp__/.test(cell))).toEqual(['<th scope="row">lp__</th>', '<th scope="row">x[2]</th>']);
    expect(html).toContain('<p class="note">Showing 2 of 3 quantities.</p>');
    const traced = new Set((specs[0]!.data as { values: { quantity: string }[] }).values.map((row) => row.quantity));
    expect([...traced]).toEqual(['x[2]']);
  });

  it('marks R-hat above 1.01 in the summary table', async () => {
    const rows = input.summary.rows.map((row, index) => (index === 1 ? { ...row, rhat: 1.2 } : row));
    const html = await buildReport({ ...input, summary: { ...input.summary, rows } }, recordingRenderer().render);
    expect(html).toContain('<td class="bad">1.200</td>');
  });
});
