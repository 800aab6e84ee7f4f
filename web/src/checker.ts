import { formatIssue, type SpecCheck, type SpecIssue } from '../../src/browser.js';
import { escapeHtml } from '../../src/report/html.js';
import { hasPath, parseJson, rangeOfPath } from './json-places.js';
import type { JsonEditor, Problem } from './json-editor.js';
import type { ModelResponse } from './model-protocol.js';

/**
 * Checking as the user types: each editor's text is parsed at once (syntax errors with line
 * and column), then spec and data go to the model worker for leapfrog's checkSpec, whose
 * problems come back with their JSON paths; each is marked in the editor it belongs to and
 * listed under the editors (a click on one selects its place). Only the latest check counts.
 */

export interface Editors {
  readonly spec: JsonEditor;
  readonly data: JsonEditor;
}

export type CheckState =
  | { readonly status: 'checking' }
  | { readonly status: 'invalid'; readonly count: number }
  | { readonly status: 'valid'; readonly spec: unknown; readonly data: unknown; readonly check: Extract<SpecCheck, { ok: true }> };

interface Placed {
  readonly editor: 'spec' | 'data';
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

function place(issue: SpecIssue, editors: Editors): Placed {
  const dataText = editors.data.text();
  if (aboutData(issue, dataText)) {
    const range = rangeOfPath(dataText, issue.path.slice(1));
    return { editor: 'data', problem: { ...range, message: formatIssue(issue) }, text: formatIssue(issue) };
  }
  const range = rangeOfPath(editors.spec.text(), issue.path);
  return { editor: 'spec', problem: { ...range, message: formatIssue(issue) }, text: formatIssue(issue) };
}

function listHtml(placed: readonly Placed[]): string {
  const items = placed.map(
    (item, index) =>
      `<li><button type="button" class="problem" data-index="${index}"><span class="where">${item.editor === 'spec' ? 'spec' : 'data'}</span> ${escapeHtml(item.text)}</button></li>`,
  );
  return `<p class="problems-title">${placed.length} problem${placed.length === 1 ? '' : 's'}</p><ul class="problems">${items.join('')}</ul>`;
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

export function createChecker(editors: Editors, worker: Worker, container: HTMLElement, onState: (state: CheckState) => void): Checker {
  let latest = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let current: CheckState = { status: 'checking' };
  let shown: readonly Placed[] = [];

  const setState = (state: CheckState): void => {
    current = state;
    onState(state);
  };

  const show = (placed: readonly Placed[]): void => {
    shown = placed;
    editors.spec.showProblems(placed.filter((item) => item.editor === 'spec').map((item) => item.problem));
    editors.data.showProblems(placed.filter((item) => item.editor === 'data').map((item) => item.problem));
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
    shown = [];
    editors.spec.showProblems([]);
    editors.data.showProblems([]);
    container.innerHTML = quantitiesHtml(result);
    const spec = parseJson(editors.spec.text()).value;
    const dataText = editors.data.text().trim();
    setState({ status: 'valid', spec, data: dataText === '' ? {} : parseJson(dataText).value, check: result });
  });

  const now = (): void => {
    clearTimeout(timer);
    latest += 1;
    const spec = parseJson(editors.spec.text());
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
    worker.postMessage({ type: 'check', id: latest, spec: spec.value, data: data.value });
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
