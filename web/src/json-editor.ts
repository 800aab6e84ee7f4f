import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { type Diagnostic, lintGutter, setDiagnostics } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';

/**
 * A JSON editor (CodeMirror 6) that shows problems inline: a red underline at the place, a
 * marker in the gutter, the message on hover. The page decides the problems (syntax errors
 * from json-places.ts, leapfrog's check with its JSON paths) and hands them over.
 */

export interface Problem {
  readonly from: number;
  readonly to: number;
  readonly message: string;
}

export interface JsonEditor {
  readonly view: EditorView;
  text(): string;
  setText(text: string): void;
  showProblems(problems: readonly Problem[]): void;
  /** Selects a range and scrolls it into view. */
  reveal(from: number, to: number): void;
}

export function createJsonEditor(parent: HTMLElement, label: string, onChange: () => void): JsonEditor {
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
        json(),
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
        return { from, to: Math.min(Math.max(problem.to, from), length), severity: 'error', message: problem.message };
      });
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
    reveal: (from, to) => {
      const length = view.state.doc.length;
      view.dispatch({ selection: { anchor: Math.min(from, length), head: Math.min(to, length) }, scrollIntoView: true });
      view.focus();
    },
  };
}
