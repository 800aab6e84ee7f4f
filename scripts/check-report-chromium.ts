// Opens a report.html in headless Chromium, checks that it is self-contained (no request
// leaves the file) and that every plot is there as a drawn SVG, and saves a screenshot.
//
// usage: npx tsx scripts/check-report-chromium.ts [report.html] [screenshot.png]
//   defaults: out/eight-schools/report.html (written by `npm start`), out/report-screenshot.png
// The browser is Debian's chromium (CHROMIUM_PATH overrides), driven by playwright-core.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const reportPath = resolve(process.argv[2] ?? 'out/eight-schools/report.html');
const screenshotPath = resolve(process.argv[3] ?? 'out/report-screenshot.png');
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The sections whose figures must hold a plot (see src/report/report.ts). */
const PLOT_SECTIONS = ['trace', 'rank', 'density', 'pairs', 'energy', 'autocorrelation', 'forest'];
/** Sections present only for some models (replicated data, a log_lik), checked when there. */
const OPTIONAL_SECTIONS = ['predictive', 'loo'];
/** Set (non-empty): also save each plot section as <screenshot>-<section>.png, to check by eye. */
const sectionShots = (process.env.LEAPFROG_SECTION_SHOTS ?? '') !== '';

function fail(message: string): never {
  process.stderr.write(`check-report-chromium: ${message}\n`);
  process.exit(1);
}

if (!existsSync(reportPath)) fail(`${reportPath} does not exist; run 'npm start' first, or give the report's path`);
if (!existsSync(executablePath)) fail(`no Chromium at ${executablePath} (apt-get install chromium, or set CHROMIUM_PATH)`);

const userDataDir = mkdtempSync(join(tmpdir(), 'leapfrog-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1200, height: 900 },
});
const problems: string[] = [];
try {
  const page = context.pages()[0] ?? (await context.newPage());
  const reportUrl = pathToFileURL(reportPath).href;
  // A self-contained report asks for nothing but itself.
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url !== reportUrl && !url.startsWith('data:')) problems.push(`the page requested ${url}`);
    return url === reportUrl || url.startsWith('data:') ? route.continue() : route.abort();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.goto(reportUrl, { waitUntil: 'load' });

  const optional = [];
  for (const id of OPTIONAL_SECTIONS) if ((await page.locator(`section#${id}`).count()) > 0) optional.push(id);
  for (const id of [...PLOT_SECTIONS, ...optional]) {
    if (sectionShots) await page.locator(`section#${id}`).screenshot({ path: screenshotPath.replace(/\.png$/, `-${id}.png`) });
    const svgs = page.locator(`section#${id} figure svg`);
    const count = await svgs.count();
    if (count === 0) {
      problems.push(`section '${id}' has no SVG plot`);
      continue;
    }
    const box = await svgs.first().boundingBox();
    const marks = await svgs.first().locator('path, rect, line, circle').count();
    if (box === null || box.width < 100 || box.height < 50) problems.push(`the plot of section '${id}' is not drawn at a visible size (${JSON.stringify(box)})`);
    if (marks < 10) problems.push(`the plot of section '${id}' has only ${marks} marks`);
    process.stdout.write(`${id}: ${count} svg, ${Math.round(box?.width ?? 0)} x ${Math.round(box?.height ?? 0)} px, ${marks} marks\n`);
  }
  const tableRows = await page.locator('table.summary tbody tr').count();
  if (tableRows === 0) problems.push('the summary table has no rows');
  process.stdout.write(`summary table: ${tableRows} rows\n`);

  mkdirSync(dirname(screenshotPath), { recursive: true });
  await page.screenshot({ path: screenshotPath, fullPage: true });
  process.stdout.write(`screenshot: ${screenshotPath}\n`);
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
if (problems.length > 0) fail(`${problems.length} problem${problems.length === 1 ? '' : 's'}:\n  ${problems.join('\n  ')}`);
process.stdout.write('report.html: self-contained, every plot drawn\n');
