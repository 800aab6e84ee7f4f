import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { type Diagnostic, lintGutter, setDiagnostics } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';

/**
 * A code editor (CodeMirror 6) for JSON (highlighted) or a Stan program (plain text) that
 * shows problems inline: an underline at the place, a marker in the gutter, the message on
 * hover. The page decides the problems (syntax errors from json-places.ts, leapfrog's check
 * with its JSON paths or lines and columns) and hands them over.
 */

export interface Problem {
  readonly from: number;
  readonly to: number;
  readonly message: string;
  /** Default 'error'; a warning (a Stan program's read of an unassigned real) does not stop a run. */
  readonly severity?: 'error' | 'warning';
}

export interface JsonEditor {
  readonly view: EditorView;
  text(): string;
  setText(text: string): void;
  showProblems(problems: readonly Problem[]): void;
  /** Selects a range and scrolls it into view. */
  reveal(from: number, to: number): void;
  /** The offset of a 1-based line and column (clamped to the text). */
  offsetAt(line: number, column: number): number;
}

export function createJsonEditor(parent: HTMLElement, label: string, onChange: () => void, language: 'json' | 'stan' = 'json'): JsonEditor {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: '',
      extensions: [
        lineNumbers(),
        history(),
        drawSelection(),
        highlightActiveLine(),
        indentOnInput(),
        bracketMatching(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        ...(language === 'json' ? [json()] : []),
        lintGutter(),
        EditorView.lineWrapping,
        keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
        EditorView.contentAttributes.of({ 'aria-label': label }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange();
        }),
      ],
    }),
  });
  return {
    view,
    text: () => view.state.doc.toString(),
    setText: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    showProblems: (problems) => {
      const length = view.state.doc.length;
      const diagnostics: Diagnostic[] = problems.map((problem) => {
        const from = Math.min(problem.from, length);
        return { from, to: Math.min(Math.max(problem.to, from), length), severity: problem.severity ?? 'error', message: problem.message };
      });
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
    reveal: (from, to) => {
      const length = view.state.doc.length;
      view.dispatch({ selection: { anchor: Math.min(from, length), head: Math.min(to, length) }, scrollIntoView: true });
      view.focus();
    },
    offsetAt: (line, column) => {
      const doc = view.state.doc;
      const at = doc.line(Math.min(Math.max(1, line), doc.lines));
      return Math.min(at.from + Math.max(0, column - 1), at.to);
    },
  };
}
