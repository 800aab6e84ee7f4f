import { formatIssue, type SpecCheck, type SpecIssue } from '../../src/browser.js';
import { escapeHtml } from '../../src/report/html.js';
import { hasPath, parseJson, rangeOfPath } from './json-places.js';
import type { JsonEditor, Problem } from './json-editor.js';
import type { ModelRequest, ModelResponse, ModelText } from './model-protocol.js';

/**
 * Checking as the user types: each JSON editor's text is parsed at once (syntax errors with
 * line and column), then the model (the JSON spec, or the Stan program) and the data go to the
 * model worker for leapfrog's checkSpec or checkStan, whose problems come back with their JSON
 * paths or their lines and columns; each is marked in the editor it belongs to and listed
 * under the editors (a click on one selects its place). Only the latest check counts.
 */

export interface Editors {
  readonly spec: JsonEditor;
  readonly stan: JsonEditor;
  readonly data: JsonEditor;
}

/** Which model editor is in use, and the model's name (a Stan program's lowered spec takes it). */
export interface ModelChoice {
  readonly language: () => 'json' | 'stan';
  readonly name: () => string;
}

export type CheckState =
  | { readonly status: 'checking' }
  | { readonly status: 'invalid'; readonly count: number }
  | { readonly status: 'valid'; readonly spec: unknown; readonly data: unknown; readonly check: Extract<SpecCheck, { ok: true }> };

type EditorName = keyof Editors;

interface Placed {
  readonly editor: EditorName;
  readonly problem: Problem;
  readonly text: string;
}

/** Keys of a declaration in the spec's data block: a path through one of them is about the spec, not the data. */
const DECLARATION_KEYS = new Set(['type', 'lower', 'upper', 'size', 'rows', 'cols', 'description', 'value']);

/**
 * Whether an issue at data.<name>... is about the data document rather than the spec's data
 * block (leapfrog writes both under 'data'): a data value's path leads into the data, or the
 * value is missing from it.
 */
function aboutData(issue: SpecIssue, dataText: string): boolean {
  const [block, name, next] = issue.path;
  if (block !== 'data' || name === undefined) return false;
  if (typeof next === 'string' && DECLARATION_KEYS.has(next)) return false;
  return hasPath(dataText, issue.path.slice(1)) || /missing from the data/.test(issue.message);
}

/** A Stan issue's place: its line and column (checkStan's issues, and a syntax error's). */
function stanPlace(issue: SpecIssue): { line: number; column: number; detail: string } | undefined {
  const { line, column, detail } = issue as { line?: unknown; column?: unknown; detail?: unknown };
  return typeof line === 'number' && typeof column === 'number' ? { line, column, detail: typeof detail === 'string' ? detail : issue.message } : undefined;
}

/**
 * The range underlined for a Stan problem at `from`: the word there, or one character; at the
 * end of a line (a missing ';'), the character before it, since an underline cannot sit on the
 * line break.
 */
function stanRange(text: string, from: number): { from: number; to: number } {
  if ((from >= text.length || text[from] === '\n') && from > 0 && text[from - 1] !== '\n') return { from: from - 1, to: from };
  const match = /^[A-Za-z0-9_.]+/.exec(text.slice(from, from + 200));
  return { from, to: from + Math.max(1, match?.[0].length ?? 1) };
}

function place(issue: SpecIssue, editors: Editors, severity: 'error' | 'warning' = 'error'): Placed {
  const dataText = editors.data.text();
  if (aboutData(issue, dataText)) {
    const range = rangeOfPath(dataText, issue.path.slice(1));
    return { editor: 'data', problem: { ...range, message: formatIssue(issue), severity }, text: formatIssue(issue) };
  }
  const stan = stanPlace(issue);
  if (stan !== undefined) {
    const text = `line ${stan.line}, column ${stan.column}: ${stan.detail}`;
    const range = stanRange(editors.stan.text(), editors.stan.offsetAt(stan.line, stan.column));
    return { editor: 'stan', problem: { ...range, message: text, severity }, text };
  }
  const range = rangeOfPath(editors.spec.text(), issue.path);
  return { editor: 'spec', problem: { ...range, message: formatIssue(issue), severity }, text: formatIssue(issue) };
}

const WHERE: Readonly<Record<EditorName, string>> = { spec: 'spec', stan: 'Stan', data: 'data' };

function listHtml(placed: readonly Placed[]): string {
  const items = placed.map(
    (item, index) => `<li><button type="button" class="problem" data-index="${index}"><span class="where">${WHERE[item.editor]}</span> ${escapeHtml(item.text)}</button></li>`,
  );
  return `<p class="problems-title">${placed.length} problem${placed.length === 1 ? '' : 's'}</p><ul class="problems">${items.join('')}</ul>`;
}

/** A valid model's warnings (a real read before it is assigned, which reads NaN as in Stan), listed under its quantities. */
function warningsHtml(placed: readonly Placed[], offset: number): string {
  if (placed.length === 0) return '';
  const items = placed.map((item, index) => `<li><button type="button" class="problem warning" data-index="${offset + index}"><span class="where">warning</span> ${escapeHtml(item.text)}</button></li>`);
  return `<ul class="warnings">${items.join('')}</ul>`;
}

function quantitiesHtml(check: Extract<SpecCheck, { ok: true }>): string {
  const dim = check.quantities.reduce((sum, quantity) => sum + (quantity.unconstrainedSize ?? 0), 0);
  const rows = check.quantities.map((quantity) => `<tr><td>${escapeHtml(quantity.name)}</td><td>${escapeHtml(quantity.type)}</td><td>${quantity.block.replace('_', ' ')}</td></tr>`);
  return `<p class="ok">The model checks: ${dim} unconstrained coordinate${dim === 1 ? '' : 's'}, log density finite at the initial points.</p><table class="quantities"><thead><tr><th>quantity</th><th>type</th><th>block</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export interface Checker {
  /** Checks again after a pause in typing. */
  schedule(): void;
  /** Checks now. */
  now(): void;
  state(): CheckState;
  /** Shows problems found elsewhere (a run that failed with a SpecError). */
  showIssues(issues: readonly SpecIssue[]): void;
}

export function createChecker(editors: Editors, choice: ModelChoice, worker: Worker, container: HTMLElement, onState: (state: CheckState) => void): Checker {
  let latest = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let current: CheckState = { status: 'checking' };
  let shown: readonly Placed[] = [];

  const setState = (state: CheckState): void => {
    current = state;
    onState(state);
  };

  const mark = (placed: readonly Placed[]): void => {
    shown = placed;
    for (const name of ['spec', 'stan', 'data'] as const) editors[name].showProblems(placed.filter((item) => item.editor === name).map((item) => item.problem));
  };

  const show = (placed: readonly Placed[]): void => {
    mark(placed);
    container.innerHTML = listHtml(placed);
    setState({ status: 'invalid', count: placed.length });
  };

  container.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button.problem');
    const item = button === null ? undefined : shown[Number(button.dataset.index)];
    if (item !== undefined) editors[item.editor].reveal(item.problem.from, item.problem.to);
  });

  worker.addEventListener('message', (event: MessageEvent<ModelResponse>) => {
    const response = event.data;
    if (response.type !== 'checked' || response.id !== latest) return;
    const result = response.result;
    if (!result.ok) {
      show(result.issues.map((issue) => place(issue, editors)));
      return;
    }
    const warnings = result.warnings.map((warning) => place(warning, editors, 'warning'));
    mark(warnings);
    container.innerHTML = quantitiesHtml(result) + warningsHtml(warnings, 0);
    // A Stan program runs as the JSON spec it lowers to (the worker sends it with the check).
    const spec = response.spec ?? parseJson(editors.spec.text()).value;
    const dataText = editors.data.text().trim();
    setState({ status: 'valid', spec, data: dataText === '' ? {} : parseJson(dataText).value, check: result });
  });

  const now = (): void => {
    clearTimeout(timer);
    latest += 1;
    const stan = choice.language() === 'stan';
    const spec = stan ? { value: undefined, problems: [] } : parseJson(editors.spec.text());
    const dataText = editors.data.text();
    const data = dataText.trim() === '' ? { value: {}, problems: [] } : parseJson(dataText);
    const syntax: Placed[] = [
      ...spec.problems.map((problem): Placed => ({ editor: 'spec', problem, text: problem.message })),
      ...data.problems.map((problem): Placed => ({ editor: 'data', problem, text: problem.message })),
    ];
    if (syntax.length > 0) {
      show(syntax);
      return;
    }
    container.innerHTML = '<p class="note">Checking…</p>';
    setState({ status: 'checking' });
    const model: ModelText = stan ? { language: 'stan', source: editors.stan.text(), name: choice.name() } : { language: 'json', spec: spec.value };
    const request: ModelRequest = { type: 'check', id: latest, model, data: data.value };
    worker.postMessage(request);
  };

  return {
    schedule: () => {
      clearTimeout(timer);
      timer = setTimeout(now, 250);
    },
    now,
    state: () => current,
    showIssues: (issues) => show(issues.map((issue) => place(issue, editors))),
  };
}
