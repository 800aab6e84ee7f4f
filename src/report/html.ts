import { formatSignificant, type QuantitySummary } from '../samplers/diagnostics/summary-table.js';

/** HTML building blocks of the report: escaping, the summary table, the page shell. */

export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

const headers = ['quantity', 'mean', 'MCSE', 'sd', '5%', '50%', '95%', 'ESS bulk', 'ESS tail', 'R-hat'];

function essCell(value: number, minimum: number): string {
  const text = Number.isFinite(value) ? Math.round(value).toString() : formatSignificant(value, 1);
  return value < minimum ? `<td class="bad">${text}</td>` : `<td>${text}</td>`;
}

/**
 * The summary as an HTML table; cells that fail Vehtari et al.'s (2021) thresholds
 * (R-hat > 1.01, ESS below `essMinimum`) are marked.
 */
export function summaryTableHtml(rows: readonly QuantitySummary[], essMinimum: number): string {
  const body = rows.map((row) => {
    const numbers = [row.mean, row.mcseMean, row.sd, row.q5, row.q50, row.q95].map((value) => `<td>${formatSignificant(value, 3)}</td>`);
    const rhat = Number.isFinite(row.rhat) ? row.rhat.toFixed(3) : formatSignificant(row.rhat, 1);
    const rhatCell = row.rhat > 1.01 ? `<td class="bad">${rhat}</td>` : `<td>${rhat}</td>`;
    return `<tr><th scope="row">${escapeHtml(row.name)}</th>${numbers.join('')}${essCell(row.essBulk, essMinimum)}${essCell(row.essTail, essMinimum)}${rhatCell}</tr>`;
  });
  const head = headers.map((header, index) => `<th scope="col"${index === 0 ? ' class="name"' : ''}>${header}</th>`).join('');
  return `<table class="summary"><thead><tr>${head}</tr></thead><tbody>${body.join('\n')}</tbody></table>`;
}

/** A two-column table of settings. */
export function settingsHtml(settings: readonly (readonly [string, string])[]): string {
  const rows = settings.map(([key, value]) => `<tr><th scope="row">${escapeHtml(key)}</th><td>${escapeHtml(value)}</td></tr>`);
  return `<table class="settings"><tbody>${rows.join('')}</tbody></table>`;
}

const STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #222; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { font-size: 1.2rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
table.summary td, table.summary th { padding: 0.2rem 0.6rem; text-align: right; border-bottom: 1px solid #eee; }
table.summary th[scope=row], table.summary th.name { text-align: left; font-weight: 600; }
table.settings th { text-align: left; padding-right: 1rem; font-weight: 600; } table.settings td { padding: 0.1rem 0; }
td.bad { color: #b00; font-weight: 700; }
.warning { background: #fff4e5; border-left: 4px solid #e67e22; padding: 0.5rem 0.8rem; margin: 0.5rem 0; }
.ok { background: #eefaf0; border-left: 4px solid #2e9d4b; padding: 0.5rem 0.8rem; }
.note { color: #555; font-size: 0.9rem; }
figure { margin: 1rem 0; overflow-x: auto; } figcaption { color: #555; font-size: 0.9rem; max-width: 60rem; margin-bottom: 0.5rem; }
.plot-error { color: #b00; }
`;

export interface PageSection {
  readonly id: string;
  readonly title: string;
  readonly html: string;
}

export function pageHtml(title: string, sections: readonly PageSection[]): string {
  const navigation = sections.map((section) => `<a href="#${section.id}">${escapeHtml(section.title)}</a>`).join(' · ');
  const body = sections.map((section) => `<section id="${section.id}"><h2>${escapeHtml(section.title)}</h2>\n${section.html}\n</section>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<nav class="note">${navigation}</nav>
${body}
</body>
</html>
`;
}
